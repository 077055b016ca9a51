import type { ClusterDescription, MachineStatus } from '../../status/types';
import type { ClusterObservation } from './types';
import { compareVersionStrings } from './versions';

/**
 * The part of a cluster's `describe` answer a campaign decides on, kept small because it goes
 * into the campaign's history: versions (desired and per machine), readiness, pause, failures.
 */
export function summarizeDescription(key: string, d: ClusterDescription, read: { seq: number; at: number }): ClusterObservation {
  const machines: MachineStatus[] = [...(d.controlPlane?.machines ?? []), ...d.machineDeployments.flatMap((md) => md.machines)];
  const machineVersions: Record<string, number> = {};
  for (const m of machines) {
    if (m.phase === 'Deleting' || m.phase === 'Deleted') continue;
    machineVersions[m.version] = (machineVersions[m.version] ?? 0) + 1;
  }
  const componentVersions = [...new Set([...(d.controlPlane ? [d.controlPlane.version] : []), ...d.machineDeployments.map((md) => md.version)])].sort();
  const failedMachines = machines
    .filter((m) => m.phase === 'Failed')
    .map((m) => ({ name: m.name, version: m.version, reason: m.failureReason ?? 'failed' }));
  // Every owner runs its current template at the declared count: KCP's ready already says so;
  // a MachineDeployment's old MachineSets must be gone (reports before upToDateReplicas: unknown).
  const upToDate =
    !!d.controlPlane?.ready &&
    d.machineDeployments.every((md) => md.upToDateReplicas !== undefined && md.upToDateReplicas === md.desiredReplicas && md.replicas === md.desiredReplicas);
  return {
    key,
    seq: read.seq,
    at: read.at,
    found: true,
    reachable: true,
    desiredVersion: d.version,
    ready: d.ready,
    paused: d.paused,
    deleting: d.phase === 'Deleting' || d.phase === 'Deleted',
    generation: d.generation,
    observedGeneration: d.observedGeneration,
    machineVersions,
    componentVersions,
    ...(failedMachines.length ? { failedMachines } : {}),
    ...(d.waitingFor ? { waitingFor: d.waitingFor } : {}),
    ...(d.staged ? { stagedRevision: d.staged.revision } : {}),
    ...(d.promotedRevision ? { promotedRevision: d.promotedRevision } : {}),
    ...(d.topology?.kubernetesVersions ? { classVersions: { class: d.topology.class, versions: d.topology.kubernetesVersions } } : {}),
    upToDate,
  };
}

export type StepVerdict =
  | { kind: 'Done'; reason: string }
  | { kind: 'Progressing'; reason: string }
  | { kind: 'NotRequested'; reason: string }
  | { kind: 'Beyond'; reason: string }
  | { kind: 'Failed'; reason: string }
  | { kind: 'Gone'; reason: string }
  | { kind: 'Unknown'; reason: string };

/**
 * Where a cluster stands against one upgrade step, from a fresh read of its own workflow.
 * Done needs all of: the desired version is the step, every machine and every control-plane /
 * MachineDeployment status reports the step, the latest generation was observed, the cluster is
 * ready and not paused. A machine of the step's version that failed (provisioning) fails the step.
 */
