/**
 * The sim's route for machines another provider made (the Docker provider's kubelet stand-in):
 * PUT /v1/clusters/:ns/:cluster/external-machines/:machine. The machine runs at once under the
 * given providerID, its Node registers (init first, joins once the API server answers), a repeat
 * is idempotent, a different providerID is refused, and it is deleted like any machine.
 */
import { simRoutes } from '../../../scripts/sim/http/simRoutes';
import { matchRoute } from '../../../scripts/sim/http/router';
import { SimError } from '../../../scripts/sim/world/simError';
import type { SimExternalMachineRequest } from '../../../activities/providers/standIn/simStandInApi';
import {
  CLUSTER,
  NS,
  TEST_LATENCIES as L,
  infraTemplate,
  initData,
  joinData,
  newWorld,
} from './worldFixtures';

const ENDPOINT = { host: '172.18.0.2', port: 6443 };

function dockerCluster() {
  const w = newWorld();
  w.world.ensureClusterInfrastructure(NS, CLUSTER, {
    infrastructure: infraTemplate({ controlPlaneEndpoint: ENDPOINT }),
  });
  w.clock.advance(L.clusterInfraMs);
  return w;
}

const external = (overrides: Partial<SimExternalMachineRequest> = {}): SimExternalMachineRequest => ({
  role: 'control-plane',
  version: 'v1.31.4',
  providerID: 'docker:////c1-cp-aaaaa',
  address: '172.18.0.3',
  infrastructure: {
    apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta1',
    kind: 'DockerMachineTemplate',
    name: 'docker-node',
    spec: {},
  },
  bootstrapData: initData(),
  ...overrides,
});

describe('external machines (PUT .../external-machines/:machine)', () => {
  it('runs at once and its Node registers under the given providerID; joins follow the init', () => {
    const { world } = dockerCluster();
    const cp = world.registerExternalMachine(NS, CLUSTER, 'c1-cp-aaaaa', external());
    expect(cp.created).toBe(true);
    expect(cp.view).toMatchObject({
      state: 'running',
      providerID: 'docker:////c1-cp-aaaaa',
      addresses: ['172.18.0.3'],
      nodeName: 'c1-cp-aaaaa',
    });
    const worker = world.registerExternalMachine(
      NS,
      CLUSTER,
      'c1-md-0-bbbbb',
      external({
        role: 'worker',
        providerID: 'docker:////c1-md-0-bbbbb',
        address: '172.18.0.4',
        bootstrapData: joinData('172.18.0.2:6443'),
      }),
    );
    expect(worker.view).toMatchObject({
      state: 'running',
      nodeName: 'c1-md-0-bbbbb',
      bootstrap: { kind: 'join' },
    });
    expect(world.listNodes(NS, CLUSTER, 'docker:////c1-md-0-bbbbb')).toHaveLength(1);
    expect(world.listEtcdMembers(NS, CLUSTER).map((m) => m.name)).toEqual(['c1-cp-aaaaa']);
  });

  it('a join that targets another endpoint is assessed invalid: no Node', () => {
    const { world } = dockerCluster();
    world.registerExternalMachine(NS, CLUSTER, 'c1-cp-aaaaa', external());
    const w = world.registerExternalMachine(
      NS,
      CLUSTER,
      'w',
      external({ role: 'worker', providerID: 'docker:////w', bootstrapData: joinData('10.9.9.9:6443') }),
    );
    expect(w.view.bootstrap.kind).toBe('invalid');
    expect(w.view.nodeName).toBeUndefined();
  });

  it('a repeat is idempotent; another providerID under the same name is refused; delete works as for any machine', () => {
    const { world, clock } = dockerCluster();
    world.registerExternalMachine(NS, CLUSTER, 'c1-cp-aaaaa', external());
    expect(world.registerExternalMachine(NS, CLUSTER, 'c1-cp-aaaaa', external()).created).toBe(false);
    expect(() =>
      world.registerExternalMachine(NS, CLUSTER, 'c1-cp-aaaaa', external({ providerID: 'docker:////other' })),
    ).toThrow(/registered with providerID docker:\/\/\/\/c1-cp-aaaaa, not docker:\/\/\/\/other/);
    expect(world.deleteMachine(NS, CLUSTER, 'c1-cp-aaaaa').state).toBe('deleting');
    clock.advance(L.deleteMs);
    expect(world.listMachines(NS, CLUSTER)).toEqual([]);
  });

  it('needs the cluster infrastructure provisioned in the sim first', () => {
    const { world } = newWorld();
    let err: unknown;
    try {
      world.registerExternalMachine(NS, CLUSTER, 'm', external());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SimError);
    expect((err as SimError).message).toMatch(/not provisioned in the sim; ensure it first/);
  });

  it('is routed: PUT validates the body and answers 201, then 200 for the repeat', () => {
    const { world } = dockerCluster();
    const match = matchRoute(simRoutes, 'PUT', `/v1/clusters/${NS}/${CLUSTER}/external-machines/c1-cp-aaaaa`);
    if (match.kind !== 'found') throw new Error('route not found');
    const ctx = { params: match.params, query: new URLSearchParams(), world, body: external() as unknown };
    expect(match.route.handle(ctx).status).toBe(201);
    expect(match.route.handle(ctx).status).toBe(200);
    expect(() => match.route.handle({ ...ctx, body: { ...external(), providerID: '' } })).toThrow(
      /providerID/,
    );
  });
});
