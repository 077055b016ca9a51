/**
 * `startSimServer`: the simulated cloud as an HTTP JSON server. It runs in its own process
 * (`capstan sim serve`) so that workers can die and come back, or run side by side, and all find
 * the same world; with a state file it also survives its own restarts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  SIM_NO_ROUTE_HEADER,
  type SimErrorBody,
  type SimLatencies,
} from '../../activities/providers/sim/simApi';
import type { SimSettings } from '../../activities/providers/sim/simWorkloadApi';
import { ErrorTypes } from '../../shared/errors';
import { systemClock, type Clock } from './clock';
import { readJsonBody } from './http/readJsonBody';
import { matchRoute, type Route, type RouteContext, type RouteResult } from './http/router';
import { simRoutes } from './http/simRoutes';
import { loadWorldState, StatePersistence } from './persistence';
import { SimError } from './world/simError';
import { SimWorld } from './world/simWorld';

export interface SimServerOptions {
  /** default 127.0.0.1 */
  host?: string;
  /** default 7380; 0 picks a free port */
  port?: number;
  /** JSON file the world is kept in; without it the world lives only as long as the process */
  stateFile?: string;
  latencies?: Partial<SimLatencies>;
  seed?: number;
  /** applied to the world's settings (also to a loaded world) */
  settings?: Partial<SimSettings>;
  log?: (line: string) => void;
  /** for tests that want to steer time; defaults to the system clock */
  clock?: Clock;
}

export interface SimServer {
  url: string;
  close(): Promise<void>;
}

export async function startSimServer(opts: SimServerOptions = {}): Promise<SimServer> {
  const log = opts.log ?? (() => undefined);
  const loaded = opts.stateFile ? await loadWorldState(opts.stateFile) : undefined;
  const world = new SimWorld({
    clock: opts.clock ?? systemClock,
    ...(opts.latencies ? { latencies: opts.latencies } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.settings ? { settings: opts.settings } : {}),
    ...(loaded ? { state: loaded } : {}),
  });
  const persistence = opts.stateFile ? new StatePersistence(opts.stateFile, world, { log }) : undefined;
  if (opts.stateFile) {
    log(
      loaded
        ? `sim: loaded world from ${opts.stateFile} (revision ${loaded.revision})`
        : `sim: new world, kept in ${opts.stateFile}`,
    );
  }

  const server = createServer((req, res) => {
    void handleRequest(req, res, world, persistence, log);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 7380, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log(`sim: listening on ${url}`);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await persistence?.close();
      log('sim: stopped');
    })());
  return { url, close };
}

async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  world: SimWorld,
  persistence: StatePersistence | undefined,
  log: (line: string) => void,
): Promise<void> {
  const started = Date.now();
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://sim.invalid');
  let status: number;
  try {
    const match = matchRoute(simRoutes, method, url.pathname);
    if (match.kind === 'notFound') {
      // Tells clients "wrong URL" apart from "no such resource", which they may read as "gone".
      res.setHeader(SIM_NO_ROUTE_HEADER, 'true');
      throw SimError.notFound(`no route ${method} ${url.pathname}`);
    }
    if (match.kind === 'methodNotAllowed') {
      res.setHeader('allow', match.allowed.join(', '));
      throw SimError.invalidSpec(
        `${method} is not allowed on ${url.pathname} (allowed: ${match.allowed.join(', ')})`,
        405,
      );
    }
    const body =
      method === 'PUT' || method === 'POST' || method === 'PATCH' ? await readJsonBody(req) : undefined;
    const revisionBefore = world.revision;
    const ctx = { params: match.params, query: url.searchParams, body, world };
    // A client that gave up (a cancelled long-poll, a closing server) ends the wait: nobody reads the answer.
    const gone = () => req.socket.destroyed;
    const result = method === 'GET' ? await evaluateWaiting(match.route, ctx, gone) : match.route.handle(ctx);
    if (world.revision !== revisionBefore) {
      if (match.route.mutates && result.durable !== false) await persistence?.commit();
      else persistence?.markDirty();
    }
    status = result.status;
    sendJson(res, status, result.body);
  } catch (err) {
    const failure = err instanceof SimError ? err : undefined;
    status = failure?.httpStatus ?? 500;
    const body: SimErrorBody = {
      error: failure
        ? { type: failure.type, message: failure.message }
        : { type: ErrorTypes.ProviderUnavailable, message: `sim internal error: ${(err as Error).message}` },
    };
    if (status === 413) res.setHeader('connection', 'close');
    sendJson(res, status, body);
  }
  if (method !== 'GET' || status >= 400)
    log(`sim: ${method} ${url.pathname} ${status} ${Date.now() - started}ms`);
}

/** Longest a client may hold a read open; below the activities' heartbeat timeout. */
export const MAX_WAIT_MS = 30_000;
const WAIT_RECHECK_MS = 20;

/**
 * Evaluates a read, and with `?waitMs=N` keeps re-evaluating it (the world advances lazily with
 * the clock) until the route's `satisfied` predicate holds or N ms pass. A 404 is an answer too
 * (e.g. "the machine is gone"), so it is offered to the predicate before being thrown.
 */
async function evaluateWaiting(route: Route<SimWorld>, ctx: RouteContext<SimWorld>, gone: () => boolean): Promise<RouteResult> {
  const waitMs = Math.min(Math.max(Number(ctx.query.get('waitMs') ?? 0) || 0, 0), MAX_WAIT_MS);
  const deadline = Date.now() + waitMs;
  for (;;) {
    let outcome: RouteResult | SimError;
    try {
      outcome = route.handle(ctx);
    } catch (err) {
      if (!(err instanceof SimError)) throw err;
      outcome = err;
    }
    const status = outcome instanceof SimError ? outcome.httpStatus : outcome.status;
    const body = outcome instanceof SimError ? undefined : outcome.body;
    if (!route.satisfied || waitMs === 0 || route.satisfied(ctx, status, body) || Date.now() >= deadline || gone()) {
      if (outcome instanceof SimError) throw outcome;
      return outcome;
    }
    await new Promise((r) => setTimeout(r, WAIT_RECHECK_MS));
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