export function assessStep(obs: ClusterObservation, step: string): StepVerdict {
  if (!obs.found) return { kind: 'Gone', reason: 'the cluster workflow no longer exists' };
  if (!obs.reachable) return { kind: 'Unknown', reason: `cluster did not answer: ${obs.error ?? 'no answer'}` };
  if (obs.deleting) return { kind: 'Gone', reason: 'the cluster is being deleted' };
  const failed = (obs.failedMachines ?? []).filter((m) => m.version === step);
  if (failed.length) {
    return { kind: 'Failed', reason: `machine ${failed.map((m) => `${m.name} failed: ${m.reason}`).join('; ')}` };
  }
  const desired = obs.desiredVersion ?? '';
  const order = compareVersionStrings(desired, step);
  if (order < 0) return { kind: 'NotRequested', reason: `the cluster's version is still ${desired}` };
  if (order > 0) return { kind: 'Beyond', reason: `the cluster's version is ${desired}, past ${step}` };
  const versions = obs.machineVersions ?? {};
  const total = Object.values(versions).reduce((a, b) => a + b, 0);
  const atStep = versions[step] ?? 0;
  const componentsAtStep = (obs.componentVersions ?? []).every((v) => v === step);
  if (obs.paused) return { kind: 'Progressing', reason: `cluster is paused (${atStep}/${total} machines at ${step})` };
  if (atStep === total && componentsAtStep && obs.ready && (obs.observedGeneration ?? -1) >= (obs.generation ?? 0)) {
    return { kind: 'Done', reason: `at ${step} and healthy` };
  }
  return { kind: 'Progressing', reason: `${atStep}/${total} machines at ${step}${obs.waitingFor ? `; ${obs.waitingFor}` : ''}` };
}

export type Eligibility =
  | { kind: 'Eligible'; adopt: boolean }
  | { kind: 'AlreadyDone'; reason: string }
  | { kind: 'Pending'; reason: string }
  | { kind: 'Skip'; reason: string };

/**
 * May this cluster's upgrade start now (its own state only; windows and capacity are the
 * planner's)? Unreachable or paused clusters wait with a reason, gone ones are skipped, unhealthy
 * ones wait — unless already mid-way to `step` (adopted, e.g. after a retry) or retried.
 */
export function assessEligibility(
  obs: ClusterObservation,
  steps: readonly string[],
  stepIndex: number,
  retried: boolean,
  t: StepTarget = VERSION_STEPS,
): Eligibility {
  if (!obs.found) return { kind: 'Skip', reason: 'cluster workflow not found (deleted?)' };
  if (!obs.reachable) return { kind: 'Pending', reason: `unreachable: ${obs.error ?? 'no answer'}` };
  if (obs.deleting) return { kind: 'Skip', reason: 'the cluster is being deleted' };
  if (obs.paused) return { kind: 'Pending', reason: 'the cluster is paused (spec.paused): resume it or skip it' };
  const target = steps[steps.length - 1];
  if (target === undefined || stepIndex >= steps.length) {
    // nothing to do: count it as done only when a fresh read shows it at the target and healthy
    const at = target ?? t.current(obs);
    const v = t.assess(obs, at);
    if (v.kind === 'Done') return { kind: 'AlreadyDone', reason: `already at ${t.label(at)} and healthy` };
    return retried ? { kind: 'Eligible', adopt: true } : { kind: 'Pending', reason: `at the target but not healthy: ${v.reason}` };
  }
  if (t.assess(obs, target).kind === 'Done') return { kind: 'AlreadyDone', reason: `already at ${t.label(target)} and healthy` };
  const midway = t.position(obs, steps[stepIndex]!) >= 0;
  if (midway || retried) return { kind: 'Eligible', adopt: midway };
  if (!obs.ready) return { kind: 'Pending', reason: `not healthy before its upgrade: ${obs.waitingFor ?? 'not ready'}` };
  return { kind: 'Eligible', adopt: false };
}

/** What a watch compares: a change in any of these re-plans the campaign. */
export function observationFingerprint(obs: ClusterObservation | undefined, step: string, t: StepTarget = VERSION_STEPS): string {
  if (!obs) return '';
  const verdict = t.assess(obs, step);
  const fields = [obs.found, obs.reachable, obs.paused, obs.deleting, obs.ready, obs.desiredVersion, verdict.kind, (obs.failedMachines ?? []).map((m) => m.name).join(',')];
  // staged rollouts also move on the revisions (version campaigns keep their recorded fingerprints)
  if (t.kind === 'staged') fields.push(obs.stagedRevision, obs.promotedRevision);
  return fields.join('|');
}

