import { SimError } from '../../../scripts/sim/world/simError';
import {
  CLUSTER,
  NS,
  TEST_LATENCIES as L,
  infraTemplate,
  initData,
  joinData,
  machineRequest,
  machineTemplate,
  newWorld,
  provisionedCluster,
} from './worldFixtures';

const refusal = (fn: () => unknown): SimError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof SimError) return err;
    throw err;
  }
  throw new Error('expected a SimError');
};

describe('cluster infrastructure', () => {
  it('is provisioned exactly clusterInfraMs after the first ensure, with endpoint and default failure domains', () => {
    const { world, clock } = newWorld();
    const first = world.ensureClusterInfrastructure(NS, CLUSTER, {
      infrastructure: infraTemplate(),
      labels: { team: 'a' },
    });
    expect(first.created).toBe(true);
    expect(first.view).toMatchObject({
      state: 'provisioning',
      provisioned: false,
      controlPlaneEndpoint: { host: 'c1.default.sim.capstan.local', port: 6443 },
      failureDomains: ['sim-a', 'sim-b', 'sim-c'].map((name) => ({ name, controlPlane: true })),
      labels: { team: 'a' },
    });
    clock.advance(L.clusterInfraMs - 1);
    expect(world.getClusterInfrastructure(NS, CLUSTER).provisioned).toBe(false);
    clock.advance(1);
    expect(world.getClusterInfrastructure(NS, CLUSTER)).toMatchObject({
      state: 'provisioned',
      provisioned: true,
    });
  });

  it('a repeated ensure is answered from what exists', () => {
    const { world } = newWorld();
    world.ensureClusterInfrastructure(NS, CLUSTER, { infrastructure: infraTemplate() });
    expect(world.ensureClusterInfrastructure(NS, CLUSTER, { infrastructure: infraTemplate() }).created).toBe(
      false,
    );
    expect(world.stats()).toMatchObject({
      clusters: 1,
      clusterInfraCreates: 1,
      clusterInfraIdempotentHits: 1,
    });
  });

  it('takes failure domains from the spec, in list or CAPI map form', () => {
    const { world } = newWorld();
    const list = world.ensureClusterInfrastructure(NS, 'a', {
      infrastructure: infraTemplate({ failureDomains: ['z2', { name: 'z1', controlPlane: false }] }),
    });
    expect(list.view.failureDomains).toEqual([
      { name: 'z1', controlPlane: false },
      { name: 'z2', controlPlane: true },
    ]);
    const map = world.ensureClusterInfrastructure(NS, 'b', {
      infrastructure: infraTemplate({ failureDomains: { fd1: { controlPlane: true } } }),
    });
    expect(map.view.failureDomains).toEqual([{ name: 'fd1', controlPlane: true }]);
    expect(
      refusal(() =>
        world.ensureClusterInfrastructure(NS, 'c', {
          infrastructure: infraTemplate({ failureDomains: 'x' }),
        }),
      ).type,
    ).toBe('InvalidSpec');
  });

  it('honours a control-plane endpoint set in the spec, and joins must target it', () => {
    const { world, clock } = newWorld();
    const spec = { controlPlaneEndpoint: { host: 'api.example.test', port: 443 } };
    expect(
      world.ensureClusterInfrastructure(NS, CLUSTER, { infrastructure: infraTemplate(spec) }).view
        .controlPlaneEndpoint,
    ).toEqual({
      host: 'api.example.test',
      port: 443,
    });
    clock.advance(L.clusterInfraMs);
    expect(world.ensureMachine(NS, CLUSTER, 'w1', machineRequest()).view.bootstrap.kind).toBe('invalid');
    expect(
      world.ensureMachine(
        NS,
        CLUSTER,
        'w2',
        machineRequest({ bootstrapData: joinData('api.example.test:443') }),
      ).view.bootstrap.kind,
    ).toBe('join');
    const unset = world.ensureClusterInfrastructure(NS, 'c2', {
      infrastructure: infraTemplate({ controlPlaneEndpoint: { host: '', port: 0 } }),
    });
    expect(unset.view.controlPlaneEndpoint).toEqual({ host: 'c2.default.sim.capstan.local', port: 6443 });
    const bad = refusal(() =>
      world.ensureClusterInfrastructure(NS, 'c3', {
        infrastructure: infraTemplate({ controlPlaneEndpoint: { host: 'x', port: 70000 } }),
      }),
    );
    expect(bad.type).toBe('InvalidSpec');
  });

  it('refuses deletion while machines of the cluster exist, then goes away deleteMs after', () => {
    const { world, clock } = provisionedCluster();
    world.ensureMachine(NS, CLUSTER, 'm1', machineRequest());
    const err = refusal(() => world.deleteClusterInfrastructure(NS, CLUSTER));
    expect(err).toMatchObject({ type: 'Conflict', httpStatus: 409 });
    expect(err.message).toContain('m1');

    world.deleteMachine(NS, CLUSTER, 'm1');
    clock.advance(L.deleteMs);
    expect(world.deleteClusterInfrastructure(NS, CLUSTER)).toEqual({ state: 'deleting' });
    expect(world.deleteClusterInfrastructure(NS, CLUSTER)).toEqual({ state: 'deleting' });
    expect(
      refusal(() => world.ensureClusterInfrastructure(NS, CLUSTER, { infrastructure: infraTemplate() })).type,
    ).toBe('Conflict');
    clock.advance(L.deleteMs);
    expect(refusal(() => world.getClusterInfrastructure(NS, CLUSTER)).type).toBe('NotFound');
    expect(world.deleteClusterInfrastructure(NS, CLUSTER)).toEqual({ state: 'gone' });
  });
});

