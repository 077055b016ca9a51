import { setCondition, type Condition } from '../../../../shared/status/conditions';
import type {
  HealthCheckCluster,
  HealthCheckMachine,
  RemediationCandidate,
} from '../../../../shared/planners/health';
import {
  PAUSED_ANNOTATION,
  REMEDIATE_MACHINE_ANNOTATION,
  SKIP_REMEDIATION_ANNOTATION,
} from '../../../../shared/planners/health';
import { TICK_SECONDS, type HealthMachineSeed, type HealthScenario } from './scenario';

/**
 * The health-check world: Machines with fixed fates, plus the conditions the MHC and the
 * MachineSet have written on them so far and whether the MachineSet is deleting them.
 */
export const BASE_TIME = Date.parse('2026-03-01T00:00:00.000Z');
export const timeAt = (tick: number): string =>
  new Date(BASE_TIME + tick * TICK_SECONDS * 1000).toISOString();

export interface LiveMachine {
  seed: HealthMachineSeed;
  /** conditions written by the MHC and the MachineSet (HealthCheckSucceeded, OwnerRemediated, ...) */
  written: Condition[];
  deletingSince?: number;
}

export const active = (window: { from: number; until?: number } | undefined, t: number): boolean =>
  window !== undefined && window.from <= t && (window.until === undefined || t < window.until);

export const hasNodeRef = (m: LiveMachine, t: number): boolean =>
  m.seed.fate.nodeAt !== undefined && m.seed.fate.nodeAt <= t;

export const nodeExists = (m: LiveMachine, t: number): boolean =>
  hasNodeRef(m, t) && !(m.seed.fate.nodeDeletedAt !== undefined && m.seed.fate.nodeDeletedAt <= t);

function cond(type: string, status: 'True' | 'False' | 'Unknown', sinceTick: number): Condition {
  return {
    type,
    status,
    severity: status === 'True' ? '' : 'Warning',
    reason: '',
    message: '',
    lastTransitionTime: timeAt(sinceTick),
  };
}

/** The Cluster as the MHC reads it; its conditions turned True long before any Machine existed. */
export function clusterView(s: HealthScenario): HealthCheckCluster {
  return {
    paused: s.cluster.paused,
    conditions: [
      cond('InfrastructureReady', s.cluster.infrastructureReady ? 'True' : 'False', -240),
      cond('ControlPlaneInitialized', s.cluster.controlPlaneInitialized ? 'True' : 'False', -235),
    ],
  };
}

/** What the MHC sees of one Machine at tick t. */
export function machineView(m: LiveMachine, t: number): HealthCheckMachine {
  const { seed } = m;
  const { fate } = seed;
  const annotations: Record<string, string> = {};
  if (fate.skip === 'skip-remediation') annotations[SKIP_REMEDIATION_ANNOTATION] = '';
  if (fate.skip === 'paused') annotations[PAUSED_ANNOTATION] = '';
  if (fate.remediateAt !== undefined && fate.remediateAt <= t) annotations[REMEDIATE_MACHINE_ANNOTATION] = '';
  const bootstrap = active(fate.badMachine, t)
    ? cond(fate.badMachine!.type, fate.badMachine!.status, fate.badMachine!.from)
    : cond('BootstrapConfigReady', 'True', fate.badMachine?.until ?? seed.createdAt);
  const view: HealthCheckMachine = {
    name: seed.name,
    role: seed.owner === 'KubeadmControlPlane' ? 'control-plane' : 'worker',
    createdAt: timeAt(seed.createdAt),
    labels: { pool: seed.selected ? 'md-0' : 'md-1' },
    annotations,
    conditions: [cond('InfrastructureReady', 'True', seed.createdAt), bootstrap, ...m.written],
    deleting: m.deletingSince !== undefined,
    ...(seed.owner !== 'none' ? { ownerKind: seed.owner } : {}),
  };
  if (hasNodeRef(m, t)) view.nodeRef = seed.name;
  if (nodeExists(m, t)) view.node = { name: seed.name, conditions: nodeConditions(m, t) };
  return view;
}

function nodeConditions(m: LiveMachine, t: number): Condition[] {
  const { fate } = m.seed;
  const bad = fate.badNode;
  const readySince =
    bad?.type === 'Ready' && bad.until !== undefined && bad.until <= t ? bad.until : fate.nodeAt!;
  if (!active(bad, t)) {
    const out = [cond('Ready', 'True', readySince)];
    if (bad?.type === 'MemoryPressure' && bad.until !== undefined)
      out.push(cond('MemoryPressure', 'False', bad.until));
    return out;
  }
  if (bad!.type === 'Ready') return [cond('Ready', bad!.status, bad!.from)];
  return [cond('Ready', 'True', fate.nodeAt!), cond(bad!.type, bad!.status, bad!.from)];
}

/** What the MachineSet sees of one of its Machines. */
export function candidateView(m: LiveMachine, t: number): RemediationCandidate {
  const view = machineView(m, t);
  return {
    name: view.name,
    createdAt: view.createdAt,
    annotations: view.annotations,
    conditions: view.conditions,
    deleting: view.deleting,
  };
}

export function writeCondition(m: LiveMachine, input: Parameters<typeof setCondition>[1], t: number): void {
  m.written = setCondition(m.written, input, timeAt(t));
}
