import type { DesiredMachineDeployment, DesiredMachineTemplate } from '../../../../shared/model/desired';
import type { MachineStatus } from '../../../../shared/status/types';
import type { MachineSetState } from '../../../../workflows/machineDeployment/definitions';
import {
  holdsRemediationState,
  planRemediationPass,
  remediationFingerprint,
  verdictsOf,
} from '../../../../workflows/machineDeployment/remediationState';

const NOW = '2026-03-01T12:00:00.000Z';
const template: DesiredMachineTemplate = {
  version: 'v1.31.4',
  infrastructure: { apiVersion: 'x/v1', kind: 'SimMachineTemplate', name: 'infra', spec: {} },
  bootstrap: { apiVersion: 'x/v1', kind: 'KubeadmConfigTemplate', name: 'boot', spec: {} },
  labels: {},
  annotations: {},
  minReadySeconds: 0,
  nodeDeletionTimeoutSeconds: 10,
};
const spec = (maxInFlight?: number | string): DesiredMachineDeployment => ({
  name: 'md-0',
  replicas: 4,
  template,
  strategy: { type: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0, deletePolicy: 'Random', ...(maxInFlight === undefined ? {} : { remediation: { maxInFlight } }) },
  paused: false,
  labels: {},
  annotations: {},
});
const machine = (name: string, createdMinute: number, patch: Partial<MachineStatus> = {}): MachineStatus => ({
  name,
  role: 'worker',
  version: 'v1.31.4',
  phase: 'Running',
  addresses: [],
  createdAt: `2026-03-01T11:${String(createdMinute).padStart(2, '0')}:00.000Z`,
  lastUpdated: NOW,
  conditions: [],
  ...patch,
});
const machineSet = (name: string, templateHash: string, machines: MachineStatus[]): MachineSetState => ({
  name, revision: 1, templateHash, createdAt: NOW, replicas: machines.length, template, machines,
});
const reasonOf = (ms: MachineSetState, name: string) =>
  ms.machines.find((m) => m.name === name)?.conditions.find((c) => c.type === 'OwnerRemediated')?.reason;
const sick = (...names: string[]) => names.map((name) => ({ name, reason: 'UnhealthyNode', message: `${name}: Ready False for more than 1s` }));

