import type { DesiredControlPlane } from '../model/desired';
import { setCondition, setReadyCondition, type Condition, type ConditionInput } from '../status/conditions';
import type { ControlPlaneStatus, MachineStatus } from '../status/types';

export interface ControlPlaneSummaryInput {
  spec: DesiredControlPlane;
  specVersion: number;
  machines: readonly MachineStatus[];
  initialized: boolean;
  deleting: boolean;
  /** what the control plane does or waits for next, in words */
  intent: { reason: string };
  now: string;
  /**
   * From `planControlPlane`: KCP's operation conditions (RollingOut, Remediating, …) and the
   * per-Machine ones it sets (UpToDate, OwnerRemediated), shown by `describe`.
   */
  planned?: { controlPlane: readonly ConditionInput[]; machines: Readonly<Record<string, readonly ConditionInput[]>> };
  /** set when the planner is blocked (preflight, etcd, hooks): why, appended to the active operation's condition */
  waiting?: string;
  /** Machines not at the spec (version or template); an upgrade is done when none is left */
  outdated?: readonly string[];
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
  // KCP's own operation conditions from the planner; ScalingUp/Down below keep the summary's words.
  for (const c of s.planned?.controlPlane ?? []) {
    if (c.type === 'ScalingUp' || c.type === 'ScalingDown') continue;
    // A blocked rollout says why under RollingOut (as KCP appends its preflight results); the
    // Remediating message already carries the planner's own refusals.
    const blocked = c.type === 'RollingOut' && c.status === 'True' && s.waiting && !c.message?.includes(s.waiting);
    const message = blocked ? `${c.message ?? ''}\n* ${s.waiting}` : c.message;
    set(c.type, c.status, c.reason, message);
  }
  const scalingUp = live.length < s.spec.replicas;
  const scalingDown = live.length > s.spec.replicas || live.some((m) => m.deletionRequestedAt);
  set('ScalingUp', scalingUp ? 'True' : 'False', scalingUp ? 'ScalingUp' : '', scalingUp ? s.intent.reason : '');
  set('ScalingDown', scalingDown ? 'True' : 'False', scalingDown ? 'ScalingDown' : '', scalingDown ? s.intent.reason : '');
  if (s.deleting) set('Deleting', 'True', 'Deleting', s.intent.reason);
  set('Available', s.initialized && running.length > 0 ? 'True' : 'False', s.initialized ? 'NoRunningMachines' : 'NotInitialized');
  conditions = setReadyCondition(conditions, ['Initialized', 'Available', 'MachinesReady'], s.now);
  const outdated = new Set(s.outdated ?? []);
  const upToDate = live.filter((m) => !outdated.has(m.name) && !m.deletionRequestedAt).length;
  const ready = !s.deleting && running.length === s.spec.replicas && live.length === s.spec.replicas && upToDate === s.spec.replicas;
  const withPlanned = (m: MachineStatus): MachineStatus => {
    let conditions = m.conditions;
    for (const c of s.planned?.machines[m.name] ?? []) conditions = setCondition(conditions, c, s.now);
    return conditions === m.conditions ? m : { ...m, conditions };
  };
  return {
    kind: 'KubeadmControlPlane',
    name: s.spec.name,
    desiredReplicas: s.spec.replicas,
    replicas: live.length,
    readyReplicas: running.length,
    upToDateReplicas: upToDate,
    version: s.spec.version,
    initialized: s.initialized,
    ready,
    deleted: s.deleting && live.length === 0,
    conditions,
    machines: [...live].map(withPlanned).sort((a, b) => a.name.localeCompare(b.name)),
    observedSpecVersion: s.specVersion,
  };
}
