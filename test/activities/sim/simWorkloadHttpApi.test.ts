/** Edges of the workload-cluster routes that the typed client never produces: raw requests on loopback. */
import { startSimServer, type SimServer } from '../../../scripts/sim/server';

describe('sim workload-cluster HTTP API edges', () => {
  let server: SimServer;
  beforeAll(async () => {
    server = await startSimServer({ port: 0, latencies: { clusterInfraMs: 0 } });
    await call('PUT', '/v1/clusters/default/c1/infrastructure', {
      infrastructure: { apiVersion: 'v', kind: 'SimCluster', name: 'c1', spec: {} },
    });
  });
  afterAll(() => server.close());

  async function call(method: string, path: string, body?: unknown) {
    const r = await fetch(`${server.url}${path}`, {
      method,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    return {
      status: r.status,
      body: (await r.json()) as { error?: { type: string; message: string } } & Record<string, unknown>,
    };
  }

  it('validates fault bodies, naming the field', async () => {
    const r = await call('POST', '/v1/clusters/default/c1/faults', {
      kind: 'nodeCondition',
      node: 'w1',
      status: 'Sideways',
    });
    expect(r).toMatchObject({
      status: 400,
      body: { error: { type: 'InvalidSpec', message: expect.stringMatching(/status: Invalid enum value/) } },
    });
    const empty = await call('POST', '/v1/clusters/default/c1/faults', { kind: 'etcdMember', member: 'cp1' });
    expect(empty.body.error?.message).toMatch(/set healthy and\/or learner/);
    const unknown = await call('POST', '/v1/clusters/default/c1/faults', { kind: 'meteor' });
    expect(unknown.status).toBe(400);
  });

  it('validates workloads: names, budgets with exactly one field, percentages', async () => {
    const both = await call('POST', '/v1/clusters/default/c1/workloads', {
      name: 'api',
      replicas: 1,
      pdb: { minAvailable: 1, maxUnavailable: 1 },
    });
    expect(both.body.error?.message).toMatch(/exactly one of minAvailable and maxUnavailable/);
    const pct = await call('POST', '/v1/clusters/default/c1/workloads', {
      name: 'api',
      replicas: 1,
      pdb: { minAvailable: '150' },
    });
    expect(pct.body.error?.message).toMatch(/percentage/);
    const name = await call('POST', '/v1/clusters/default/c1/workloads', { name: 'Not_A_Name', replicas: 1 });
    expect(name.status).toBe(400);
  });

  it('creates a workload (201), applies it again (200), and its pods are Pending without nodes', async () => {
    expect(
      (await call('POST', '/v1/clusters/default/c1/workloads', { name: 'api', replicas: 1 })).status,
    ).toBe(201);
    expect(
      (await call('POST', '/v1/clusters/default/c1/workloads', { name: 'api', replicas: 2 })).status,
    ).toBe(200);
    const pods = await call('GET', '/v1/clusters/default/c1/pods?namespace=default');
    expect(pods.body).toMatchObject({ resourceVersion: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect((pods.body.items as Array<{ phase: string }>).map((p) => p.phase)).toEqual(['Pending', 'Pending']);
  });

  it('answers an eviction of a missing pod with 404 and an outcome body, not an error body', async () => {
    const r = await call('POST', '/v1/clusters/default/c1/pods/default/nope/eviction');
    expect(r).toEqual({ status: 404, body: { outcome: 'notFound', message: 'pods "nope" not found' } });
    const bad = await call('POST', '/v1/clusters/default/c1/pods/default/nope/eviction', {
      gracePeriodSeconds: -1,
    });
    expect(bad.status).toBe(400);
  });

  it('PATCH of a node takes only unschedulable; the wrong method is 405 with Allow', async () => {
    const r = await call('PATCH', '/v1/clusters/default/c1/nodes/w1', { unschedulable: true, labels: {} });
    expect(r.status).toBe(400);
    const missing = await call('PATCH', '/v1/clusters/default/c1/nodes/w1', { unschedulable: true });
    expect(missing).toMatchObject({ status: 404, body: { error: { type: 'NotFound' } } });
    const wrong = await fetch(`${server.url}/v1/clusters/default/c1/etcd/leader`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
  });

  it('an outage is 503 on workload routes while faults, world and settings still answer', async () => {
    const fault = await call('POST', '/v1/clusters/default/c1/faults', { kind: 'apiServerOutage' });
    expect(fault).toMatchObject({ status: 201, body: { id: 'f1', kind: 'apiServerOutage' } });
    const down = await call('GET', '/v1/clusters/default/c1/readyz');
    expect(down).toMatchObject({
      status: 503,
      body: { error: { type: 'ProviderUnavailable', message: expect.stringMatching(/injected outage/) } },
    });
    expect((await call('GET', '/v1/clusters/default/c1/faults')).status).toBe(200);
    expect((await call('GET', '/v1/world')).status).toBe(200);
    expect(await call('DELETE', '/v1/clusters/default/c1/faults/f1')).toEqual({
      status: 200,
      body: { state: 'gone' },
    });
    expect((await call('GET', '/v1/clusters/default/c1/readyz')).body).toEqual({ ready: true });
  });

  it('settings: read, change, refuse unknown fields', async () => {
    expect((await call('GET', '/v1/settings')).body).toEqual({ quorumLossTakesApiServerDown: true });
    expect((await call('PUT', '/v1/settings', { quorumLossTakesApiServerDown: false })).body).toEqual({
      quorumLossTakesApiServerDown: false,
    });
    expect((await call('PUT', '/v1/settings', { warp: true })).status).toBe(400);
  });

  it('chaos: validates, then schedules deterministically from the seed', async () => {
    const bad = await call('POST', '/v1/chaos', {
      cluster: { namespace: 'default', name: 'c1' },
      seed: 1,
      scenario: 'meteor',
      durationMs: 1000,
    });
    expect(bad.status).toBe(400);
    const req = {
      cluster: { namespace: 'default', name: 'c1' },
      seed: 1,
      scenario: 'node-blips',
      durationMs: 600_000,
      events: 3,
    };
    const a = await call('POST', '/v1/chaos', req);
    expect(a.status).toBe(201);
    const b = await call('POST', '/v1/chaos', req);
    const shape = (r: typeof a) =>
      (r.body.scheduled as Array<{ kind: string; forMs: number; pick: number }>).map(
        ({ kind, forMs, pick }) => ({ kind, forMs, pick }),
      );
    expect(shape(b)).toEqual(shape(a));
    expect(
      (await call('POST', '/v1/chaos', { ...req, cluster: { namespace: 'default', name: 'nope' } })).status,
    ).toBe(404);
  });
});
