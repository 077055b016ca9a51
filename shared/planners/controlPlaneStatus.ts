import type { DesiredControlPlane } from '../model/desired';
import { setCondition, setReadyCondition, type Condition } from '../status/conditions';
import type { ControlPlaneStatus, MachineStatus } from '../status/types';
import type { ControlPlaneIntent } from './controlPlaneScale';

export interface ControlPlaneSummaryInput {
  spec: DesiredControlPlane;
  specVersion: number;
  machines: readonly MachineStatus[];
  initialized: boolean;
  deleting: boolean;
  intent: ControlPlaneIntent;
  now: string;
}

/** KCP status and conditions (Available, MachinesReady, ScalingUp/Down, Deleting) from observed machines. */
export function summarizeControlPlane(s: ControlPlaneSummaryInput): ControlPlaneStatus {
  const live = s.machines.filter((m) => m.phase !== 'Deleted');
  const running = live.filter((m) => m.phase === 'Running' && !m.deletionRequestedAt);
  let conditions: Condition[] = [];
  const set = (type: string, status: 'True' | 'False' | 'Unknown', reason = '', message = '') => {
    conditions = setCondition(conditions, { type, status, reason, message }, s.now);
  };
  set('Initialized', s.initialized ? 'True' : 'False', s.initialized ? '' : 'WaitingForKubeadmInit', s.initialized ? '' : s.intent.reason);
  const notReady = live.filter((m) => m.phase !== 'Running');
  set(
    'MachinesReady',
    notReady.length === 0 ? 'True' : 'False',
    notReady.length === 0 ? '' : 'MachinesNotReady',
    notReady.map((m) => `${m.name} is ${m.phase}`).join('; '),
  );
  const scalingUp = live.length < s.spec.replicas;
  const scalingDown = live.length > s.spec.replicas || live.some((m) => m.deletionRequestedAt);
  set('ScalingUp', scalingUp ? 'True' : 'False', scalingUp ? 'ScalingUp' : '', scalingUp ? s.intent.reason : '');
  set('ScalingDown', scalingDown ? 'True' : 'False', scalingDown ? 'ScalingDown' : '', scalingDown ? s.intent.reason : '');
  if (s.deleting) set('Deleting', 'True', 'Deleting', s.intent.reason);
  set('Available', s.initialized && running.length > 0 ? 'True' : 'False', s.initialized ? 'NoRunningMachines' : 'NotInitialized');
  conditions = setReadyCondition(conditions, ['Initialized', 'Available', 'MachinesReady'], s.now);
  const ready = !s.deleting && running.length === s.spec.replicas && live.length === s.spec.replicas;
  return {
    kind: 'KubeadmControlPlane',
    name: s.spec.name,
    desiredReplicas: s.spec.replicas,
    replicas: live.length,
    readyReplicas: running.length,
    version: s.spec.version,
    initialized: s.initialized,
    ready,
    deleted: s.deleting && live.length === 0,
    conditions,
    machines: [...live].sort((a, b) => a.name.localeCompare(b.name)),
    observedSpecVersion: s.specVersion,
  };
}
