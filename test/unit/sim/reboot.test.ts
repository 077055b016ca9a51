/** Power cycles: what a reboot does to the node, its Pods and its faults, and when it is over. */
import { CLUSTER, L, NS, refusal, runningCluster, userPods } from './workloadFixtures';

type World = ReturnType<typeof runningCluster>['world'];
const ready = (world: World, node: string) =>
  world
    .getNode(NS, CLUSTER, node)
    .conditions.find((c) => c.type === 'Ready')!;
const iso = (ms: number) => new Date(ms).toISOString();

describe('rebootMachine', () => {
  it('takes the node NotReady (Unknown) at once and Ready again a boot latency later, keeping the machine', () => {
    const { world, clock } = runningCluster();
    const before = world.stats();
    const at = clock.now();
    const { created, view } = world.rebootMachine(NS, CLUSTER, 'w1', 'k1');
    expect(created).toBe(true);
    expect(view).toMatchObject({ name: 'w1', state: 'running', reboots: 1, rebootingUntil: iso(at + L.bootMs) });
    expect(ready(world, 'w1')).toMatchObject({ status: 'Unknown', lastTransitionTime: iso(at) });
    clock.advance(L.bootMs - 1);
    expect(ready(world, 'w1').status).toBe('Unknown');
    clock.advance(1);
    expect(ready(world, 'w1')).toMatchObject({ status: 'True', reason: 'KubeletReady', lastTransitionTime: iso(at + L.bootMs) });
    const after = world.stats();
    expect(after.machineCreates).toBe(before.machineCreates);
    expect(after.machineReboots).toBe(before.machineReboots + 1);
    expect(world.getMachine(NS, CLUSTER, 'w1')).toMatchObject({ reboots: 1, providerID: view.providerID });
    expect(world.getMachine(NS, CLUSTER, 'w1').rebootingUntil).toBeUndefined();
  });

  it('restarts the Pods on the node: Pending there while it is down, Running again (same node) once it booted', () => {
    const { world, clock } = runningCluster({ workers: 1 });
    world.applyWorkload(NS, CLUSTER, { name: 'api', replicas: 2 });
    clock.advance(L.rescheduleMs);
    const running = userPods(world, 'w1');
    expect(running.map((p) => p.phase)).toEqual(['Running', 'Running']);
    const at = clock.now();
    world.rebootMachine(NS, CLUSTER, 'w1', 'k1');
    expect(userPods(world, 'w1').map((p) => p.phase)).toEqual(['Pending', 'Pending']);
    clock.advance(L.bootMs);
    const restarted = userPods(world, 'w1');
    expect(restarted.map((p) => p.name)).toEqual(running.map((p) => p.name));
    expect(restarted.map((p) => p.phase)).toEqual(['Running', 'Running']);
    expect(restarted.every((p) => p.startedAt === iso(at + L.bootMs))).toBe(true);
  });

  it('clears a NotReady fault on the node, as a power cycle would; the fault is gone', () => {
    const { world, clock } = runningCluster();
    world.injectFault(NS, CLUSTER, { kind: 'nodeCondition', node: 'w1', status: 'False', reason: 'NetworkPluginNotReady' });
    world.rebootMachine(NS, CLUSTER, 'w1', 'k1');
    expect(world.listFaults(NS, CLUSTER)).toEqual([]);
    expect(ready(world, 'w1').status).toBe('Unknown');
    clock.advance(L.bootMs);
    expect(ready(world, 'w1').status).toBe('True');
  });

  it('keeps a persistent fault: the node boots back into it, reboot after reboot', () => {
    const { world, clock } = runningCluster();
    const fault = world.injectFault(NS, CLUSTER, {
      kind: 'nodeCondition',
      node: 'w1',
      status: 'False',
      reason: 'DiskFailure',
      persistent: true,
    });
    expect(fault.description).toContain('persistent');
    for (const key of ['k1', 'k2']) {
      world.rebootMachine(NS, CLUSTER, 'w1', key);
      expect(ready(world, 'w1').status).toBe('Unknown');
      clock.advance(L.bootMs);
      expect(ready(world, 'w1')).toMatchObject({ status: 'False', reason: 'DiskFailure', lastTransitionTime: iso(clock.now()) });
    }
    expect(world.listFaults(NS, CLUSTER).map((f) => f.id)).toEqual([fault.id]);
    world.clearFault(NS, CLUSTER, fault.id);
    expect(ready(world, 'w1').status).toBe('True');
  });

  it('a repeated request with the key of the latest cycle starts no second cycle; a new key does', () => {
    const { world, clock } = runningCluster();
    const first = world.rebootMachine(NS, CLUSTER, 'w1', 'k1');
    clock.advance(100);
    const again = world.rebootMachine(NS, CLUSTER, 'w1', 'k1');
    expect(again.created).toBe(false);
    expect(again.view).toMatchObject({ reboots: 1, rebootingUntil: first.view.rebootingUntil });
    expect(world.rebootMachine(NS, CLUSTER, 'w1', 'k2').view.reboots).toBe(2);
    expect(world.stats().machineReboots).toBe(2);
  });

  it('refuses a machine that is not running (409) and a missing one (404)', () => {
    const { world } = runningCluster();
    world.deleteMachine(NS, CLUSTER, 'w2');
    expect(refusal(() => world.rebootMachine(NS, CLUSTER, 'w2', 'k1'))).toMatchObject({ httpStatus: 409 });
    expect(refusal(() => world.rebootMachine(NS, CLUSTER, 'nope', 'k1'))).toMatchObject({ httpStatus: 404 });
  });

  it('re-registers a Node deleted during the cycle once the machine has booted', () => {
    const { world, clock } = runningCluster();
    world.rebootMachine(NS, CLUSTER, 'w1', 'k1');
    world.deleteNode(NS, CLUSTER, 'w1');
    clock.advance(L.bootMs - 1);
    expect(world.listNodes(NS, CLUSTER).map((n) => n.name)).not.toContain('w1');
    clock.advance(1);
    expect(ready(world, 'w1').status).toBe('True');
  });
});