describe('machines', () => {
  it('provisioning → running after provisionMs, with providerID, a 10.x address and a failure domain', () => {
    const { world, clock } = provisionedCluster();
    const { created, view } = world.ensureMachine(NS, CLUSTER, 'm1', machineRequest());
    expect(created).toBe(true);
    expect(view).toMatchObject({ state: 'provisioning', providerID: 'sim:///default/c1/m1', addresses: [] });
    clock.advance(L.provisionMs - 1);
    expect(world.getMachine(NS, CLUSTER, 'm1').state).toBe('provisioning');
    clock.advance(1);
    const running = world.getMachine(NS, CLUSTER, 'm1');
    expect(running.state).toBe('running');
    expect(running.addresses).toHaveLength(1);
    expect(running.addresses[0]).toMatch(/^10\.\d{1,3}\.\d{1,3}\.\d{1,3}$/);
    expect(['sim-a', 'sim-b', 'sim-c']).toContain(running.failureDomain);
  });

  it('addresses are derived from the name: the same machine gets the same address in another world', () => {
    const a = provisionedCluster();
    const b = provisionedCluster();
    for (const w of [a, b]) {
      w.world.ensureMachine(NS, CLUSTER, 'm1', machineRequest());
      w.clock.advance(L.provisionMs);
    }
    expect(a.world.getMachine(NS, CLUSTER, 'm1').addresses).toEqual(
      b.world.getMachine(NS, CLUSTER, 'm1').addresses,
    );
  });

  it('creating the same machine twice never makes a twin', () => {
    const { world, clock } = provisionedCluster();
    world.ensureMachine(NS, CLUSTER, 'm1', machineRequest());
    clock.advance(10);
    // bootstrap data differs between attempts (fresh tokens): still the same machine
    const again = world.ensureMachine(
      NS,
      CLUSTER,
      'm1',
      machineRequest({ bootstrapData: joinData() + '# retry\n' }),
    );
    expect(again.created).toBe(false);
    expect(world.listMachines(NS, CLUSTER)).toHaveLength(1);
    expect(world.stats()).toMatchObject({ machines: 1, machineCreates: 1, machineIdempotentHits: 1 });
    // ...and the retry did not restart provisioning
    clock.advance(L.provisionMs - 10);
    expect(world.getMachine(NS, CLUSTER, 'm1').state).toBe('running');
  });

  it('refuses the same name with other parameters (IdempotentParameterMismatch) as InvalidSpec', () => {
    const { world } = provisionedCluster();
    world.ensureMachine(NS, CLUSTER, 'm1', machineRequest());
    const err = refusal(() => world.ensureMachine(NS, CLUSTER, 'm1', machineRequest({ version: 'v1.32.0' })));
    expect(err.type).toBe('InvalidSpec');
    expect(err.message).toMatch(/version v1\.31\.4 vs v1\.32\.0/);
  });

  it('needs provisioned cluster infrastructure, like instances need their network', () => {
    const { world, clock } = newWorld();
    expect(refusal(() => world.ensureMachine(NS, CLUSTER, 'm1', machineRequest())).type).toBe('Conflict');
    world.ensureClusterInfrastructure(NS, CLUSTER, { infrastructure: infraTemplate() });
    expect(refusal(() => world.ensureMachine(NS, CLUSTER, 'm1', machineRequest())).message).toMatch(
      /not provisioned yet/,
    );
    clock.advance(L.clusterInfraMs);
    expect(world.ensureMachine(NS, CLUSTER, 'm1', machineRequest()).created).toBe(true);
  });

  it('honours a requested failure domain and refuses an unknown one', () => {
    const { world } = provisionedCluster();
    expect(
      world.ensureMachine(NS, CLUSTER, 'm1', machineRequest({ failureDomain: 'sim-b' })).view.failureDomain,
    ).toBe('sim-b');
    expect(
      refusal(() => world.ensureMachine(NS, CLUSTER, 'm2', machineRequest({ failureDomain: 'mars' }))).type,
    ).toBe('InvalidSpec');
  });

  it('adds spec.bootDelaySeconds to provisioning', () => {
    const { world, clock } = provisionedCluster();
    world.ensureMachine(
      NS,
      CLUSTER,
      'slow',
      machineRequest({ infrastructure: machineTemplate({ bootDelaySeconds: 2 }) }),
    );
    clock.advance(L.provisionMs + 1999);
    expect(world.getMachine(NS, CLUSTER, 'slow').state).toBe('provisioning');
    clock.advance(1);
    expect(world.getMachine(NS, CLUSTER, 'slow').state).toBe('running');
  });

  it('fails provisioning when spec.failProvisioning is set, with a reason and no node', () => {
    const { world, clock } = provisionedCluster();
    world.ensureMachine(
      NS,
      CLUSTER,
      'bad',
      machineRequest({ infrastructure: machineTemplate({ failProvisioning: true }) }),
    );
    clock.advance(L.provisionMs + L.bootMs);
    const m = world.getMachine(NS, CLUSTER, 'bad');
    expect(m.state).toBe('failed');
    expect(m.failureReason).toMatch(/failProvisioning/);
    expect(world.listNodes(NS, CLUSTER)).toEqual([]);
  });

  it('refuses malformed sim knobs', () => {
    const { world } = provisionedCluster();
    const err = refusal(() =>
      world.ensureMachine(
        NS,
        CLUSTER,
        'm',
        machineRequest({ infrastructure: machineTemplate({ bootDelaySeconds: 'soon' }) }),
      ),
    );
    expect(err.type).toBe('InvalidSpec');
  });

  it('deletes: deleting, then gone after deleteMs; deleting again is fine at every stage', () => {
    const { world, clock } = provisionedCluster();
    world.ensureMachine(NS, CLUSTER, 'm1', machineRequest());
    clock.advance(L.provisionMs);
    expect(world.deleteMachine(NS, CLUSTER, 'm1')).toEqual({ state: 'deleting' });
    expect(world.getMachine(NS, CLUSTER, 'm1').state).toBe('deleting');
    expect(refusal(() => world.ensureMachine(NS, CLUSTER, 'm1', machineRequest())).type).toBe('Conflict');
    clock.advance(L.deleteMs - 1);
    expect(world.deleteMachine(NS, CLUSTER, 'm1')).toEqual({ state: 'deleting' });
    clock.advance(1);
    expect(refusal(() => world.getMachine(NS, CLUSTER, 'm1')).type).toBe('NotFound');
    expect(world.deleteMachine(NS, CLUSTER, 'm1')).toEqual({ state: 'gone' });
    expect(world.deleteMachine(NS, CLUSTER, 'never-existed')).toEqual({ state: 'gone' });
    // once gone, the name may be used again
    expect(world.ensureMachine(NS, CLUSTER, 'm1', machineRequest()).created).toBe(true);
  });

  it('a zero latency takes effect within the same request', () => {
    const { world } = newWorld({ clusterInfraMs: 0, provisionMs: 0, bootMs: 0, deleteMs: 0 });
    expect(
      world.ensureClusterInfrastructure(NS, CLUSTER, { infrastructure: infraTemplate() }).view.provisioned,
    ).toBe(true);
    expect(
      world.ensureMachine(
        NS,
        CLUSTER,
        'm1',
        machineRequest({ role: 'control-plane', bootstrapData: initData() }),
      ).view,
    ).toMatchObject({
      state: 'running',
      nodeName: 'm1',
    });
    expect(world.deleteMachine(NS, CLUSTER, 'm1')).toEqual({ state: 'gone' });
  });
});

describe('latency jitter', () => {
  const provisioningDurations = (seed: number): number[] => {
    const { world, clock } = newWorld({ clusterInfraMs: 0, jitter: 0.5 }, seed);
    world.ensureClusterInfrastructure(NS, CLUSTER, { infrastructure: infraTemplate() });
    for (let i = 0; i < 8; i++) world.ensureMachine(NS, CLUSTER, `m${i}`, machineRequest());
    clock.advance(L.provisionMs * 2);
    return world.listMachines(NS, CLUSTER).map((m) => Date.parse(m.runningAt!) - Date.parse(m.createdAt));
  };

  it('spreads durations within ±jitter, reproducibly for a seed', () => {
    const a = provisioningDurations(7);
    expect(a).toEqual(provisioningDurations(7));
    expect(a).not.toEqual(provisioningDurations(8));
    expect(new Set(a).size).toBeGreaterThan(1);
    for (const d of a) {
      expect(d).toBeGreaterThanOrEqual(L.provisionMs * 0.5);
      expect(d).toBeLessThanOrEqual(L.provisionMs * 1.5);
    }
  });
});
