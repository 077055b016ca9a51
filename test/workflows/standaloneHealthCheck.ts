/**
 * A MachineHealthCheck started on its own, against a sim workload cluster built straight through
 * the provider API (one control plane and `workers` Ready workers). The test plays the cluster
 * workflow's part: it sends the check its targets, shaped as workflows/cluster/healthTargets.ts
 * shapes them. No owner runs, so a hand-over only shows in the check's status (`remediated`).
 */
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { SimClient } from '../../activities/providers/sim';
import { compileManifestText } from '../../shared/model';
import { clusterWorkflowId, machineHealthCheckWorkflowId, type ResourceKey } from '../../shared/ids';
import { setCondition } from '../../shared/status/conditions';
import type { ClusterContext } from '../../workflows/common/ownerContext';
import type {
  HealthCheckStatus,
  HealthTarget,
  HealthTargetsUpdate,
  MachineHealthCheckWorkflowInput,
} from '../../workflows/machineHealthCheck/definitions';
import { runningSimCluster } from '../timeskip/simCluster';
import type { Harness } from './harness';
import { simClusterYaml } from './manifests';

export interface StandaloneCheck {
  handle: WorkflowHandleWithFirstExecutionRunId;
  status(): Promise<HealthCheckStatus>;
  /** the targets the check was given; send more with `setTargets` */
  targets: HealthTarget[];
  setTargets(targets: HealthTarget[]): Promise<void>;
  /** event types of the check's history, in order */
  eventTypes(): Promise<string[]>;
}

export interface StandaloneScene {
  cluster: ResourceKey;
  workers: string[];
  start(suffix: string, opts: Pick<MachineHealthCheckWorkflowInput, 'pollIntervalMs' | 'nodeLongPollMs'>): Promise<StandaloneCheck>;
}

export async function standaloneHealthCheckScene(h: Harness, name: string, workers: number, timeout: string): Promise<StandaloneScene> {
  const cluster: ResourceKey = { namespace: 'default', name };
  const { endpoint } = await runningSimCluster(new SimClient(h.simUrl), cluster, workers);
  const desired = compileManifestText(simClusterYaml({ name, workers, healthCheck: { maxUnhealthy: '100%', timeout } }), 'mhc.yaml').clusters[0]!;
  const md = desired.machineDeployments[0]!;
  const context: ClusterContext = {
    cluster,
    provider: 'sim',
    // no cluster workflow runs: the check's status reports to it fail and are logged
    clusterWorkflowId: clusterWorkflowId(cluster),
    controlPlaneEndpoint: endpoint,
    failureDomains: [],
    clusterNetwork: desired.clusterNetwork,
  };
  const at = new Date().toISOString();
  const clusterConditions = ['InfrastructureReady', 'ControlPlaneInitialized'].reduce(
    (cs, type) => setCondition(cs, { type, status: 'True', reason: type }, at),
    setCondition([], { type: 'Ready', status: 'True', reason: 'Ready' }, at),
  );
  const names = Array.from({ length: workers }, (_, i) => `w${i + 1}`);
  const targets: HealthTarget[] = names.map((n) => ({
    name: n, role: 'worker', createdAt: at, labels: md.template.labels, annotations: {},
    conditions: setCondition([], { type: 'InfrastructureReady', status: 'True', reason: 'Provisioned' }, at),
    deleting: false, ownerKind: 'MachineSet', ownerWorkflowId: `md/${cluster.namespace}/${name}-no-owner`, nodeRef: n,
  }));

  return {
    cluster,
    workers: names,
    async start(suffix, opts) {
      const handle = await h.client.workflow.start('machineHealthCheckWorkflow', {
        taskQueue: h.taskQueue,
        workflowId: machineHealthCheckWorkflowId({ namespace: cluster.namespace, name: `${name}-${suffix}` }),
        args: [{ context, spec: { ...desired.machineHealthChecks[0]!, name: `${name}-${suffix}` }, ...opts } satisfies MachineHealthCheckWorkflowInput],
      });
      const check: StandaloneCheck = {
        handle,
        status: () => handle.query<HealthCheckStatus>('status'),
        targets,
        async setTargets(next) {
          check.targets = next;
          await handle.signal('healthTargets', { clusterConditions, paused: false, targets: next } satisfies HealthTargetsUpdate);
        },
        async eventTypes() {
          const events = (await handle.fetchHistory()).events ?? [];
          return events.map((e) => eventTypeName(e));
        },
      };
      await check.setTargets(targets);
      return check;
    },
  };
}

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandleWithFirstExecutionRunId['fetchHistory']>>['events']>[number];

/** The event's kind, from whichever `…EventAttributes` field it carries (e.g. `activityTaskScheduled`). */
function eventTypeName(e: HistoryEvent): string {
  const key = Object.keys(e).find((k) => k.endsWith('EventAttributes') && (e as Record<string, unknown>)[k] != null);
  return key ? key.replace(/EventAttributes$/, '') : 'unknown';
}

/** Activity types scheduled in the history, in order. */
export async function scheduledActivities(handle: WorkflowHandleWithFirstExecutionRunId): Promise<string[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  return events.flatMap((e) => (e.activityTaskScheduledEventAttributes?.activityType?.name ? [e.activityTaskScheduledEventAttributes.activityType.name] : []));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Real-time polling of a query until it holds. */
export async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: last ${JSON.stringify(v)}`);
    await sleep(everyMs);
  }
}