/**
 * Where a cluster stands against one staged-rollout step (its pinned revision), from a fresh read.
 * Done needs all of: that revision was promoted (and nothing staged since), every owner runs its
 * current template at the declared count (upToDate), the latest generation was observed, the
 * cluster is ready and not paused. A failed machine fails the step (judged only on reads after
 * the promotion: eligibility keeps an unhealthy cluster from starting).
 */
export function assessStagedStep(obs: ClusterObservation, revision: string): StepVerdict {
  if (!obs.found) return { kind: 'Gone', reason: 'the cluster workflow no longer exists' };
  if (!obs.reachable) return { kind: 'Unknown', reason: `cluster did not answer: ${obs.error ?? 'no answer'}` };
  if (obs.deleting) return { kind: 'Gone', reason: 'the cluster is being deleted' };
  const position = stagedPosition(obs, revision);
  if (position < 0) return { kind: 'NotRequested', reason: `revision ${revision} is staged, not promoted yet` };
  if (position > 0) return { kind: 'Beyond', reason: stagedElsewhere(obs) };
  const failed = obs.failedMachines ?? [];
  if (failed.length) return { kind: 'Failed', reason: `machine ${failed.map((m) => `${m.name} failed: ${m.reason}`).join('; ')}` };
  if (obs.paused) return { kind: 'Progressing', reason: `cluster is paused (revision ${revision} promoted)` };
  if (obs.upToDate && obs.ready && (obs.observedGeneration ?? -1) >= (obs.generation ?? 0)) {
    return { kind: 'Done', reason: `revision ${revision} rolled out and healthy` };
  }
  return { kind: 'Progressing', reason: `rolling out revision ${revision}${obs.waitingFor ? `; ${obs.waitingFor}` : ''}` };
}

/** <0: the revision is staged, not promoted; 0: promoted (and not staged again); >0: something else was staged or promoted since. */
function stagedPosition(obs: ClusterObservation, revision: string): number {
  if (obs.stagedRevision === revision) return -1;
  if (obs.stagedRevision === undefined && obs.promotedRevision === revision) return 0;
  return 1;
}

function stagedElsewhere(obs: ClusterObservation): string {
  const now = [obs.stagedRevision ? `staged ${obs.stagedRevision}` : 'nothing staged', obs.promotedRevision ? `promoted last ${obs.promotedRevision}` : 'nothing promoted'];
  return `the cluster's staged change was replaced outside the campaign (${now.join(', ')})`;
}

/**
 * What a campaign's steps are, and how a cluster is measured against one: Kubernetes versions
 * (ordered, chained one minor at a time) or staged revisions (one pinned revision per cluster).
 */
export interface StepTarget {
  kind: 'version' | 'staged';
  assess(obs: ClusterObservation, step: string): StepVerdict;
  /** <0: the cluster was not asked for this step yet; 0: it was (it holds the step); >0: it is past or elsewhere */
  position(obs: ClusterObservation, step: string): number;
  /** the step the cluster holds now (its desired version; its promoted revision) */
  current(obs: ClusterObservation): string;
  /** the step in words: `v1.32.0`, `revision k3x9qa` */
  label(step: string): string;
  /** why a cluster that moved outside the campaign failed */
  movedOutside(obs: ClusterObservation): string;
}

export const VERSION_STEPS: StepTarget = {
  kind: 'version',
  assess: assessStep,
  position: (obs, step) => compareVersionStrings(obs.desiredVersion ?? '', step),
  current: (obs) => obs.desiredVersion ?? '',
  label: (step) => step,
  movedOutside: (obs) => `the cluster's version was changed outside the campaign to ${obs.desiredVersion}`,
};

export const STAGED_STEPS: StepTarget = {
  kind: 'staged',
  assess: assessStagedStep,
  position: stagedPosition,
  current: (obs) => obs.promotedRevision ?? '',
  label: (step) => `revision ${step}`,
  movedOutside: stagedElsewhere,
};

export function stepTargetOf(snapshot: { kind?: 'version' | 'staged' }): StepTarget {
  return snapshot.kind === 'staged' ? STAGED_STEPS : VERSION_STEPS;
}
