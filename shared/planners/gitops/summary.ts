import type { DesiredCluster } from '../../model/desired';
import type { ClusterDescription } from '../../status/types';
import { GITOPS_FINGERPRINT_LABEL, GITOPS_REPO_LABEL } from './labels';

/**
 * The part of a cluster's desired state that the cluster workflow's `describe` query shows, in
 * one shape for both sides of a diff: the repository's compiled cluster and the live one.
 */
export interface ClusterSpecSummary {
  provider: string;
  paused: boolean;
  /** the control plane's (and, with a topology, the cluster's) Kubernetes version */
  version: string;
  /** the Cluster's labels, without the fingerprint label (shown separately) */
  labels: Record<string, string>;
  controlPlane: { name: string; replicas: number } | undefined;
  machineDeployments: Array<{ name: string; replicas: number; version: string }>;
}

/** What a fresh `describe` read says about one live cluster. */
export interface LiveCluster {
  namespace: string;
  name: string;
  generation: number;
  deleting: boolean;
  /** the `capstan.io/gitops-repo` label: the repository that manages it, if any */
  managedBy?: string;
  /** the `capstan.io/gitops-fingerprint` label: what that repository declared at the last sync */
  fingerprint?: string;
  summary: ClusterSpecSummary;
  /** the revision of the change the cluster holds staged, if any */
  stagedRevision?: string;
  /**
   * The replica counts and MachineDeployment versions come from the children's reports: they are
   * current only once every child observed the latest generation and no upgrade is held (right
   * after an apply they still show the previous spec). Labels, version and paused are read from
   * the desired state itself and are always current.
   */
  reportsCurrent: boolean;
  /**
   * The documents the live cluster was last applied with (its workflow's `desired` query), for an
   * exact field diff; absent from clusters whose workflow predates the query.
   */
  resources?: DesiredCluster['resources'];
  /** the whole desired state it was last applied with (same query), for the rollout impact */
  applied?: DesiredCluster;
}

const dropFingerprint = (labels: Record<string, string>): Record<string, string> => {
  const { [GITOPS_FINGERPRINT_LABEL]: _fp, ...rest } = labels;
  return rest;
};

export function summarizeDesired(d: DesiredCluster): ClusterSpecSummary {
  return {
    provider: d.provider,
    paused: d.paused,
    version: d.controlPlane.version,
    labels: dropFingerprint(d.labels),
    controlPlane: { name: d.controlPlane.name, replicas: d.controlPlane.replicas },
    machineDeployments: d.machineDeployments.map((md) => ({ name: md.name, replicas: md.replicas, version: md.template.version })),
  };
}

export function liveFromDescription(d: ClusterDescription): LiveCluster {
  const upgradeHeld = d.conditions.some((c) => c.type === 'UpgradePending' && c.status === 'True');
  const managedBy = d.labels[GITOPS_REPO_LABEL];
  const fingerprint = d.labels[GITOPS_FINGERPRINT_LABEL];
  return {
    namespace: d.namespace,
    name: d.name,
    generation: d.generation,
    deleting: d.phase === 'Deleting' || d.phase === 'Deleted',
    ...(managedBy !== undefined ? { managedBy } : {}),
    ...(fingerprint !== undefined ? { fingerprint } : {}),
    ...(d.staged ? { stagedRevision: d.staged.revision } : {}),
    summary: {
      provider: d.provider,
      paused: d.paused,
      version: d.version,
      labels: dropFingerprint(d.labels),
      controlPlane: d.controlPlane ? { name: d.controlPlane.name, replicas: d.controlPlane.desiredReplicas } : undefined,
      machineDeployments: d.machineDeployments
        .filter((md) => !md.deleted)
        .map((md) => ({ name: md.name, replicas: md.desiredReplicas, version: md.version })),
    },
    reportsCurrent: d.observedGeneration >= d.generation && !upgradeHeld,
  };
}
