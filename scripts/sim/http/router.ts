/**
 * A minimal method + path router: patterns like `/v1/clusters/:ns/:name/machines/:machine`,
 * segments URL-decoded. Distinguishes "no such path" (404) from "path exists, wrong method" (405).
 */
export interface RouteContext<W> {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  world: W;
}

export interface RouteResult {
  status: number;
  body: unknown;
  /**
   * false when a mutating route changed nothing that must survive a crash (a repeated create
   * only bumps counters): the answer need not wait for the state file.
   */
  durable?: boolean;
}

export interface Route<W> {
  method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  pattern: string;
  /** mutating routes answer only once their change is durable */
  mutates: boolean;
  handle(ctx: RouteContext<W>): RouteResult;
  /**
   * Long-poll support for reads: with `?waitMs=N` the server re-evaluates the route until this
   * says the answer is what the caller waits for (or N ms pass), so waiting clients make one
   * request per wait instead of polling. `status` is the HTTP status the route would answer.
   */
  satisfied?(ctx: RouteContext<W>, status: number, body: unknown): boolean;
}

export type RouteMatch<W> =
  | { kind: 'found'; route: Route<W>; params: Record<string, string> }
  | { kind: 'methodNotAllowed'; allowed: string[] }
  | { kind: 'notFound' };

function matchPattern(pattern: string, pathname: string): Record<string, string> | undefined {
  const want = pattern.split('/').filter((s) => s.length > 0);
  const got = pathname.split('/').filter((s) => s.length > 0);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    let g: string;
    try {
      g = decodeURIComponent(got[i]!);
    } catch {
      return undefined;
    }
    if (w.startsWith(':')) params[w.slice(1)] = g;
    else if (w !== g) return undefined;
  }
  return params;
}

export function matchRoute<W>(routes: readonly Route<W>[], method: string, pathname: string): RouteMatch<W> {
  const allowed: string[] = [];
  for (const route of routes) {
    const params = matchPattern(route.pattern, pathname);
    if (!params) continue;
    if (route.method === method) return { kind: 'found', route, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { kind: 'methodNotAllowed', allowed } : { kind: 'notFound' };
}
