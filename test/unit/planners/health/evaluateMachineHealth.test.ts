import {
  evaluateMachineHealth,
  type HealthCheckCluster,
  type HealthCheckMachine,
  type HealthCheckSpec,
  type MachineHealth,
} from '../../../../shared/planners/health';
import { at, check, cond, machine, nodeCond, notReady, NOW, readyCluster, withoutNode } from './fixtures';

const cpNotInitialized = readyCluster({
  conditions: [cond('InfrastructureReady', 'True', -7200), cond('ControlPlaneInitialized', 'False', -7200)],
});
const infraNotReady = readyCluster({
  conditions: [cond('InfrastructureReady', 'False', -7200), cond('ControlPlaneInitialized', 'True', -7000)],
});

interface Case {
  name: string;
  machine: HealthCheckMachine;
  check?: HealthCheckSpec;
  cluster?: HealthCheckCluster;
  expected: Partial<MachineHealth> & { status: MachineHealth['status'] };
}

const cases: Case[] = [
  {
    name: 'a Ready Node passes and is counted',
    machine: machine('m1'),
    expected: { status: 'healthy', counted: true },
  },
  {
    name: 'skip-remediation annotation: not a target',
    machine: notReady('m1', -3000, { annotations: { 'cluster.x-k8s.io/skip-remediation': '' } }),
    expected: { status: 'skipped', reason: 'SkipRemediationAnnotation' },
  },
  {
    name: 'paused annotation: not a target',
    machine: notReady('m1', -3000, { annotations: { 'cluster.x-k8s.io/paused': '' } }),
    expected: { status: 'skipped', reason: 'PausedAnnotation' },
  },
  {
    name: 'remediate-machine annotation: unhealthy at once',
    machine: machine('m1', { annotations: { 'cluster.x-k8s.io/remediate-machine': '' } }),
    expected: {
      status: 'unhealthy',
      reason: 'HasRemediateAnnotation',
      message:
        'Health check failed: marked for remediation via cluster.x-k8s.io/remediate-machine annotation',
    },
  },
  {
    name: 'remediate-machine annotation wins even before the control plane is initialized',
    machine: machine('m1', { annotations: { 'cluster.x-k8s.io/remediate-machine': '' } }),
    cluster: cpNotInitialized,
    expected: { status: 'unhealthy', reason: 'HasRemediateAnnotation' },
  },
  {
    name: 'workers are not judged before ControlPlaneInitialized (and not counted: no Node lookup yet)',
    machine: withoutNode('m1', -5000),
    cluster: cpNotInitialized,
    expected: { status: 'notEvaluated', reason: 'ControlPlaneNotInitialized', counted: false },
  },
  {
    name: 'a control-plane Machine is judged before ControlPlaneInitialized, so a failed first CP is remediated',
    machine: withoutNode('cp-0', -5000, { role: 'control-plane', ownerKind: 'KubeadmControlPlane' }),
    cluster: cpNotInitialized,
    expected: {
      status: 'unhealthy',
      reason: 'NodeStartupTimeout',
      message: 'Health check failed: Node failed to report startup in 10m0s',
    },
  },
  {
    name: 'nothing is judged while the Cluster infrastructure is not ready (a Machine with a Node still counts)',
    machine: notReady('m1', -3000),
    cluster: infraNotReady,
    expected: { status: 'notEvaluated', reason: 'ClusterInfrastructureNotReady', counted: true },
  },
  {
    name: 'nodeRef set but the Node is gone: NodeDeleted',
    machine: machine('m1', { node: undefined }),
    expected: {
      status: 'unhealthy',
      reason: 'NodeDeleted',
      message: 'Health check failed: Node m1 has been deleted',
    },
  },
  {
    name: 'no Node 5 minutes after creation: pending until creation + 600 s + 1 s',
    machine: withoutNode('m1', -300),
    expected: { status: 'pending', recheckAt: at(301) },
  },
  {
    name: 'no Node 11 minutes after creation: NodeStartupTimeout',
    machine: withoutNode('m1', -660),
    expected: {
      status: 'unhealthy',
      reason: 'NodeStartupTimeout',
      message: 'Health check failed: Node failed to report startup in 10m0s',
    },
  },
  {
    name: 'startup window starts at the Machine InfrastructureReady transition when that is later',
    machine: withoutNode('m1', -3600, { conditions: [cond('InfrastructureReady', 'True', -120)] }),
    expected: { status: 'pending', recheckAt: at(481) },
  },
  {
    name: 'startup window starts at the Cluster ControlPlaneInitialized transition when that is later',
    machine: withoutNode('m1', -3600, { conditions: [cond('InfrastructureReady', 'True', -3500)] }),
    cluster: readyCluster({
      conditions: [cond('InfrastructureReady', 'True', -7200), cond('ControlPlaneInitialized', 'True', -60)],
    }),
    expected: { status: 'pending', recheckAt: at(541) },
  },
  {
    name: 'a Machine InfrastructureReady=False transition does not move the window',
    machine: withoutNode('m1', -700, { conditions: [cond('InfrastructureReady', 'False', -10)] }),
    expected: { status: 'unhealthy', reason: 'NodeStartupTimeout' },
  },
  {
    name: 'nodeStartupTimeout 0 disables the startup check (healthy, but not counted without a Node)',
    machine: withoutNode('m1', -99999),
    check: check({ nodeStartupTimeoutSeconds: 0 }),
    expected: { status: 'healthy', counted: false },
  },
  {
    name: 'nodeStartupTimeout defaults to 600 s',
    machine: withoutNode('m1', -599),
    check: check({ nodeStartupTimeoutSeconds: undefined }),
    expected: { status: 'pending', recheckAt: at(2) },
  },
  {
    name: 'Ready=Unknown for 6 minutes with a 5 minute timeout: UnhealthyNode',
    machine: machine('m1', { node: { name: 'm1', conditions: [nodeCond('Ready', 'Unknown', -360)] } }),
    expected: {
      status: 'unhealthy',
      reason: 'UnhealthyNode',
      message: 'Health check failed: Condition Ready on Node is reporting status Unknown for more than 5m0s',
    },
  },
  {
    name: 'Ready=False for 2 minutes: pending until transition + 300 s + 1 s',
    machine: notReady('m1', -120),
    expected: { status: 'pending', recheckAt: at(181) },
  },
  {
    name: 'exactly at transition + timeout it is not yet unhealthy (strictly before now)',
    machine: notReady('m1', -300),
    expected: { status: 'pending', recheckAt: at(1) },
  },
  {
    name: 'conditions are ORed: one expired check is enough',
    machine: machine('m1', {
      node: {
        name: 'm1',
        conditions: [nodeCond('Ready', 'False', -400), nodeCond('DiskPressure', 'True', -10)],
      },
    }),
    check: check({
      unhealthyConditions: [
        { type: 'Ready', status: 'False', timeoutSeconds: 300 },
        { type: 'DiskPressure', status: 'True', timeoutSeconds: 60 },
      ],
    }),
    expected: { status: 'unhealthy', reason: 'UnhealthyNode' },
  },
  {
    name: 'a condition with another status than the check does not match',
    machine: machine('m1', {
      node: {
        name: 'm1',
        conditions: [nodeCond('Ready', 'True', -9999), nodeCond('MemoryPressure', 'True', -9999)],
      },
    }),
    expected: { status: 'healthy', counted: true },
  },
  {
    name: 'unhealthyMachineConditions: UnhealthyMachine',
    machine: machine('m1', {
      conditions: [cond('InfrastructureReady', 'True', -3500), cond('EtcdMemberHealthy', 'False', -900)],
    }),
    check: check({
      unhealthyMachineConditions: [{ type: 'EtcdMemberHealthy', status: 'False', timeoutSeconds: 600 }],
    }),
    expected: {
      status: 'unhealthy',
      reason: 'UnhealthyMachine',
      message:
        'Health check failed: Condition EtcdMemberHealthy on Machine is reporting status False for more than 10m0s',
    },
  },
  {
    name: 'Node deleted plus an unhealthy Machine condition: reason UnhealthyMachine, messages merged',
    machine: machine('m1', { node: undefined, conditions: [cond('EtcdMemberHealthy', 'False', -900)] }),
    check: check({
      unhealthyMachineConditions: [{ type: 'EtcdMemberHealthy', status: 'False', timeoutSeconds: 600 }],
    }),
    expected: {
      status: 'unhealthy',
      reason: 'UnhealthyMachine',
      message:
        'Health check failed: Node m1 has been deleted; Condition EtcdMemberHealthy on Machine is reporting status False for more than 10m0s',
    },
  },
  {
    name: 'a deleting Machine with a healthy Node passes but is not counted',
    machine: machine('m1', { deleting: true }),
    expected: { status: 'healthy', counted: false },
  },
];

describe('evaluateMachineHealth (CAPI needsRemediation)', () => {
  it.each(cases)('$name', ({ machine: m, check: c, cluster, expected }) => {
    expect(evaluateMachineHealth(m, c ?? check(), cluster ?? readyCluster(), NOW)).toMatchObject(expected);
  });
});
