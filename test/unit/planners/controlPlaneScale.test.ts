import { planControlPlaneScale } from '../../../shared/planners/controlPlaneScale';
import { machine } from './fixtures';

const fds = [
  { name: 'fd-a', controlPlane: true },
  { name: 'fd-b', controlPlane: true },
  { name: 'fd-c', controlPlane: true },
  { name: 'workers-only', controlPlane: false },
];
const cp = (name: string, fd: string, patch = {}) => machine(name, { role: 'control-plane', failureDomain: fd, ...patch });

describe('planControlPlaneScale', () => {
  it('creates the kubeadm init machine first, in the first control-plane failure domain', () => {
    expect(planControlPlaneScale({ replicas: 3, machines: [], failureDomains: fds, initialized: false })).toMatchObject({
      action: 'create',
      role: 'init',
      failureDomain: 'fd-a',
    });
  });

  it('waits for initialization before any join', () => {
    const intent = planControlPlaneScale({
      replicas: 3,
      machines: [cp('m1', 'fd-a', { phase: 'Provisioning', nodeName: undefined })],
      failureDomains: fds,
      initialized: false,
    });
    expect(intent).toMatchObject({ action: 'wait' });
    expect(intent.reason).toContain('initialize');
  });

  it('joins one machine at a time into the least populated failure domain', () => {
    const intent = planControlPlaneScale({ replicas: 3, machines: [cp('m1', 'fd-a')], failureDomains: fds, initialized: true });
    expect(intent).toMatchObject({ action: 'create', role: 'join', failureDomain: 'fd-b' });
  });

  it('preflight: no new machine while another has no node yet', () => {
    const intent = planControlPlaneScale({
      replicas: 3,
      machines: [cp('m1', 'fd-a'), cp('m2', 'fd-b', { phase: 'Provisioned', nodeName: undefined })],
      failureDomains: fds,
      initialized: true,
    });
    expect(intent.action).toBe('wait');
    expect(intent.reason).toContain('m2 (Provisioned)');
  });

  it('never acts while a machine is being deleted', () => {
    const intent = planControlPlaneScale({
      replicas: 1,
      machines: [cp('m1', 'fd-a'), cp('m2', 'fd-b', { deletionRequestedAt: '2026-01-01T00:00:00Z' }), cp('m3', 'fd-c')],
      failureDomains: fds,
      initialized: true,
    });
    expect(intent).toMatchObject({ action: 'wait' });
    expect(intent.reason).toContain('m2');
  });

  it('scales down from the most populated failure domain, oldest first', () => {
    const machines = [
      cp('a1', 'fd-a', { createdAt: '2026-01-02T00:00:00Z' }),
      cp('a2', 'fd-a', { createdAt: '2026-01-01T00:00:00Z' }),
      cp('b1', 'fd-b', { createdAt: '2025-12-01T00:00:00Z' }),
    ];
    expect(planControlPlaneScale({ replicas: 1, machines, failureDomains: fds, initialized: true })).toMatchObject({
      action: 'delete',
      machine: 'a2',
    });
  });

  it('scales down machines outside known failure domains first', () => {
    const machines = [cp('a1', 'fd-a'), cp('a2', 'fd-a'), cp('x', 'gone-fd', { createdAt: '2026-02-01T00:00:00Z' })];
    expect(planControlPlaneScale({ replicas: 1, machines, failureDomains: fds, initialized: true })).toMatchObject({
      action: 'delete',
      machine: 'x',
    });
  });

  it('holds at the declared count', () => {
    expect(
      planControlPlaneScale({ replicas: 1, machines: [cp('m1', 'fd-a')], failureDomains: fds, initialized: true }).action,
    ).toBe('none');
  });

  it('works without failure domains', () => {
    expect(planControlPlaneScale({ replicas: 3, machines: [cp('m1', '')], failureDomains: [], initialized: true })).toMatchObject({
      action: 'create',
      role: 'join',
      failureDomain: undefined,
    });
  });
});
