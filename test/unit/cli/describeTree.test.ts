import { renderDescribeTree } from '../../../scripts/cli/render/describeTree';
import type { ClusterDescription, MachineStatus } from '../../../shared/status/types';

const t = '2026-01-01T00:00:00.000Z';
const m = (name: string, phase: MachineStatus['phase']): MachineStatus => ({
  name, role: 'worker', version: 'v1.31.4', phase, addresses: [], createdAt: t, lastUpdated: t,
  conditions: [{ type: 'Ready', status: phase === 'Running' ? 'True' : 'False', severity: '', reason: 'WaitingForNode', message: 'waiting for the node', lastTransitionTime: t }],
});

const d: ClusterDescription = {
  namespace: 'default', name: 'dev', provider: 'sim', phase: 'Provisioned', version: 'v1.31.4', labels: {},
  generation: 2, observedGeneration: 2, ready: false, paused: false,
  conditions: [{ type: 'Ready', status: 'False', severity: 'Info', reason: 'WorkersNotReady', message: 'md-0: 1/2', lastTransitionTime: t }],
  infrastructure: { kind: 'SimCluster', name: 'dev', provisioned: true, controlPlaneEndpoint: { host: 'dev.sim', port: 6443 }, failureDomains: [] },
  controlPlane: { kind: 'KubeadmControlPlane', name: 'dev-cp', desiredReplicas: 1, replicas: 1, readyReplicas: 1, version: 'v1.31.4',
    initialized: true, ready: true, deleted: false, conditions: [], machines: [m('dev-cp-abcde', 'Running')], observedSpecVersion: 2 },
  machineDeployments: [{ name: 'md-0', desiredReplicas: 2, replicas: 2, readyReplicas: 1, availableReplicas: 1, version: 'v1.31.4',
    phase: 'ScalingUp', ready: false, deleted: false, conditions: [], machineSets: [], observedSpecVersion: 2,
    machines: [m('md-0-x-aaaaa', 'Running'), m('md-0-x-bbbbb', 'Provisioned')] }],
  healthChecks: [],
  waitingFor: 'WorkersAvailable: md-0: 1/2', createdAt: t, lastUpdated: t,
};

describe('renderDescribeTree', () => {
  it('prints the clusterctl-style tree with phases and what blocks', () => {
    const out = renderDescribeTree(d, { now: Date.parse(t) + 90_000 });
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+READY\s+PHASE\s+VERSION\s+SINCE\s+MESSAGE$/);
    expect(out).toContain('Cluster/dev');
    expect(out).toContain('├─ClusterInfrastructure - SimCluster/dev');
    expect(out).toContain('├─ControlPlane - KubeadmControlPlane/dev-cp');
    expect(out).toContain('│ └─Machine/dev-cp-abcde');
    expect(out).toContain('└─Workers');
    expect(out).toMatch(/└─MachineDeployment\/md-0\s+-\s+ScalingUp 1\/2/);
    expect(out).toMatch(/└─Machine\/md-0-x-bbbbb\s+False\s+Provisioned\s+v1\.31\.4\s+90s\s+waiting for the node/);
    expect(out).toContain('waiting for: WorkersAvailable: md-0: 1/2');
  });

  it("lists a health check's remediation requests under it, with template, progress and ExternallyRemediated=False", () => {
    const withRequests: ClusterDescription = {
      ...d,
      healthChecks: [{
        name: 'md-0-mhc', expectedMachines: 2, currentHealthy: 1, remediationAllowed: true, message: '', deleted: false,
        unhealthy: [{ machine: 'md-0-x-bbbbb', reason: 'Condition Ready on node is reporting status Unknown for more than 2s' }],
        remediated: [],
        remediationRequests: [
          { machine: 'md-0-x-aaaaa', template: { kind: 'Metal3RemediationTemplate', name: 'bmc' }, phase: 'WaitingForExternalController',
            message: 'waiting for an external controller', createdAt: t, lastUpdated: t },
          { machine: 'md-0-x-bbbbb', template: { kind: 'RebootRemediationTemplate', name: 'reboot' }, phase: 'WaitingForHealthy',
            attempts: 1, retryLimit: 2, message: 'power cycle 1 of 2 done', createdAt: t, lastUpdated: t },
        ],
      }],
    };
    const out = renderDescribeTree(withRequests, { now: Date.parse(t) + 30_000 });
    expect(out).toMatch(/├─RemediationRequest\/md-0-x-aaaaa\s+False\s+WaitingForExternalController\s+30s\s+Metal3RemediationTemplate\/bmc: waiting for an external controller/);
    expect(out).toMatch(/└─RemediationRequest\/md-0-x-bbbbb\s+False\s+WaitingForHealthy 1\/2\s+30s\s+RebootRemediationTemplate\/reboot: power cycle 1 of 2 done/);
  });

  it('--show-conditions lists every condition under its object', () => {
    const withConds = { ...d, conditions: [...d.conditions, { type: 'InfrastructureReady', status: 'True' as const, severity: '' as const, reason: '', message: '', lastTransitionTime: t }] };
    expect(renderDescribeTree(withConds, { showConditions: true, now: Date.parse(t) })).toContain('InfrastructureReady');
  });
});

describe('renderDescribeTree: a staged change', () => {
  it('says which revision waits, from which class, what it will replace, and how to roll it out', () => {
    const staged: ClusterDescription = {
      ...d,
      staged: { revision: 'k3x9qa', stagedAt: t, clusterClass: 'standard-sim', rollouts: ['MachineDeployment/md-0: 2 machine(s), KubeadmConfigTemplate w → w-abcdef'] },
    };
    const lines = renderDescribeTree(staged, { now: Date.parse(t) }).split('\n');
    expect(lines.slice(-2)).toEqual([
      `staged: revision k3x9qa (ClusterClass standard-sim, rollout policy Campaign), since ${t}; waits for a campaign (stagedChanges: true) or capstan promote cluster dev k3x9qa`,
      '  rollout: MachineDeployment/md-0: 2 machine(s), KubeadmConfigTemplate w → w-abcdef',
    ]);
    expect(renderDescribeTree(d, { now: Date.parse(t) })).not.toContain('staged:');
  });
});
