import type { Condition } from '../../../../shared/status/conditions';
import type {
  HealthCheckCluster,
  HealthCheckMachine,
  HealthCheckSpec,
  ObservedNodeCondition,
} from '../../../../shared/planners/health';

export const NOW = '2026-03-01T12:00:00.000Z';

/** NOW shifted by `seconds` (negative = in the past). */
export function at(seconds: number): string {
  return new Date(Date.parse(NOW) + seconds * 1000).toISOString();
}

export function cond(
  type: string,
  status: 'True' | 'False' | 'Unknown',
  sinceSeconds: number,
  reason = '',
): Condition {
  return {
    type,
    status,
    severity: status === 'True' ? '' : 'Info',
    reason,
    message: '',
    lastTransitionTime: at(sinceSeconds),
  };
}

export function nodeCond(type: string, status: string, sinceSeconds: number): ObservedNodeCondition {
  return { type, status, lastTransitionTime: at(sinceSeconds) };
}

/** A Running worker of md-0 owned by a MachineSet, with a Ready Node, created an hour ago. */
export function machine(name: string, patch: Partial<HealthCheckMachine> = {}): HealthCheckMachine {
  return {
    name,
    role: 'worker',
    createdAt: at(-3600),
    labels: { pool: 'md-0' },
    annotations: {},
    conditions: [cond('InfrastructureReady', 'True', -3500)],
    deleting: false,
    ownerKind: 'MachineSet',
    nodeRef: name,
    node: { name, conditions: [nodeCond('Ready', 'True', -3400)] },
    ...patch,
  };
}

/** A Machine whose Node is NotReady since `sinceSeconds`. */
export function notReady(
  name: string,
  sinceSeconds: number,
  patch: Partial<HealthCheckMachine> = {},
): HealthCheckMachine {
  return machine(name, { node: { name, conditions: [nodeCond('Ready', 'False', sinceSeconds)] }, ...patch });
}

/** A Machine that has no Node yet, created `createdSeconds` ago relative to NOW (negative). */
export function withoutNode(
  name: string,
  createdSeconds: number,
  patch: Partial<HealthCheckMachine> = {},
): HealthCheckMachine {
  return machine(name, {
    createdAt: at(createdSeconds),
    conditions: [cond('InfrastructureReady', 'True', createdSeconds)],
    nodeRef: undefined,
    node: undefined,
    ...patch,
  });
}

export function readyCluster(patch: Partial<HealthCheckCluster> = {}): HealthCheckCluster {
  return {
    paused: false,
    conditions: [cond('InfrastructureReady', 'True', -7200), cond('ControlPlaneInitialized', 'True', -7000)],
    ...patch,
  };
}

export function check(patch: Partial<HealthCheckSpec> = {}): HealthCheckSpec {
  return {
    name: 'md-0-mhc',
    selector: { matchLabels: { pool: 'md-0' } },
    unhealthyConditions: [
      { type: 'Ready', status: 'Unknown', timeoutSeconds: 300 },
      { type: 'Ready', status: 'False', timeoutSeconds: 300 },
    ],
    nodeStartupTimeoutSeconds: 600,
    ...patch,
  };
}
