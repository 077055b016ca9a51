/**
 * The sim's HTTP API (see activities/providers/sim/simApi.ts for the contract), as a route table
 * over a SimWorld: the cloud's routes here, the workload clusters' and the faults' in their files.
 */
import type { SimList, SimMachineView, SimNodeView } from '../../../activities/providers/sim/simApi';
import type { SimWorld } from '../world/simWorld';
import { faultRoutes } from './faultRoutes';
import {
  clusterInfraRequestSchema,
  externalMachineRequestSchema,
  latenciesUpdateSchema,
  machineRequestSchema,
  nameParam,
  parseBody,
  rebootRequestSchema,
} from './requestSchemas';
import { CLUSTER, changedSince, clusterParams, deleted, ensured, list, ok, versioned, type Ctx } from './routeHelpers';
import type { Route } from './router';
import { workloadClusterRoutes } from './workloadClusterRoutes';

function machineParam(ctx: Ctx): string {
  return nameParam(ctx.params['machine'] ?? '', 'machine');
}

const cloudRoutes: ReadonlyArray<Route<SimWorld>> = [
  {
    method: 'GET',
    pattern: '/v1/healthz',
    mutates: false,
    handle: (ctx) => ok({ ok: true, revision: ctx.world.revision }),
  },
  { method: 'GET', pattern: '/v1/world', mutates: false, handle: (ctx) => ok(ctx.world.view()) },
  { method: 'GET', pattern: '/v1/stats', mutates: false, handle: (ctx) => ok(ctx.world.stats()) },
  { method: 'GET', pattern: '/v1/latencies', mutates: false, handle: (ctx) => ok(ctx.world.getLatencies()) },
  {
    method: 'PUT',
    pattern: '/v1/latencies',
    mutates: true,
    handle: (ctx) =>
      ok(ctx.world.setLatencies(parseBody(latenciesUpdateSchema, ctx.body, 'PUT /v1/latencies'))),
  },
  {
    method: 'POST',
    pattern: '/v1/reset',
    mutates: true,
    handle: (ctx) => {
      ctx.world.reset();
      return ok({ reset: true });
    },
  },
  {
    method: 'PUT',
    pattern: `${CLUSTER}/infrastructure`,
    mutates: true,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      const req = parseBody(clusterInfraRequestSchema, ctx.body, `cluster infrastructure ${ns}/${cluster}`);
      return ensured(ctx.world.ensureClusterInfrastructure(ns, cluster, req));
    },
  },
  {
    method: 'GET',
    pattern: `${CLUSTER}/infrastructure`,
    mutates: false,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      return ok(ctx.world.getClusterInfrastructure(ns, cluster));
    },
  },
  {
    method: 'DELETE',
    pattern: `${CLUSTER}/infrastructure`,
    mutates: true,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      return deleted(ctx.world.deleteClusterInfrastructure(ns, cluster));
    },
  },
  {
    method: 'GET',
    pattern: `${CLUSTER}/machines`,
    mutates: false,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      return ok(list<SimMachineView>(ctx.world.listMachines(ns, cluster)));
    },
  },
  {
    method: 'PUT',
    pattern: `${CLUSTER}/machines/:machine`,
    mutates: true,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      const machine = machineParam(ctx);
      const req = parseBody(machineRequestSchema, ctx.body, `machine ${ns}/${cluster}/${machine}`);
      return ensured(ctx.world.ensureMachine(ns, cluster, machine, req));
    },
  },
  {
    // A machine another provider made, registered by the Docker provider's kubelet stand-in.
    method: 'PUT',
    pattern: `${CLUSTER}/external-machines/:machine`,
    mutates: true,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      const machine = machineParam(ctx);
      const req = parseBody(externalMachineRequestSchema, ctx.body, `external machine ${ns}/${cluster}/${machine}`);
      return ensured(ctx.world.registerExternalMachine(ns, cluster, machine, req));
    },
  },
  {
    method: 'GET',
    pattern: `${CLUSTER}/machines/:machine`,
    mutates: false,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      return ok(ctx.world.getMachine(ns, cluster, machineParam(ctx)));
    },
    // `?until=running,failed,gone&waitMs=5000` answers as soon as the machine reaches one of them.
    satisfied: (ctx, status, body) => {
      const until = ctx.query.get('until');
      if (!until) return true;
      const wanted = new Set(until.split(','));
      if (status === 404) return wanted.has('gone');
      return status >= 400 || wanted.has((body as SimMachineView).state);
    },
  },
  {
    method: 'DELETE',
    pattern: `${CLUSTER}/machines/:machine`,
    mutates: true,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      return deleted(ctx.world.deleteMachine(ns, cluster, machineParam(ctx)));
    },
  },
  {
    method: 'POST',
    pattern: `${CLUSTER}/machines/:machine/reboot`,
    mutates: true,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      const machine = machineParam(ctx);
      const req = parseBody(rebootRequestSchema, ctx.body ?? {}, `reboot of machine ${ns}/${cluster}/${machine}`);
      const { created, view } = ctx.world.rebootMachine(ns, cluster, machine, req.key);
      return { status: created ? 202 : 200, body: view, durable: created };
    },
  },
  {
    method: 'GET',
    pattern: `${CLUSTER}/nodes`,
    mutates: false,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      const providerID = ctx.query.get('providerID') ?? undefined;
      return ok(versioned<SimNodeView>(ctx.world.listNodes(ns, cluster, providerID)));
    },
    // With `providerID` and `waitMs`, answers as soon as that node has registered; with
    // `resourceVersion` and `waitMs`, as soon as any node differs (the health check's long-poll).
    satisfied: (ctx, status, body) =>
      ctx.query.get('providerID')
        ? status >= 400 || (body as SimList<SimNodeView>).items.length > 0
        : changedSince(ctx, status, body),
  },
  {
    method: 'DELETE',
    pattern: `${CLUSTER}/nodes/:node`,
    mutates: true,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      return deleted(ctx.world.deleteNode(ns, cluster, nameParam(ctx.params['node'] ?? '', 'node')));
    },
  },
];

export const simRoutes: ReadonlyArray<Route<SimWorld>> = [
  ...cloudRoutes,
  ...workloadClusterRoutes,
  ...faultRoutes,
];
