/**
 * Bootstrap tokens in the simulated workload cluster: a join whose token expired before the
 * machine booted never registers its node (kubeadm's discovery gives up), a refreshed one does,
 * and a token replaced by a newer render is refused. Latencies: provision 1 s, boot 0.5 s.
 */
import { CLUSTER, NS, joinData, machineRequest } from './worldFixtures';
import { runningCluster } from './workloadFixtures';

const TOKEN = 'abcdef.0123456789abcdef';

describe('bootstrap tokens and kubeadm join', () => {
  it('a token that expires before the machine boots: the machine runs, its node never registers, and it says why', () => {
    const { world, clock } = runningCluster({ workers: 0 });
    world.createBootstrapToken(NS, CLUSTER, TOKEN, 1); // 1 s, the machine needs 1.5 s
    world.ensureMachine(NS, CLUSTER, 'slow', machineRequest({ bootstrapData: joinData() }));
    clock.advance(5000);
    expect(world.getMachine(NS, CLUSTER, 'slow')).toMatchObject({ state: 'running' });
    expect(world.getMachine(NS, CLUSTER, 'slow').bootstrap).toMatchObject({ kind: 'invalid', problem: expect.stringMatching(/bootstrap token abcdef expired at .* \(nothing refreshed it/) });
    expect(() => world.getNode(NS, CLUSTER, 'slow')).toThrow(/not found|does not exist/);
  });

  it('the same machine joins when the token is refreshed while it boots', () => {
    const { world, clock } = runningCluster({ workers: 0 });
    world.createBootstrapToken(NS, CLUSTER, TOKEN, 1);
    world.ensureMachine(NS, CLUSTER, 'slow', machineRequest({ bootstrapData: joinData() }));
    clock.advance(600);
    expect(world.refreshBootstrapToken(NS, CLUSTER, 'abcdef', 1)).toMatchObject({ id: 'abcdef' });
    clock.advance(600);
    world.refreshBootstrapToken(NS, CLUSTER, 'abcdef', 1);
    clock.advance(3000);
    expect(world.getNode(NS, CLUSTER, 'slow').name).toBe('slow');
  });

  it('refuses a token replaced by a newer one under the same id (a re-rendered machine)', () => {
    const { world, clock } = runningCluster({ workers: 0 });
    world.createBootstrapToken(NS, CLUSTER, 'abcdef.ffffffffffffffff', 600);
    world.ensureMachine(NS, CLUSTER, 'old', machineRequest({ bootstrapData: joinData() }));
    clock.advance(5000);
    expect(world.getMachine(NS, CLUSTER, 'old').bootstrap.problem).toMatch(/does not match the one the cluster issued/);
  });

  it('refreshing a token the cluster never issued answers nothing; a malformed token is refused', () => {
    const { world } = runningCluster({ workers: 0 });
    expect(world.refreshBootstrapToken(NS, CLUSTER, 'zzzzzz', 60)).toBeUndefined();
    expect(() => world.createBootstrapToken(NS, CLUSTER, 'not-a-token', 60)).toThrow(/kubeadm bootstrap token/);
  });
});
