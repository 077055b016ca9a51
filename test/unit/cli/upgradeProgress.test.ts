import { formatUpgradeProgress } from '../../../scripts/cli/render/upgradeProgress';
import type { Condition } from '../../../shared/status/conditions';
import type { ClusterDescription, ControlPlaneStatus, MachineDeploymentStatus, MachineStatus } from '../../../shared/status/types';

const T = '2026-01-01T00:00:00.000Z';
const OLD = 'v1.31.4';
const NEW = 'v1.32.0';

const m = (name: string, version: string, patch: Partial<MachineStatus> = {}): MachineStatus => ({
  name, role: 'worker', version, phase: 'Running', addresses: [], createdAt: T, lastUpdated: T, conditions: [], ...patch,
});
const cond = (type: string, status: Condition['status'], message = '', reason = ''): Condition => ({
  type, status, severity: status === 'True' ? '' : 'Info', reason, message, lastTransitionTime: T,
});

function cp(patch: Partial<ControlPlaneStatus> = {}): ControlPlaneStatus {
  const machines = patch.machines ?? [m('c1-cp-a', NEW), m('c1-cp-b', NEW), m('c1-cp-c', NEW)];
  return {
    kind: 'KubeadmControlPlane', name: 'c1-cp', desiredReplicas: 3, replicas: machines.length, readyReplicas: 3, upToDateReplicas: 3,
    version: NEW, initialized: true, ready: true, deleted: false, conditions: [], machines, observedSpecVersion: 2, ...patch,
  };
}

function md(name: string, patch: Partial<MachineDeploymentStatus> = {}): MachineDeploymentStatus {
  const machines = patch.machines ?? [m(`${name}-a`, NEW), m(`${name}-b`, NEW)];
  return {
    name, desiredReplicas: 2, replicas: machines.length, readyReplicas: 2, availableReplicas: 2, version: NEW, phase: 'Running',
    ready: true, deleted: false, conditions: [], machineSets: [], machines, observedSpecVersion: 2, ...patch,
  };
}

function cluster(patch: Partial<ClusterDescription> = {}): ClusterDescription {
  return {
    namespace: 'default', name: 'c1', provider: 'sim', phase: 'Provisioned', version: NEW, labels: {}, generation: 2,
    observedGeneration: 2, ready: false, paused: false, conditions: [],
    infrastructure: { kind: 'SimCluster', name: 'c1', provisioned: true, failureDomains: [] },
    controlPlane: cp(), machineDeployments: [], healthChecks: [], createdAt: T, lastUpdated: T, ...patch,
  };
}

/** The table's rows as [object, count, status] (cells are separated by at least two spaces). */
function rows(out: string): string[][] {
  return out.split('\n').slice(2).map((l) => l.split(/ {2,}/));
}
const row = (out: string, object: string): string[] | undefined => rows(out).find((r) => r[0] === object);

const HOLD_CP = `upgrade to ${NEW} waits for the control plane: 1 of 3 control-plane machine(s) at ${NEW}, oldest at ${OLD}`;
const HOLD_TURN = `upgrade to ${NEW} waits for its turn: 1 MachineDeployment(s) upgrading, at most 1 at once (topology.cluster.x-k8s.io/upgrade-concurrency)`;
/** UpgradePending as describeCluster writes it: "md: why" joined by "; ". */
const pending = (holds: Record<string, string>, status: Condition['status'] = 'True'): Condition =>
  cond('UpgradePending', status, Object.entries(holds).map(([n, why]) => `${n}: ${why}`).join('; '), 'MachineDeploymentsUpgradePending');

describe('formatUpgradeProgress: the control-plane row', () => {
  const rolling = cond('RollingOut', 'True', `Rolling 3 replicas with outdated spec (1 Machine is outdated)\n* Machine c1-cp-a: Version ${OLD}, ${NEW} required\n* waiting for etcd member c1-cp-d to join`, 'RollingOut');

  test.each<[string, Partial<ControlPlaneStatus>, string, string]>([
    ['ready, every machine at the target: done', {}, '3/3', 'done'],
    ['rolling: the last line of the RollingOut message, without "* "', { ready: false, conditions: [rolling], machines: [m('a', OLD), m('b', NEW), m('c', NEW)] }, '2/3', 'waiting for etcd member c1-cp-d to join'],
    ['rolling with a one-line message', { ready: false, conditions: [cond('RollingOut', 'True', 'Rolling 3 replicas with outdated spec')], machines: [m('a', OLD), m('b', OLD), m('c', NEW)] }, '1/3', 'Rolling 3 replicas with outdated spec'],
    ['ready but a machine old, RollingOut still True', { conditions: [rolling], machines: [m('a', OLD), m('b', NEW), m('c', NEW)] }, '2/3', 'waiting for etcd member c1-cp-d to join'],
    ['RollingOut False is not shown: not ready → ready count', { ready: false, readyReplicas: 2, conditions: [cond('RollingOut', 'False', 'old news')], machines: [m('a', OLD), m('b', OLD), m('c', OLD)] }, '0/3', '2/3 ready'],
    ['ready, machines old, nothing rolling: waiting', { machines: [m('a', OLD), m('b', OLD), m('c', OLD)] }, '0/3', 'waiting'],
    ['a surge machine: counted apart', { ready: false, conditions: [rolling], machines: [m('a', OLD), m('b', NEW), m('c', NEW), m('d', NEW)] }, '3/3 (+1 surge/deleting)', 'waiting for etcd member c1-cp-d to join'],
    ['a deleting machine at the target is not counted', { ready: false, readyReplicas: 2, machines: [m('a', NEW, { deletionRequestedAt: T }), m('b', NEW), m('c', NEW)] }, '2/3', '2/3 ready'],
  ])('%s', (_, patch, count, status) => {
    const out = formatUpgradeProgress(cluster({ controlPlane: cp(patch) }), NEW, 5000);
    expect(row(out, 'KubeadmControlPlane/c1-cp')).toEqual(['KubeadmControlPlane/c1-cp', count, status]);
  });

  test('no control plane reported: no row for it', () => {
    const out = formatUpgradeProgress(cluster({ controlPlane: undefined, machineDeployments: [md('md-0')] }), NEW, 0);
    expect(rows(out).map((r) => r[0])).toEqual(['MachineDeployment/md-0']);
  });
});

