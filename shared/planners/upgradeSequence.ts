import type { DesiredCluster } from '../model/desired';
import { compareKubeVersions, parseKubeVersion } from '../model/rules/version';
import { violation, type RuleViolation } from '../model/rules/violation';
import type { ControlPlaneStatus, MachineDeploymentStatus } from '../status/types';

/** CAPI's Cluster annotation: how many MachineDeployments may upgrade at once (default 1). */
export const UPGRADE_CONCURRENCY_ANNOTATION = 'topology.cluster.x-k8s.io/upgrade-concurrency';

/** The annotation's value: a positive integer; absent means 1. */
export function upgradeConcurrency(annotations: Record<string, string>): number | RuleViolation {
  const raw = annotations[UPGRADE_CONCURRENCY_ANNOTATION];
  if (raw === undefined) return 1;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < 1) {
    return violation('upgrade-concurrency-positive-integer', `annotation ${UPGRADE_CONCURRENCY_ANNOTATION} must be a positive integer, got "${raw}"`);
  }
  return n;
}

export interface UpgradeSequenceInput {
  desired: DesiredCluster;
  generation: number;
  controlPlane?: ControlPlaneStatus;
  machineDeployments: Readonly<Record<string, MachineDeploymentStatus>>;
  /** the generation whose spec each started MachineDeployment was last sent */
  sentSpecVersions: Readonly<Record<string, number>>;
  /** set while a lifecycle hook holds the workers (AfterControlPlaneUpgrade): why */
  workersHold?: string;
}

export interface UpgradeSequencePlan {
  /** MachineDeployments that may be sent the latest spec now */
  release: string[];
  /** MachineDeployments whose version change waits, with why */
  held: Record<string, string>;
}

/**
 * A cluster-level upgrade runs the control plane first, then the MachineDeployments a few at a
 * time (capi-behaviour.md §4.7, as the topology controller does with `upgrade-concurrency`), so
 * a kubelet is never newer than an API server at any moment. A MachineDeployment whose version
 * changes waits while any control-plane machine is older than its new version or the control
 * plane is still rolling out, then for its turn among the MachineDeployments upgrading; every
 * other change to it (replicas, template, strategy) also waits with it, so it gets one rollout.
 * Changes that keep a MachineDeployment's version flow at once.
 */
export function planUpgradeSequence(s: UpgradeSequenceInput): UpgradeSequencePlan {
  const concurrency = upgradeConcurrency(s.desired.annotations);
  const limit = typeof concurrency === 'number' ? concurrency : 1;
  const cp = controlPlaneUpgradeProgress(s.desired, s.controlPlane);
  const release: string[] = [];
  const held: Record<string, string> = {};

  const releasedThisGeneration = (name: string) => (s.sentSpecVersions[name] ?? 0) >= s.generation;
  let upgrading = s.desired.machineDeployments.filter(
    (md) => releasedThisGeneration(md.name) && isUpgrading(md.template.version, s.machineDeployments[md.name]),
  ).length;

  for (const md of s.desired.machineDeployments) {
    if (releasedThisGeneration(md.name)) continue;
    const current = s.machineDeployments[md.name]?.version;
    if (current === undefined || current === md.template.version) {
      release.push(md.name);
      continue;
    }
    if (!cp.settled || !atOrBelow(md.template.version, cp.lowest)) {
      held[md.name] = `upgrade to ${md.template.version} waits for the control plane: ${cp.description}`;
      continue;
    }
    if (s.workersHold !== undefined) {
      held[md.name] = `upgrade to ${md.template.version} waits: ${s.workersHold}`;
      continue;
    }
    if (upgrading >= limit) {
      held[md.name] = `upgrade to ${md.template.version} waits for its turn: ${upgrading} MachineDeployment(s) upgrading, at most ${limit} at once (${UPGRADE_CONCURRENCY_ANNOTATION})`;
      continue;
    }
    upgrading++;
    release.push(md.name);
  }
  return { release, held };
}

export interface ControlPlaneProgress {
  /** every control-plane machine is at the spec's version and template */
  settled: boolean;
  /** the oldest version any control-plane machine runs (the API server a kubelet must not pass) */
  lowest?: string;
  description: string;
}

export function controlPlaneUpgradeProgress(desired: DesiredCluster, cp: ControlPlaneStatus | undefined): ControlPlaneProgress {
  const target = desired.controlPlane.version;
  if (!cp || cp.machines.length === 0) return { settled: false, description: `no control-plane machine reports yet (target ${target})` };
  const versions = cp.machines.map((m) => m.version);
  const lowest = versions.reduce((a, b) => (compareVersions(b, a) < 0 ? b : a));
  const atTarget = versions.filter((v) => v === target).length;
  const upToDate = cp.upToDateReplicas ?? atTarget;
  const settled =
    cp.version === target && atTarget === cp.machines.length && upToDate >= cp.desiredReplicas && cp.machines.length === cp.desiredReplicas;
  return {
    settled,
    lowest,
    description: settled
      ? `control plane at ${target}`
      : `${atTarget} of ${cp.desiredReplicas} control-plane machine(s) at ${target}, oldest at ${lowest}`,
  };
}

/**
 * Every MachineDeployment runs the latest generation's spec at its version, ready: the workers'
 * side of "the whole cluster is upgraded" (AfterClusterUpgrade).
 */
export function machineDeploymentsSettled(s: Omit<UpgradeSequenceInput, 'controlPlane' | 'workersHold'>): boolean {
  return s.desired.machineDeployments.every((md) => {
    const st = s.machineDeployments[md.name];
    const sent = s.sentSpecVersions[md.name] ?? 0;
    return sent >= s.generation && st !== undefined && (st.observedSpecVersion ?? -1) >= sent && !isUpgrading(md.template.version, st);
  });
}

/** Released but not done: a machine is not at the version yet, or the deployment is not ready. */
function isUpgrading(version: string, st: MachineDeploymentStatus | undefined): boolean {
  if (!st) return false;
  return st.version !== version || !st.ready || st.machines.some((m) => m.version !== version);
}

function atOrBelow(version: string, ceiling: string | undefined): boolean {
  return ceiling !== undefined && compareVersions(version, ceiling) <= 0;
}

function compareVersions(a: string, b: string): number {
  const pa = parseKubeVersion(a);
  const pb = parseKubeVersion(b);
  if (!pa || !pb) return a.localeCompare(b);
  return compareKubeVersions(pa, pb);
}
