import type { DesiredMachineDeployment } from '../../model/desired';
import { getCondition } from '../../status/conditions';
import type { MachineStatus } from '../../status/types';
import { machineTemplateHash } from '../machineTemplateHash';
import type { RolloutMachine, RolloutSpec } from './types';

/** The planner's view of a compiled MachineDeployment (defaults already applied by the compiler). */
export function rolloutSpecFromDesired(md: DesiredMachineDeployment): RolloutSpec {
  return {
    name: md.name,
    replicas: md.replicas,
    strategy: {
      type: md.strategy.type,
      maxSurge: md.strategy.maxSurge,
      maxUnavailable: md.strategy.maxUnavailable,
    },
    deletePolicy: md.strategy.deletePolicy,
    paused: md.paused,
    rolloutAfter: md.rolloutAfter,
    minReadySeconds: md.template.minReadySeconds,
    templateHash: machineTemplateHash(md.template),
  };
}

/**
 * A machineWorkflow report as the planner reads it. Ready-since is the Ready condition's
 * lastTransitionTime when the machine reports one, else the time it was last seen entering
 * Running (the convention summarizeMachineDeployment already uses).
 */
export function rolloutMachineFromStatus(
  m: MachineStatus,
  annotations?: Record<string, string>,
): RolloutMachine {
  const ready = getCondition(m.conditions, 'Ready');
  const readySince =
    m.phase !== 'Running' ? undefined : ready?.status === 'True' ? ready.lastTransitionTime : m.lastUpdated;
  return {
    name: m.name,
    phase: m.phase,
    createdAt: m.createdAt,
    readySince,
    deleting: m.deletionRequestedAt !== undefined || m.phase === 'Deleting',
    nodeName: m.nodeName,
    annotations,
  };
}
