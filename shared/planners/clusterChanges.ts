import type { DesiredCluster } from '../model/desired';
import type { RolloutRestartInput, ScaleInput, UpgradeInput } from './clusterChangeTypes';
import { defaultVersionPrefix } from '../model/rules/version';
import { UPGRADE_CONCURRENCY_ANNOTATION } from './upgradeSequence';

/** Refuses a scale request that names nothing or breaks CAPI's replica rules (throws: update validator). */
export function validateScale(desired: DesiredCluster, req: ScaleInput): void {
  if (!Number.isInteger(req.replicas) || req.replicas < 0) {
    throw new Error(`replicas must be a non-negative integer, got ${String(req.replicas)}`);
  }
  if (req.kind === 'KubeadmControlPlane') {
    if (req.name !== desired.controlPlane.name) {
      throw new Error(`KubeadmControlPlane/${req.name} is not part of cluster ${desired.namespace}/${desired.name} (it has ${desired.controlPlane.name})`);
    }
    if (req.replicas < 1) throw new Error(`KubeadmControlPlane/${req.name} spec.replicas: must be at least 1 [kcp-replicas-positive]`);
    if (req.replicas % 2 === 0) {
      throw new Error(`KubeadmControlPlane/${req.name} spec.replicas: ${req.replicas} is even; stacked etcd needs an odd number of members to keep quorum [kcp-replicas-odd]`);
    }
    return;
  }
  if (!desired.machineDeployments.some((md) => md.name === req.name)) {
    const known = desired.machineDeployments.map((md) => md.name).join(', ') || 'none';
    throw new Error(`MachineDeployment/${req.name} is not part of cluster ${desired.namespace}/${desired.name} (it has: ${known})`);
  }
}

/**
 * Refuses a rollout restart as clusterctl does: the target must exist, must not be paused, and
 * must not already have a rolloutAfter in the future.
 */
export function validateRolloutRestart(desired: DesiredCluster, req: RolloutRestartInput, now: string): void {
  if (req.kind === 'KubeadmControlPlane') {
    if (req.name !== desired.controlPlane.name) {
      throw new Error(`KubeadmControlPlane/${req.name} is not part of cluster ${desired.namespace}/${desired.name} (it has ${desired.controlPlane.name})`);
    }
    const after = desired.controlPlane.rollout.after;
    if (after && Date.parse(after) > Date.parse(now)) {
      throw new Error(`KubeadmControlPlane/${req.name} spec.rollout.after is already set in the future (${after})`);
    }
    return;
  }
  const md = desired.machineDeployments.find((m) => m.name === req.name);
  if (!md) {
    const known = desired.machineDeployments.map((m) => m.name).join(', ') || 'none';
    throw new Error(`MachineDeployment/${req.name} is not part of cluster ${desired.namespace}/${desired.name} (it has: ${known})`);
  }
  if (md.paused) throw new Error(`MachineDeployment/${req.name} is paused: resume it before restarting a rollout`);
  if (md.rolloutAfter && Date.parse(md.rolloutAfter) > Date.parse(now)) {
    throw new Error(`MachineDeployment/${req.name} spec.rolloutAfter is already set in the future (${md.rolloutAfter})`);
  }
}

export function applyRolloutRestart(desired: DesiredCluster, req: RolloutRestartInput, now: string): DesiredCluster {
  if (req.kind === 'KubeadmControlPlane') {
    return { ...desired, controlPlane: { ...desired.controlPlane, rollout: { ...desired.controlPlane.rollout, after: now } } };
  }
  return {
    ...desired,
    machineDeployments: desired.machineDeployments.map((md) => (md.name === req.name ? { ...md, rolloutAfter: now } : md)),
  };
}

export function applyScale(desired: DesiredCluster, req: ScaleInput): DesiredCluster {
  if (req.kind === 'KubeadmControlPlane') {
    return { ...desired, controlPlane: { ...desired.controlPlane, replicas: req.replicas } };
  }
  return {
    ...desired,
    machineDeployments: desired.machineDeployments.map((md) => (md.name === req.name ? { ...md, replicas: req.replicas } : md)),
  };
}

/**
 * The whole cluster at one version: control plane (and topology) and every MachineDeployment.
 * The version rules (one minor at a time, never down, kubelet skew) are checked on the result by
 * the update validator, exactly as for an apply; the order of the upgrade is the cluster
 * workflow's (planUpgradeSequence), not the caller's.
 */
export function applyUpgrade(desired: DesiredCluster, req: UpgradeInput): DesiredCluster {
  const version = defaultVersionPrefix(req.version.trim());
  return {
    ...desired,
    ...(desired.topology ? { topology: { ...desired.topology, version } } : {}),
    annotations:
      req.concurrency === undefined
        ? desired.annotations
        : { ...desired.annotations, [UPGRADE_CONCURRENCY_ANNOTATION]: String(req.concurrency) },
    controlPlane: {
      ...desired.controlPlane,
      version,
      machineTemplate: { ...desired.controlPlane.machineTemplate, version },
    },
    machineDeployments: desired.machineDeployments.map((md) => ({ ...md, template: { ...md.template, version } })),
  };
}
