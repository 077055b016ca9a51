import { isTrue } from '../../status/conditions';
import {
  CONTROL_PLANE_INITIALIZED,
  DEFAULT_NODE_STARTUP_TIMEOUT_SECONDS,
  INFRASTRUCTURE_READY,
  REMEDIATE_MACHINE_ANNOTATION,
  type UnhealthyReason,
} from './constants';
import { evaluateConditionChecks } from './conditionChecks';
import { formatGoDuration } from '../goDuration';
import { nodeStartupComparisonMillis } from './nodeStartup';
import { shouldSkipRemediation } from './skipRules';
import { fromMillis, toMillis } from './time';
import type { HealthCheckCluster, HealthCheckMachine, HealthCheckSpec, MachineHealth } from './types';

const FAILED = 'Health check failed: ';

function unhealthy(reason: UnhealthyReason, messages: readonly string[]): MachineHealth {
  return { status: 'unhealthy', reason, message: FAILED + messages.join('; ') };
}

function passOrPending(
  pending: readonly { message: string; atMillis: number }[],
  counted: boolean,
): MachineHealth {
  if (pending.length === 0) {
    return {
      status: 'healthy',
      counted,
      message: counted ? 'passes every health check' : 'passes every health check, but has no Node to count',
    };
  }
  const first = pending.reduce((a, b) => (b.atMillis < a.atMillis ? b : a));
  return {
    status: 'pending',
    recheckAt: fromMillis(first.atMillis),
    message: pending.map((p) => p.message).join('; '),
  };
}

/**
 * CAPI `healthCheckTarget.needsRemediation` for one Machine, in CAPI's order:
 * 1. skip-remediation / paused annotation → not a target;
 * 2. remediate-machine annotation → unhealthy at once (even before the control plane exists);
 * 3. workers are not judged until the Cluster is ControlPlaneInitialized (control-plane Machines
 *    are, so a failed first control plane can be remediated), nor anything until the Cluster is
 *    InfrastructureReady;
 * 4. Machine conditions are always evaluated; Node gone → NodeDeleted; no Node yet →
 *    NodeStartupTimeout after the startup window; otherwise Node conditions (OR).
 * Before the control plane is initialized CAPI has no workload-cluster client, so Nodes are not
 * looked at then.
 */
export function evaluateMachineHealth(
  machine: HealthCheckMachine,
  check: HealthCheckSpec,
  cluster: HealthCheckCluster,
  now: string,
): MachineHealth {
  const skipped = shouldSkipRemediation(machine);
  if (skipped) return skipped;
  if (REMEDIATE_MACHINE_ANNOTATION in machine.annotations) {
    return {
      status: 'unhealthy',
      reason: 'HasRemediateAnnotation',
      message: `${FAILED}marked for remediation via ${REMEDIATE_MACHINE_ANNOTATION} annotation`,
    };
  }

  const nowMillis = toMillis(now);
  const controlPlaneInitialized = isTrue(cluster.conditions, CONTROL_PLANE_INITIALIZED);
  const node = controlPlaneInitialized ? machine.node : undefined;
  const counted = node !== undefined && !machine.deleting;
  if (!controlPlaneInitialized && machine.role !== 'control-plane') {
    return {
      status: 'notEvaluated',
      reason: 'ControlPlaneNotInitialized',
      counted,
      message: 'not evaluated: the control plane is not initialized yet',
    };
  }
  if (!isTrue(cluster.conditions, INFRASTRUCTURE_READY)) {
    return {
      status: 'notEvaluated',
      reason: 'ClusterInfrastructureNotReady',
      counted,
      message: 'not evaluated: the cluster infrastructure is not ready',
    };
  }

  const machineChecks = evaluateConditionChecks(
    machine.conditions,
    check.unhealthyMachineConditions ?? [],
    'Machine',
    nowMillis,
  );

  const nodeMissing = controlPlaneInitialized && machine.nodeRef !== undefined && machine.node === undefined;
  if (nodeMissing) {
    const reason = machineChecks.unhealthy.length > 0 ? 'UnhealthyMachine' : 'NodeDeleted';
    return unhealthy(reason, [`Node ${machine.nodeRef} has been deleted`, ...machineChecks.unhealthy]);
  }

  if (!node) {
    if (machineChecks.unhealthy.length > 0) return unhealthy('UnhealthyMachine', machineChecks.unhealthy);
    const timeoutSeconds = check.nodeStartupTimeoutSeconds ?? DEFAULT_NODE_STARTUP_TIMEOUT_SECONDS;
    if (timeoutSeconds === 0) return passOrPending(machineChecks.pending, false);
    const since = nodeStartupComparisonMillis(machine.createdAt, machine.conditions, cluster.conditions);
    const deadline = since + timeoutSeconds * 1000;
    if (deadline < nowMillis) {
      return unhealthy('NodeStartupTimeout', [
        `Node failed to report startup in ${formatGoDuration(timeoutSeconds)}`,
      ]);
    }
    return passOrPending(
      [
        ...machineChecks.pending,
        {
          message: `Node has not reported startup yet; unhealthy after ${formatGoDuration(timeoutSeconds)} (from ${fromMillis(since)})`,
          atMillis: deadline + 1000,
        },
      ],
      false,
    );
  }

  const nodeChecks = evaluateConditionChecks(node.conditions, check.unhealthyConditions, 'Node', nowMillis);
  if (nodeChecks.unhealthy.length > 0 || machineChecks.unhealthy.length > 0) {
    const reason = machineChecks.unhealthy.length > 0 ? 'UnhealthyMachine' : 'UnhealthyNode';
    return unhealthy(reason, [...nodeChecks.unhealthy, ...machineChecks.unhealthy]);
  }
  return passOrPending([...machineChecks.pending, ...nodeChecks.pending], !machine.deleting);
}
