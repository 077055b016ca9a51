/**
 * The sim's own controls, outside any workload cluster's API: inject and clear faults, schedule
 * seeded chaos, change settings. They answer during an outage (they are how an outage is made).
 */
import type { SimWorld } from '../world/simWorld';
import { parseBody } from './requestSchemas';
import { CLUSTER, clusterParams, list, ok } from './routeHelpers';
import type { Route } from './router';
import { chaosRequestSchema, faultRequestSchema, settingsUpdateSchema } from './workloadRequestSchemas';

export const faultRoutes: ReadonlyArray<Route<SimWorld>> = [
  {
    method: 'GET',
    pattern: `${CLUSTER}/faults`,
    mutates: false,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      return ok(list(ctx.world.listFaults(ns, cluster)));
    },
  },
  {
    method: 'POST',
    pattern: `${CLUSTER}/faults`,
    mutates: true,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      const req = parseBody(faultRequestSchema, ctx.body, `fault for cluster ${ns}/${cluster}`);
      return ok(ctx.world.injectFault(ns, cluster, req), 201);
    },
  },
  {
    method: 'DELETE',
    pattern: `${CLUSTER}/faults/:id`,
    mutates: true,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      return ok(ctx.world.clearFault(ns, cluster, ctx.params['id'] ?? ''));
    },
  },
  {
    method: 'POST',
    pattern: '/v1/chaos',
    mutates: true,
    handle: (ctx) =>
      ok(ctx.world.scheduleChaos(parseBody(chaosRequestSchema, ctx.body, 'POST /v1/chaos')), 201),
  },
  { method: 'GET', pattern: '/v1/settings', mutates: false, handle: (ctx) => ok(ctx.world.getSettings()) },
  {
    method: 'PUT',
    pattern: '/v1/settings',
    mutates: true,
    handle: (ctx) => ok(ctx.world.setSettings(parseBody(settingsUpdateSchema, ctx.body, 'PUT /v1/settings'))),
  },
];
