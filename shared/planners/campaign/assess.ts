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
export function assessEligibility(obs: ClusterObservation, steps: readonly string[], stepIndex: number, retried: boolean): Eligibility {
  if (!obs.found) return { kind: 'Skip', reason: 'cluster workflow not found (deleted?)' };
  if (!obs.reachable) return { kind: 'Pending', reason: `unreachable: ${obs.error ?? 'no answer'}` };
  if (obs.deleting) return { kind: 'Skip', reason: 'the cluster is being deleted' };
  if (obs.paused) return { kind: 'Pending', reason: 'the cluster is paused (spec.paused): resume it or skip it' };
  const target = steps[steps.length - 1];
  if (target === undefined || stepIndex >= steps.length) {
    // nothing to do: count it as done only when a fresh read shows it at the target and healthy
    const v = assessStep(obs, target ?? obs.desiredVersion ?? '');
    if (v.kind === 'Done') return { kind: 'AlreadyDone', reason: `already at ${target ?? obs.desiredVersion} and healthy` };
    return retried ? { kind: 'Eligible', adopt: true } : { kind: 'Pending', reason: `at the target but not healthy: ${v.reason}` };
  }
  if (assessStep(obs, target).kind === 'Done') return { kind: 'AlreadyDone', reason: `already at ${target} and healthy` };
  const desired = obs.desiredVersion ?? '';
  const midway = compareVersionStrings(desired, steps[stepIndex]!) >= 0;
  if (midway || retried) return { kind: 'Eligible', adopt: midway };
  if (!obs.ready) return { kind: 'Pending', reason: `not healthy before its upgrade: ${obs.waitingFor ?? 'not ready'}` };
  return { kind: 'Eligible', adopt: false };
}

/** What a watch compares: a change in any of these re-plans the campaign. */
export function observationFingerprint(obs: ClusterObservation | undefined, step: string): string {
  if (!obs) return '';
  const verdict = assessStep(obs, step);
  return [obs.found, obs.reachable, obs.paused, obs.deleting, obs.ready, obs.desiredVersion, verdict.kind, (obs.failedMachines ?? []).map((m) => m.name).join(',')].join('|');
}
