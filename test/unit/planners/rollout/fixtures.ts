import type { RolloutContext, PlannedMachineSet } from '../../../../shared/planners/rollout/rolloutContext';
import type {
  RolloutMachine,
  RolloutMachineSet,
  RolloutSpec,
} from '../../../../shared/planners/rollout/types';

export const NOW = '2026-03-01T12:00:00.000Z';
/** CAPI's unit tests give every MachineSet the same (zero) creationTimestamp, so names break ties. */
export const SAME_TIME = '2026-03-01T00:00:00.000Z';
const LONG_AGO = '2026-02-01T00:00:00.000Z';

export function rolloutSpec(
  patch: Partial<RolloutSpec> & { maxSurge?: number | string; maxUnavailable?: number | string } = {},
): RolloutSpec {
  const { maxSurge = 1, maxUnavailable = 0, ...rest } = patch;
  return {
    name: 'md',
    replicas: 3,
    strategy: { type: 'RollingUpdate', maxSurge, maxUnavailable },
    deletePolicy: 'Random',
    paused: false,
    minReadySeconds: 0,
    templateHash: 'v2',
    ...rest,
    ...(patch.strategy ? { strategy: patch.strategy } : {}),
  };
}

/** A MachineSet as the planner works on it, from CAPI-test-style counters (spec, status, available). */
export function pms(
  name: string,
  replicas: number,
  statusReplicas = replicas,
  available = statusReplicas,
  patch: Partial<PlannedMachineSet> = {},
): PlannedMachineSet {
  return {
    name,
    revision: 1,
    templateHash: name,
    createdAt: SAME_TIME,
    replicas,
    status: { replicas: statusReplicas, readyReplicas: available, availableReplicas: available },
    ...patch,
  };
}

export function context(
  spec: RolloutSpec,
  newMS: PlannedMachineSet,
  oldMSs: PlannedMachineSet[],
  scaleIntents: Record<string, number> = {},
  samePassSync = false,
): RolloutContext {
  return {
    spec,
    now: NOW,
    newMS,
    oldMSs,
    scaleIntents: new Map(Object.entries(scaleIntents)),
    notes: new Map(),
    waiting: [],
    samePassSync,
  };
}

export function intentsOf(ctx: RolloutContext): Record<string, number> {
  return Object.fromEntries([...ctx.scaleIntents.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export function runningMachine(name: string, patch: Partial<RolloutMachine> = {}): RolloutMachine {
  return {
    name,
    phase: 'Running',
    createdAt: LONG_AGO,
    readySince: LONG_AGO,
    deleting: false,
    nodeName: name,
    ...patch,
  };
}

export function pendingMachine(name: string, patch: Partial<RolloutMachine> = {}): RolloutMachine {
  return { name, phase: 'Provisioning', createdAt: NOW, deleting: false, ...patch };
}

/**
 * A MachineSet with machines that realise the given counters: `available` Running machines, the
 * rest still provisioning; `deleting` extra machines already being deleted.
 */
export function machineSet(
  name: string,
  templateHash: string,
  replicas: number,
  counts: { machines?: number; available?: number; deleting?: number } = {},
  patch: Partial<RolloutMachineSet> = {},
): RolloutMachineSet {
  const total = counts.machines ?? replicas;
  const available = counts.available ?? total;
  const machines: RolloutMachine[] = [];
  for (let i = 0; i < total; i++) {
    const m = `${name}-m${i + 1}`;
    machines.push(i < available ? runningMachine(m) : pendingMachine(m));
  }
  for (let i = 0; i < (counts.deleting ?? 0); i++) {
    machines.push(runningMachine(`${name}-d${i + 1}`, { deleting: true }));
  }
  return { name, revision: 1, templateHash, createdAt: SAME_TIME, replicas, machines, ...patch };
}
