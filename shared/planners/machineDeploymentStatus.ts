import type { DesiredMachineDeployment } from '../model/desired';
import { setCondition, setReadyCondition, type Condition } from '../status/conditions';
import type { MachineDeploymentStatus, MachineStatus } from '../status/types';

export interface MachineDeploymentSummaryInput {
  spec: DesiredMachineDeployment;
  specVersion: number;
  machineSets: Array<{ name: string; revision: number; machines: readonly MachineStatus[]; templateHash?: string }>;
  /** machineTemplateHash of the spec: machines of the MachineSet with this hash are up to date */
  templateHash?: string;
  deleting: boolean;
  reason: string;
  now: string;
  /** a scale up held by the MachineSet preflight checks: CAPI's message, prefixed with the MachineSet */
  preflightHold?: string;
}

/** MD status counters, phase and conditions (CAPI §2.6), computed from the machines' reports. */
export function summarizeMachineDeployment(s: MachineDeploymentSummaryInput): MachineDeploymentStatus {
  const machines = s.machineSets.flatMap((ms) => ms.machines).filter((m) => m.phase !== 'Deleted');
  const live = machines.filter((m) => !m.deletionRequestedAt);
  const ready = live.filter((m) => m.phase === 'Running');
  // Available = Ready for at least minReadySeconds (measured from the machine's last update into Running).
  const available = ready.filter(
    (m) => Date.parse(s.now) - Date.parse(m.lastUpdated) >= s.spec.template.minReadySeconds * 1000,
  );
  let conditions: Condition[] = [];
  const set = (type: string, status: 'True' | 'False' | 'Unknown', reason = '', message = '') => {
    conditions = setCondition(conditions, { type, status, reason, message }, s.now);
  };
  const maxUnavailable = typeof s.spec.strategy.maxUnavailable === 'number' ? s.spec.strategy.maxUnavailable : 0;
  const availableOk = available.length >= s.spec.replicas - maxUnavailable;
  set('Available', availableOk ? 'True' : 'False', availableOk ? '' : 'WaitingForAvailableMachines',
    availableOk ? '' : `${available.length} of ${s.spec.replicas} machines available`);
  const notReady = machines.filter((m) => m.phase !== 'Running');
  set('MachinesReady', notReady.length === 0 ? 'True' : 'False', notReady.length ? 'MachinesNotReady' : '',
    notReady.map((m) => `${m.name} is ${m.phase}`).join('; '));
  const scalingUp = live.length < s.spec.replicas;
  const scalingDown = machines.length > s.spec.replicas;
  set('ScalingUp', scalingUp ? 'True' : 'False', scalingUp ? 'ScalingUp' : '', scalingUp ? s.reason : '');
  set('ScalingDown', scalingDown ? 'True' : 'False', scalingDown ? 'ScalingDown' : '', scalingDown ? s.reason : '');
  // v1beta1 MachinesCreated=False/PreflightCheckFailed while the checks hold a scale up
  if (s.preflightHold && !s.deleting) set('MachinesCreated', 'False', 'PreflightCheckFailed', s.preflightHold);
  if (s.deleting) set('Deleting', 'True', 'Deleting', s.reason);
  conditions = setReadyCondition(conditions, ['Available', 'MachinesReady'], s.now);
  const phase: MachineDeploymentStatus['phase'] = s.deleting
    ? machines.length === 0 ? 'Deleted' : 'Deleting'
    : machines.some((m) => m.phase === 'Failed') ? 'Failed'
    : scalingUp ? 'ScalingUp'
    : scalingDown ? 'ScalingDown'
    : 'Running';
  return {
    name: s.spec.name,
    desiredReplicas: s.spec.replicas,
    replicas: machines.length,
    readyReplicas: ready.length,
    availableReplicas: available.length,
    version: s.spec.template.version,
    ...(s.templateHash !== undefined
      ? {
          upToDateReplicas: s.machineSets
            .filter((ms) => ms.templateHash === s.templateHash)
            .flatMap((ms) => ms.machines)
            .filter((m) => !m.deletionRequestedAt && m.phase !== 'Deleted').length,
        }
      : {}),
    phase,
    ready: !s.deleting && ready.length === s.spec.replicas && machines.length === s.spec.replicas,
    deleted: s.deleting && machines.length === 0,
    conditions,
    machineSets: s.machineSets.map((ms) => ({
      name: ms.name,
      revision: ms.revision,
      replicas: ms.machines.filter((m) => !m.deletionRequestedAt && m.phase !== 'Deleted').length,
    })),
    machines: [...machines].sort((a, b) => a.name.localeCompare(b.name)),
    observedSpecVersion: s.specVersion,
  };
}
