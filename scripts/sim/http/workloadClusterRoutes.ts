/**
 * Routes of a workload cluster's API (`/v1/clusters/{ns}/{name}/...`): nodes, Pods, evictions,
 * budgets, workloads, etcd and control-plane health. The world answers 503 for all of them while
 * the cluster's API server is down. Reads of lists long-poll on `resourceVersion`.
 */
import type { SimWorld } from '../world/simWorld';
import { SimError } from '../world/simError';
import { nameParam, namespaceParam, parseBody } from './requestSchemas';
import { CLUSTER, changedSince, clusterParams, ensured, ok, versioned, type Ctx } from './routeHelpers';
import type { Route } from './router';
import {
  bootstrapTokenRefreshSchema,
  bootstrapTokenRequestSchema,
  etcdLeaderRequestSchema,
  evictionRequestSchema,
  nodePatchSchema,
  workloadRequestSchema,
} from './workloadRequestSchemas';

const nodeParam = (ctx: Ctx): string => nameParam(ctx.params['node'] ?? '', 'node');
const optional = (ctx: Ctx, name: string): string | undefined => ctx.query.get(name) ?? undefined;

export const workloadClusterRoutes: ReadonlyArray<Route<SimWorld>> = [
  {
    method: 'GET',
    pattern: `${CLUSTER}/nodes/:node`,
    mutates: false,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      return ok(ctx.world.getNode(ns, cluster, nodeParam(ctx)));
    },
  },
  {
    method: 'PATCH',
    pattern: `${CLUSTER}/nodes/:node`,
    mutates: true,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      const node = nodeParam(ctx);
      const patch = parseBody(nodePatchSchema, ctx.body, `PATCH node ${node}`);
      return ok(ctx.world.setNodeUnschedulable(ns, cluster, node, patch.unschedulable));
    },
  },
  {
    method: 'GET',
    pattern: `${CLUSTER}/nodes/:node/volumeattachments`,
    mutates: false,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      return ok(versioned(ctx.world.listVolumeAttachments(ns, cluster, nodeParam(ctx))));
    },
    satisfied: changedSince,
  },
  {
    method: 'GET',
    pattern: `${CLUSTER}/pods`,
    mutates: false,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      const node = optional(ctx, 'node');
      const namespace = optional(ctx, 'namespace');
      return ok(
        versioned(
          ctx.world.listPods(ns, cluster, {
            ...(node !== undefined ? { node: nameParam(node, 'node') } : {}),
            ...(namespace !== undefined ? { namespace: namespaceParam(namespace) } : {}),
          }),
        ),
      );
    },
    satisfied: changedSince,
  },
  {
    method: 'POST',
    pattern: `${CLUSTER}/pods/:podNs/:pod/eviction`,
    mutates: true,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      const podNs = namespaceParam(ctx.params['podNs'] ?? '');
      const pod = nameParam(ctx.params['pod'] ?? '', 'pod');
      const opts =
        ctx.body === undefined
          ? {}
          : parseBody(evictionRequestSchema, ctx.body, `eviction of ${podNs}/${pod}`);
      const answer = ctx.world.evictPod(ns, cluster, podNs, pod, opts.gracePeriodSeconds);
      return { status: answer.status, body: answer.body };
    },
  },
  {
    method: 'GET',
    pattern: `${CLUSTER}/pdbs`,
    mutates: false,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      return ok(versioned(ctx.world.listPodDisruptionBudgets(ns, cluster)));
    },
    satisfied: changedSince,
  },
  {
    method: 'GET',
    pattern: `${CLUSTER}/namespaces`,
    mutates: false,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      return ok(versioned(ctx.world.listNamespaces(ns, cluster)));
    },
    satisfied: changedSince,
  },
  {
    method: 'GET',
    pattern: `${CLUSTER}/workloads`,
    mutates: false,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      return ok(versioned(ctx.world.listWorkloads(ns, cluster)));
    },
    satisfied: changedSince,
  },
  {
    method: 'POST',
    pattern: `${CLUSTER}/workloads`,
    mutates: true,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      const req = parseBody(workloadRequestSchema, ctx.body, `workload in cluster ${ns}/${cluster}`);
      return { ...ensured(ctx.world.applyWorkload(ns, cluster, req)), durable: true };
    },
  },
  {
    method: 'DELETE',
    pattern: `${CLUSTER}/workloads/:wns/:wname`,
    mutates: true,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      const wns = namespaceParam(ctx.params['wns'] ?? '');
      return ok(ctx.world.deleteWorkload(ns, cluster, wns, nameParam(ctx.params['wname'] ?? '', 'workload')));
    },
  },
  {
    method: 'GET',
    pattern: `${CLUSTER}/etcd/members`,
    mutates: false,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      return ok(versioned(ctx.world.listEtcdMembers(ns, cluster)));
    },
    satisfied: changedSince,
  },
  {
    method: 'DELETE',
    pattern: `${CLUSTER}/etcd/members/:id`,
    mutates: true,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      return ok(ctx.world.removeEtcdMember(ns, cluster, ctx.params['id'] ?? ''));
    },
  },
  {
    method: 'POST',
    pattern: `${CLUSTER}/etcd/members/:id/promote`,
    mutates: true,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      return ok(ctx.world.promoteEtcdMember(ns, cluster, ctx.params['id'] ?? ''));
    },
  },
  {
    method: 'POST',
    pattern: `${CLUSTER}/etcd/leader`,
    mutates: true,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      const req = parseBody(etcdLeaderRequestSchema, ctx.body, 'move etcd leader');
      return ok(versioned(ctx.world.moveEtcdLeader(ns, cluster, req)));
    },
  },
  {
    method: 'GET',
    pattern: `${CLUSTER}/controlplane/health`,
    mutates: false,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      return ok(versioned(ctx.world.controlPlaneHealth(ns, cluster)));
    },
    satisfied: changedSince,
  },
  {
    method: 'POST',
    pattern: `${CLUSTER}/bootstraptokens`,
    mutates: true,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      const req = parseBody(bootstrapTokenRequestSchema, ctx.body, 'create bootstrap token');
      return ok(ctx.world.createBootstrapToken(ns, cluster, req.token, req.ttlSeconds));
    },
  },
  {
    method: 'POST',
    pattern: `${CLUSTER}/bootstraptokens/:id/refresh`,
    mutates: true,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      const req = parseBody(bootstrapTokenRefreshSchema, ctx.body, 'refresh bootstrap token');
      const view = ctx.world.refreshBootstrapToken(ns, cluster, ctx.params['id'] ?? '', req.ttlSeconds);
      if (!view) throw SimError.notFound(`bootstrap token ${ctx.params['id']} does not exist in ${ns}/${cluster}`);
      return ok(view);
    },
  },
  {
    method: 'GET',
    pattern: `${CLUSTER}/readyz`,
    mutates: false,
    handle: (ctx) => {
      const { ns, cluster } = clusterParams(ctx);
      return ok(ctx.world.readyz(ns, cluster));
    },
  },
];
