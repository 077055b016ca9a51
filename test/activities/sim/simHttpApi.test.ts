/** The edges of the sim's HTTP API that the typed client never produces: raw requests on loopback. */
import { SIM_NO_ROUTE_HEADER } from '../../../activities/providers/sim/simApi';
import { startSimServer, type SimServer } from '../../../scripts/sim/server';

describe('sim HTTP API edges', () => {
  let server: SimServer;
  beforeAll(async () => {
    server = await startSimServer({ port: 0 });
  });
  afterAll(() => server.close());

  const call = async (method: string, path: string, body?: string) => {
    const r = await fetch(`${server.url}${path}`, { method, ...(body !== undefined ? { body } : {}) });
    return {
      status: r.status,
      headers: r.headers,
      body: (await r.json()) as { error?: { type: string; message: string } } & Record<string, unknown>,
    };
  };

  it('answers health', async () => {
    expect(await call('GET', '/v1/healthz')).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('refuses invalid JSON with a clear InvalidSpec', async () => {
    const r = await call('PUT', '/v1/clusters/default/c1/infrastructure', '{"infrastructure":');
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({
      type: 'InvalidSpec',
      message: expect.stringMatching(/not valid JSON/),
    });
  });

  it('refuses a missing body', async () => {
    const r = await call('PUT', '/v1/clusters/default/c1/infrastructure');
    expect(r.status).toBe(400);
    expect(r.body.error?.message).toMatch(/JSON request body is required/);
  });

  it('tells an unknown route (404 + marker header) from a wrong method (405 + Allow)', async () => {
    const unknown = await call('GET', '/v1/nothing-here');
    expect(unknown).toMatchObject({
      status: 404,
      body: { error: { type: 'NotFound', message: 'no route GET /v1/nothing-here' } },
    });
    expect(unknown.headers.get(SIM_NO_ROUTE_HEADER)).toBe('true');
    const wrongMethod = await call('POST', '/v1/clusters/default/c1/machines/m1', '{}');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('PUT, GET, DELETE');
  });

  it('a missing resource is a plain 404 NotFound, without the marker', async () => {
    const r = await call('GET', '/v1/clusters/default/nope/machines/m1');
    expect(r).toMatchObject({ status: 404, body: { error: { type: 'NotFound' } } });
    expect(r.headers.get(SIM_NO_ROUTE_HEADER)).toBeNull();
  });

  it('validates names in paths', async () => {
    const r = await call('GET', '/v1/clusters/Default/c1/infrastructure');
    expect(r).toMatchObject({
      status: 400,
      body: { error: { type: 'InvalidSpec', message: expect.stringMatching(/DNS-1123/) } },
    });
  });

  it('updates latencies partially and refuses unknown or out-of-range fields', async () => {
    const r = await call('PUT', '/v1/latencies', JSON.stringify({ bootMs: 42 }));
    expect(r).toMatchObject({ status: 200, body: { bootMs: 42, provisionMs: 1500 } });
    expect((await call('PUT', '/v1/latencies', JSON.stringify({ jitter: 2 }))).status).toBe(400);
    expect((await call('PUT', '/v1/latencies', JSON.stringify({ warp: 1 }))).status).toBe(400);
    expect((await call('GET', '/v1/latencies')).body).toMatchObject({ bootMs: 42 });
  });

  it('201 on create, 200 on the repeat; reset wipes the world', async () => {
    const body = JSON.stringify({
      infrastructure: { apiVersion: 'v', kind: 'SimCluster', name: 'c1', spec: {} },
    });
    expect((await call('PUT', '/v1/clusters/default/c1/infrastructure', body)).status).toBe(201);
    expect((await call('PUT', '/v1/clusters/default/c1/infrastructure', body)).status).toBe(200);
    expect((await call('POST', '/v1/reset')).body).toEqual({ reset: true });
    expect((await call('GET', '/v1/world')).body).toMatchObject({ clusters: [], machines: [], nodes: [] });
  });
});