describe('planRemediationPass (MachineSet remediation over the MachineDeployment workflow state)', () => {
  const current = () => machineSet('ms-new', 'new', [machine('a', 1), machine('b', 2), machine('c', 3), machine('d', 4)]);

  it('remediates the newest unhealthy machine within maxInFlight 1 and defers the others, conditions before the delete', () => {
    const pass = planRemediationPass([current()], { unhealthy: sick('a', 'b', 'c'), healthy: [] }, spec(1), 'new', NOW);
    expect(pass.remediate).toEqual([{ name: 'c', why: 'remediation: c: Ready False for more than 1s' }]);
    const ms = pass.machineSets[0]!;
    expect(['a', 'b', 'c', 'd'].map((n) => reasonOf(ms, n))).toEqual(['RemediationDeferred', 'RemediationDeferred', 'MachineDeleting', undefined]);
    expect(pass.reasons.join()).toMatch(/remediating c/);
  });

  it('keeps counting a remediation in flight until its machine is gone, then remediates the next', () => {
    const first = planRemediationPass([current()], { unhealthy: sick('a', 'b', 'c'), healthy: [] }, spec(1), 'new', NOW);
    // The owner asked for c's deletion; c is still deleting: nothing new starts.
    const deleting = first.machineSets.map((ms) => ({ ...ms, machines: ms.machines.map((m) => (m.name === 'c' ? { ...m, deletionRequestedAt: NOW } : m)) }));
    const waiting = planRemediationPass(deleting, { unhealthy: [], healthy: [] }, spec(1), 'new', NOW);
    expect(waiting.remediate).toEqual([]);
    expect(['a', 'b'].map((n) => reasonOf(waiting.machineSets[0]!, n))).toEqual(['RemediationDeferred', 'RemediationDeferred']);
    // c is gone: b (the newer of the two) is next.
    const gone = waiting.machineSets.map((ms) => ({ ...ms, machines: ms.machines.filter((m) => m.name !== 'c') }));
    expect(planRemediationPass(gone, { unhealthy: [], healthy: [] }, spec(1), 'new', NOW).remediate.map((r) => r.name)).toEqual(['b']);
  });

  it('without maxInFlight remediates every unhealthy machine at once; a percentage is of the replicas, rounded up', () => {
    expect(planRemediationPass([current()], { unhealthy: sick('a', 'b', 'c'), healthy: [] }, spec(), 'new', NOW).remediate.map((r) => r.name)).toEqual(['c', 'b', 'a']);
    // 30% of 4 = 1.2, rounded up to 2
    expect(planRemediationPass([current()], { unhealthy: sick('a', 'b', 'c'), healthy: [] }, spec('30%'), 'new', NOW).remediate.map((r) => r.name)).toEqual(['c', 'b']);
  });

  it('never remediates machines of an old revision: CannotBeRemediated, they go with the rollout', () => {
    const old = machineSet('ms-old', 'old', [machine('x', 1)]);
    const pass = planRemediationPass([old, machineSet('ms-new', 'new', [])], { unhealthy: sick('x'), healthy: [] }, spec(1), 'new', NOW);
    expect(pass.remediate).toEqual([]);
    expect(reasonOf(pass.machineSets[0]!, 'x')).toBe('CannotBeRemediated');
  });

  it('defers every remediation while the MachineSet preflight checks fail, then remediates once they pass', () => {
    const failing = ['ControlPlane KubeadmControlPlane default/c1-cp is upgrading ("ControlPlaneIsStable" preflight failed)'];
    const held = planRemediationPass([current()], { unhealthy: sick('a', 'b'), healthy: [] }, spec(), 'new', NOW, () => failing);
    expect(held.remediate).toEqual([]);
    const ms = held.machineSets[0]!;
    expect(['a', 'b'].map((n) => reasonOf(ms, n))).toEqual(['RemediationDeferred', 'RemediationDeferred']);
    expect(ms.machines.find((m) => m.name === 'a')?.conditions.find((c) => c.type === 'OwnerRemediated')?.message).toContain('"ControlPlaneIsStable" preflight failed');
    expect(held.reasons.join()).toMatch(/preflight checks failed/);
    const passed = planRemediationPass(held.machineSets, { unhealthy: [], healthy: [] }, spec(), 'new', NOW, () => []);
    expect(passed.remediate.map((r) => r.name).sort()).toEqual(['a', 'b']);
  });

  it('drops a deferred remediation when the check reports the machine healthy again', () => {
    const first = planRemediationPass([current()], { unhealthy: sick('a', 'b'), healthy: [] }, spec(1), 'new', NOW);
    expect(reasonOf(first.machineSets[0]!, 'a')).toBe('RemediationDeferred');
    const recovered = planRemediationPass(first.machineSets, { unhealthy: [], healthy: ['a'] }, spec(1), 'new', NOW);
    expect(reasonOf(recovered.machineSets[0]!, 'a')).toBeUndefined();
    expect(holdsRemediationState(recovered.machineSets)).toBe(true); // b is still in flight
    expect(holdsRemediationState([current()])).toBe(false);
  });
});

describe('remediationFingerprint', () => {
  it('is empty for a machine without remediation state, so status reports of other machines are unchanged', () => {
    expect(remediationFingerprint(machine('a', 1))).toEqual([]);
  });

  it('changes with the OwnerRemediated reason (deferred, then deleting)', () => {
    const pass = planRemediationPass([machineSet('ms', 'new', [machine('a', 1), machine('b', 2)])], { unhealthy: sick('a', 'b'), healthy: [] }, spec(1), 'new', NOW);
    const [a, b] = pass.machineSets[0]!.machines;
    expect(remediationFingerprint(a!)).toEqual(['HealthCheckSucceeded', 'False', 'UnhealthyNode', 'OwnerRemediated', 'False', 'RemediationDeferred']);
    expect(remediationFingerprint(b!)).toEqual(['HealthCheckSucceeded', 'False', 'UnhealthyNode', 'OwnerRemediated', 'False', 'MachineDeleting']);
  });
});

describe('verdictsOf', () => {
  it('takes the check\'s per-machine reasons, falling back to the request\'s text for checks that send none', () => {
    expect(
      verdictsOf([
        { names: ['a', 'b'], reason: 'MachineHealthCheck mhc: a, b', machines: sick('a') },
        { names: ['c'], reason: 'MachineHealthCheck old: c failed' },
      ]),
    ).toEqual([...sick('a'), { name: 'b', reason: 'MachineHealthCheckFailed', message: 'MachineHealthCheck mhc: a, b' }, { name: 'c', reason: 'MachineHealthCheckFailed', message: 'MachineHealthCheck old: c failed' }]);
  });
});