describe('formatUpgradeProgress: MachineDeployment rows', () => {
  test.each<[string, MachineDeploymentStatus, Condition[], string, string]>([
    ['held for the control plane: the hold text', md('md-a', { version: OLD, machines: [m('x', OLD), m('y', OLD)] }), [pending({ 'md-a': HOLD_CP })], '0/2', HOLD_CP],
    ['held for its turn: its own hold, not the other MD\'s', md('md-b', { version: OLD, machines: [m('x', OLD), m('y', OLD)] }), [pending({ 'md-a': HOLD_CP, 'md-b': HOLD_TURN })], '0/2', HOLD_TURN],
    ['a hold wins even when the status looks done', md('md-a'), [pending({ 'md-a': HOLD_TURN })], '2/2', HOLD_TURN],
    ['UpgradePending False is ignored', md('md-a'), [pending({ 'md-a': HOLD_TURN }, 'False')], '2/2', 'done'],
    ['finished: done', md('md-a'), [], '2/2', 'done'],
    ['finished, another MD held', md('md-a'), [pending({ 'md-b': HOLD_TURN })], '2/2', 'done'],
    ['released and rolling: its phase', md('md-a', { ready: false, phase: 'ScalingUp', machines: [m('x', OLD), m('y', NEW), m('z', NEW)] }), [], '2/2 (+1 surge/deleting)', 'rolling out (ScalingUp)'],
    ['at the version but not ready', md('md-a', { ready: false, phase: 'ScalingDown' }), [], '2/2', 'rolling out (ScalingDown)'],
    ['not at the version, not held: waiting', md('md-a', { version: OLD, machines: [m('x', OLD), m('y', OLD)] }), [], '0/2', 'waiting'],
    ['a deleting old machine does not count, a live new one does', md('md-a', { ready: false, phase: 'ScalingDown', machines: [m('x', OLD, { deletionRequestedAt: T }), m('y', NEW), m('z', NEW)] }), [], '2/2 (+1 surge/deleting)', 'rolling out (ScalingDown)'],
  ])('%s', (_, status, conditions, count, text) => {
    const out = formatUpgradeProgress(cluster({ machineDeployments: [status], conditions }), NEW, 0);
    expect(row(out, `MachineDeployment/${status.name}`)).toEqual([`MachineDeployment/${status.name}`, count, text]);
  });

  test('rows: control plane first, then MDs in the description\'s order', () => {
    const d = cluster({
      machineDeployments: [md('md-z', { version: OLD, machines: [m('x', OLD)] }), md('md-a')],
      conditions: [pending({ 'md-z': HOLD_TURN })],
    });
    const out = formatUpgradeProgress(d, NEW, 0);
    expect(rows(out)).toEqual([
      ['KubeadmControlPlane/c1-cp', '3/3', 'done'],
      ['MachineDeployment/md-z', '0/2', HOLD_TURN],
      ['MachineDeployment/md-a', '2/2', 'done'],
    ]);
  });
});

describe('formatUpgradeProgress: header', () => {
  test.each<[string, boolean, number, string]>([
    ['in progress, seconds', false, 42_000, `upgrade default/c1 to ${NEW}: in progress after 42s`],
    ['in progress, minutes', false, 65_000, `upgrade default/c1 to ${NEW}: in progress after 1m05s`],
    ['complete', true, 600_000, `upgrade default/c1 to ${NEW}: complete after 10m00s`],
  ])('%s', (_, ready, elapsed, header) => {
    const lines = formatUpgradeProgress(cluster({ ready }), NEW, elapsed).split('\n');
    expect(lines[0]).toBe(header);
    expect(lines[1]).toMatch(new RegExp(`^OBJECT\\s+AT ${NEW.replace(/\./g, '\\.')}\\s+STATUS$`));
  });
});
