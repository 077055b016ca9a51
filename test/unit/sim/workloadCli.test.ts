/** The pure pieces of the `capstan sim` workload verbs: flag parsing and the tables they print. */
import {
  parseBooleanFlag,
  parseConditionStatus,
  parseIntOrPercent,
  parseLabels,
  parseObjectRef,
  parseRange,
} from '../../../scripts/sim/cliArgs';
import {
  formatControlPlaneHealth,
  formatEtcdMembers,
  formatFaults,
  formatPdbs,
  formatPods,
  formatWorkloadSummary,
  formatWorkloads,
} from '../../../scripts/sim/formatWorkloadCluster';
import { formatWorldStatus } from '../../../scripts/sim/formatWorldStatus';
import { parseDurationMs, parseLatencySpec } from '../../../scripts/sim/latencySpec';
import { CLUSTER, L, NS, runningCluster } from './workloadFixtures';

describe('sim CLI flags', () => {
  it('parses cluster references, labels, budgets, statuses, booleans and ranges', () => {
    expect(parseObjectRef('c1', 'default', 'cluster')).toEqual({ namespace: 'default', name: 'c1' });
    expect(parseObjectRef('team-a/c1', 'default', 'cluster')).toEqual({ namespace: 'team-a', name: 'c1' });
    expect(() => parseObjectRef('a/b/c', 'default', 'cluster')).toThrow(/not a cluster reference/);
    expect(parseLabels(['app=api', 'tier=web'])).toEqual({ app: 'api', tier: 'web' });
    expect(() => parseLabels(['nolabel'])).toThrow(/key=value/);
    expect(parseIntOrPercent('3')).toBe(3);
    expect(parseIntOrPercent('50%')).toBe('50%');
    expect(() => parseIntOrPercent('-1')).toThrow(/neither/);
    expect(parseConditionStatus('unknown')).toBe('Unknown');
    expect(() => parseConditionStatus('maybe')).toThrow(/True, False or Unknown/);
    expect(parseBooleanFlag('false')).toBe(false);
    expect(parseRange('5s..30s', parseDurationMs)).toEqual({ min: 5000, max: 30_000 });
    expect(() => parseRange('30s..5s', parseDurationMs)).toThrow(/ends before it starts/);
  });

  it('knows the new latencies', () => {
    expect(parseLatencySpec('reschedule=2s,podTermination=30s,volumeDetach=1s,notReadyEviction=5m')).toEqual({
      rescheduleMs: 2000,
      podTerminationMs: 30_000,
      volumeDetachMs: 1000,
      notReadyEvictionMs: 300_000,
    });
  });
});

describe('sim workload tables', () => {
  it('prints pods, budgets, etcd, health, workloads and faults', () => {
    const { world, clock } = runningCluster({ controlPlanes: 3 });
    world.applyWorkload(NS, CLUSTER, {
      name: 'api',
      replicas: 2,
      pdb: { minAvailable: 2 },
      drainLabel: 'skip',
      volumes: { claims: ['data'] },
    });
    clock.advance(L.rescheduleMs);
    world.injectFault(NS, CLUSTER, { kind: 'etcdMember', member: 'cp3', healthy: false });
    world.injectFault(NS, CLUSTER, { kind: 'failProvisioning', count: 2 });

    expect(formatPods(world.listPods(NS, CLUSTER, { namespace: 'default' }))).toMatch(
      /^NAMESPACE\s+NAME\s+READY\s+STATUS\s+NODE\s+OWNER\s+NOTE\ndefault\s+api-\w{5}\s+yes\s+Running\s+w\d\s+ReplicaSet\/api\s+drain=skip pvc=data\n/,
    );
    expect(formatPdbs(world.listPodDisruptionBudgets(NS, CLUSTER))).toMatch(
      /default\s+api\s+2\s+N\/A\s+0\s+2\/2\s+2/,
    );
    expect(formatEtcdMembers(world.listEtcdMembers(NS, CLUSTER))).toMatch(
      /[0-9a-f]{16}\s+cp3\s+https:\S+\s+false\s+false\s+false/,
    );
    expect(formatControlPlaneHealth(world.controlPlaneHealth(NS, CLUSTER))).toMatch(
      /cp3\s+False\s+True\s+True\s+True\s+False\s+Pod kube-apiserver-cp3 is not ready: .*; Etcd member cp3 is not healthy/,
    );
    expect(formatWorkloads(world.listWorkloads(NS, CLUSTER))).toMatch(
      /default\s+api\s+ReplicaSet\s+2\/2\s+minAvailable 2\s+skip\s+pvc\/data/,
    );
    expect(formatFaults(world.listFaults(NS, CLUSTER))).toMatch(
      /f2\s+failProvisioning\s+\S+\s+-\s+the next 2 machine\(s\) fail provisioning/,
    );
    expect(formatWorkloadSummary(world.view())).toMatch(
      /default\s+c1\s+up\s+2\/3 healthy\s+cp\d\s+\d+\/\d+\s+1\s+f1,f2/,
    );
    expect(formatWorldStatus(world.view())).toContain('WORKLOAD CLUSTERS');
    expect(formatPods([])).toBe('No pods.\n');
  });
});
