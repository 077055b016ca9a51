import { planHealthCheck } from '../../../../shared/planners/health';
import { recoveredHandOvers, unhealthyVerdicts } from '../../../../shared/planners/health/ownerHandOvers';
import { NOW, machine, notReady } from './fixtures';

const spec = {
  name: 'mhc',
  selector: { matchLabels: { pool: 'md-0' } },
  unhealthyConditions: [{ type: 'Ready', status: 'False', timeoutSeconds: 60 }],
};
const cluster = {
  paused: false,
  conditions: [
    { type: 'InfrastructureReady', status: 'True' as const, severity: '' as const, reason: '', message: '', lastTransitionTime: '2026-01-01T00:00:00.000Z' },
    { type: 'ControlPlaneInitialized', status: 'True' as const, severity: '' as const, reason: '', message: '', lastTransitionTime: '2026-01-01T00:00:00.000Z' },
  ],
};

describe('recoveredHandOvers', () => {
  const plan = planHealthCheck(
    { check: spec, cluster, machines: [machine('back'), notReady('still-bad', -300), machine('never-handed'), machine('cp', { ownerKind: 'KubeadmControlPlane' })] },
    NOW,
  );
  const targets = [
    { name: 'back', ownerKind: 'MachineSet', ownerWorkflowId: 'md/default/md-0' },
    { name: 'still-bad', ownerKind: 'MachineSet', ownerWorkflowId: 'md/default/md-0' },
    { name: 'never-handed', ownerKind: 'MachineSet', ownerWorkflowId: 'md/default/md-0' },
    { name: 'cp', ownerKind: 'KubeadmControlPlane', ownerWorkflowId: 'kcp/default/cp' },
  ];

  it('names handed-over MachineSet machines counted healthy again, by owner; not the unhealthy, not the never handed, not KCP\'s', () => {
    const byOwner = recoveredHandOvers(plan, targets, new Set(['back', 'still-bad', 'cp']));
    expect([...byOwner]).toEqual([['md/default/md-0', ['back']]]);
  });

  it('names KCP\'s recovered machines when asked for that owner kind', () => {
    const byOwner = recoveredHandOvers(plan, targets, new Set(['back', 'still-bad', 'cp']), ['KubeadmControlPlane']);
    expect([...byOwner]).toEqual([['kcp/default/cp', ['cp']]]);
  });

  it('is empty when nothing was handed over', () => {
    expect(recoveredHandOvers(plan, targets, new Set()).size).toBe(0);
  });
});

describe('unhealthyVerdicts', () => {
  it('gives each named unhealthy machine its HealthCheckSucceeded=False reason and message', () => {
    const plan = planHealthCheck({ check: spec, cluster, machines: [notReady('a', -300), notReady('b', -300), machine('c')] }, NOW);
    expect(unhealthyVerdicts(plan, ['a', 'c'])).toEqual([
      { name: 'a', reason: 'UnhealthyNode', message: expect.stringMatching(/Ready/) },
    ]);
  });
});
