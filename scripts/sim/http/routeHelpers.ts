/** Small pieces every route table of the sim shares: answers, path parameters, versioned lists. */
import { createHash } from 'node:crypto';
import type { SimList } from '../../../activities/providers/sim/simApi';
import type { SimVersionedList } from '../../../activities/providers/sim/simWorkloadApi';
import type { SimWorld } from '../world/simWorld';
import { nameParam, namespaceParam } from './requestSchemas';
import type { RouteContext, RouteResult } from './router';

export type Ctx = RouteContext<SimWorld>;

export const CLUSTER = '/v1/clusters/:ns/:cluster';

export const ok = (body: unknown, status = 200): RouteResult => ({ status, body });

/** A create answers 201; a repeat answers 200 from what exists and has nothing new to make durable. */
export const ensured = (result: { created: boolean; view: unknown }): RouteResult => ({
  status: result.created ? 201 : 200,
  body: result.view,
  durable: result.created,
});

export const list = <T>(items: T[]): SimList<T> => ({ items });

/** A list with a content hash: it changes exactly when the items do. */
export const versioned = <T>(items: T[]): SimVersionedList<T> => ({
  items,
  resourceVersion: createHash('sha256').update(JSON.stringify(items)).digest('hex').slice(0, 16),
});

/** Long-poll predicate of versioned lists: `?resourceVersion=RV&waitMs=N` answers once the list differs from RV. */
export const changedSince = (ctx: Ctx, status: number, body: unknown): boolean => {
  const seen = ctx.query.get('resourceVersion');
  return status >= 400 || !seen || (body as SimVersionedList<unknown>).resourceVersion !== seen;
};

/** 202 while the thing is going away, 200 once it is gone: callers poll until 200. */
export const deleted = (result: { state: 'deleting' | 'gone' }): RouteResult =>
  ok(result, result.state === 'gone' ? 200 : 202);

export function clusterParams(ctx: Ctx): { ns: string; cluster: string } {
  return {
    ns: namespaceParam(ctx.params['ns'] ?? ''),
    cluster: nameParam(ctx.params['cluster'] ?? '', 'cluster'),
  };
}
