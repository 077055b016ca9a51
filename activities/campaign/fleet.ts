/**
 * The campaign's view of the fleet, through Temporal itself (the activity context's client):
 * visibility only to *list* candidate clusters at start (it is eventually consistent), and the
 * cluster's own workflow (`describe` query, `upgrade` Update) for every fact a decision rests on.
 */
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ErrorTypes } from '../../shared/errors';
import { clusterWorkflowId } from '../../shared/ids';
import { CapstanLabelsKey, KubernetesVersionKey } from '../../shared/searchAttributes';
import type { LabelSelector } from '../../shared/model/rules/labelSelector';
import {
  CLUSTER_DESCRIBE_QUERY,
  CLUSTER_PROMOTE_UPDATE,
  CLUSTER_UPGRADE_UPDATE,
  CLUSTER_WORKFLOW_TYPE,
  compareVersionStrings,
  observationFingerprint,
  stepTargetOf,
  summarizeDescription,
  upgradeRequestId,
  UPGRADE_REFUSED_ERROR,
  type ClusterObservation,
  type FleetCluster,
  type WatchEntry,
} from '../../shared/planners/campaign';
import type { ClusterDescription } from '../../shared/status/types';

export const UPGRADE_REFUSED = UPGRADE_REFUSED_ERROR;

/** How long one describe query may take before the cluster counts as unreachable. */
const QUERY_TIMEOUT_MS = 10_000;
const READ_CONCURRENCY = 16;

export interface ResolveClustersInput {
  namespace?: string;
  selector?: LabelSelector;
  /** workflow time of the request, stamped on the observations */
  at: number;
  seq: number;
}

export interface ObserveClustersInput {
  keys: string[];
  at: number;
  seq: number;
}

export interface WatchClustersInput {
  clusters: WatchEntry[];
  at: number;
  seq: number;
  pollIntervalMs: number;
  /** give up after this long with no change (the workflow re-plans then) */
  maxWaitMs: number;
  /** a staged rollout: the steps are revisions */
  kind?: 'staged';
}

export interface RequestUpgradeInput {
  campaign: string;
  key: string;
  /** the step: a version, or (kind staged) the pinned revision to promote */
  version: string;
  attempt: number;
  kind?: 'staged';
}

export interface RequestUpgradeResult {
  /** the cluster's generation moved (a new upgrade began) */
  changed: boolean;
  /** the cluster already had this version (or a later one) as its desired version: nothing was sent */
  alreadyRequested: boolean;
  generation?: number;
}

/** A validator's refusal or a missing workflow is terminal for the cluster; anything else is retried. */
function classifyUpdateError(err: unknown, input: RequestUpgradeInput, refused: string): unknown {
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = (err.cause as { message?: string } | undefined)?.message ?? err.message;
    return ApplicationFailure.create({ type: UPGRADE_REFUSED, nonRetryable: true, message: `cluster ${input.key} ${refused}: ${cause}` });
  }
  if (err instanceof WorkflowNotFoundError) {
    return ApplicationFailure.create({ type: ErrorTypes.NotFound, nonRetryable: true, message: `cluster ${input.key} not found: its workflow does not exist` });
  }
  return err;
}

const keyOf = (key: string) => {
  const [namespace = '', name = ''] = key.split('/');
  return { namespace, name };
};

function escapeQuery(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

/** Temporal's client as the activity context gives it (the worker's connection), or the one given (tests). */
export function campaignActivities(opts: { client?: () => Client } = {}) {
  const client = opts.client ?? (() => Context.current().client);

  type Read = { description: ClusterDescription } | { notFound: true } | { error: string };

  async function query(key: string): Promise<Read> {
    const handle = client().workflow.getHandle(clusterWorkflowId(keyOf(key)));
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = handle.query<ClusterDescription>(CLUSTER_DESCRIBE_QUERY);
      answer.catch(() => undefined); // a late failure after the timeout is not an unhandled rejection
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer to describe within ${QUERY_TIMEOUT_MS / 1000}s (is a worker running?)`)), QUERY_TIMEOUT_MS);
      });
      return { description: await Promise.race([answer, timeout]) };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return { notFound: true };
      return { error: err instanceof Error ? err.message : String(err) };
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  async function describe(key: string, read: { seq: number; at: number }): Promise<ClusterObservation> {
    const r = await query(key);
    if ('description' in r) return summarizeDescription(key, r.description, read);
    if ('notFound' in r) return { key, ...read, found: false, reachable: true, error: 'cluster workflow not found' };
    return { key, ...read, found: true, reachable: false, error: r.error };
  }

  async function mapLimit<T, R>(items: readonly T[], fn: (t: T) => Promise<R>): Promise<R[]> {
    const out: R[] = new Array(items.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(READ_CONCURRENCY, items.length) }, async () => {
        while (next < items.length) {
          const i = next++;
          out[i] = await fn(items[i]!);
        }
      }),
    );
    return out;
  }

  /** Reads every cluster, heartbeating after each answer (a slow fleet must not look like a dead worker). */
  function describeAll(keys: readonly string[], read: { seq: number; at: number }): Promise<ClusterObservation[]> {
    let done = 0;
    return mapLimit(keys, async (k) => {
      const o = await describe(k, read);
      Context.current().heartbeat({ read: ++done, of: keys.length });
      return o;
    });
  }

  /**
   * Promotes the pinned staged revision through the cluster's `promoteStaged` Update, once: when
   * the cluster already promoted it nothing is sent; the Update ID is derived like an upgrade's.
   * A refusal (the staged change was replaced since the campaign started) is terminal.
   */
  async function promote(input: RequestUpgradeInput, before: ClusterObservation): Promise<RequestUpgradeResult> {
    if (before.promotedRevision === input.version && before.stagedRevision === undefined) {
      return { changed: false, alreadyRequested: true, generation: before.generation };
    }
    return sendStep(input, CLUSTER_PROMOTE_UPDATE, { revision: input.version }, `refused the rollout of revision ${input.version}`);
  }

  /** One step's Update to the cluster workflow, with the step's Update ID (a retry is deduplicated by Temporal). */
  async function sendStep(input: RequestUpgradeInput, update: string, arg: Record<string, string>, refused: string): Promise<RequestUpgradeResult> {
    const handle = client().workflow.getHandle(clusterWorkflowId(keyOf(input.key)));
    try {
      const r = await handle.executeUpdate<{ generation: number; changed: boolean }, [Record<string, string>]>(update, {
        args: [arg],
        updateId: upgradeRequestId(input.campaign, input.key, input.version, input.attempt),
      });
      return { changed: r.changed, alreadyRequested: false, generation: r.generation };
    } catch (err) {
      throw classifyUpdateError(err, input, refused);
    }
  }

  return {
    /**
     * The clusters a campaign may select: running cluster workflows listed by visibility (narrowed
     * by namespace and matchLabels through the CapstanNamespace / CapstanLabels search attributes),
     * each then read through its own workflow, whose labels and version are the ones that count.
     */
    async resolveCampaignClusters(input: ResolveClustersInput): Promise<FleetCluster[]> {
      const clauses = [`WorkflowType = '${CLUSTER_WORKFLOW_TYPE}'`, `ExecutionStatus = 'Running'`];
      if (input.namespace) clauses.push(`CapstanNamespace = '${escapeQuery(input.namespace)}'`);
      for (const [k, v] of Object.entries(input.selector?.matchLabels ?? {})) clauses.push(`CapstanLabels = '${escapeQuery(`${k}=${v}`)}'`);
      // What visibility says, used only for clusters that do not answer (their own answer wins).
      const listed = new Map<string, { labels: Record<string, string>; version: string }>();
      for await (const wf of client().workflow.list({ query: clauses.join(' AND ') })) {
        const parts = wf.workflowId.split('/');
        if (parts.length !== 3 || parts[0] !== 'cluster') continue;
        const labels = Object.fromEntries(
          (wf.typedSearchAttributes.get(CapstanLabelsKey) ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
        );
        listed.set(`${parts[1]}/${parts[2]}`, { labels, version: wf.typedSearchAttributes.get(KubernetesVersionKey) ?? '' });
        if (listed.size % 100 === 0) Context.current().heartbeat({ listed: listed.size });
      }
      const unique = [...listed.keys()].sort();
      Context.current().heartbeat({ listed: unique.length });
      const reads = await mapLimit(unique, async (key) => {
        const read = await query(key);
        Context.current().heartbeat({ listed: unique.length });
        return { key, read };
      });
      const fleet: FleetCluster[] = [];
      for (const { key, read } of reads) {
        if ('notFound' in read) continue; // ended since it was listed
        if ('error' in read) {
          // Selected by what visibility says; the campaign reads it again before any decision
          // (it stays Pending, with this reason, while it does not answer).
          const seen = listed.get(key)!;
          fleet.push({ ...keyOf(key), labels: seen.labels, version: seen.version, observation: { key, ...input, found: true, reachable: false, error: read.error } });
          continue;
        }
        const d = read.description;
        fleet.push({ namespace: d.namespace, name: d.name, labels: d.labels, version: d.version, observation: summarizeDescription(key, d, input) });
      }
      return fleet;
    },

    /** A fresh read of each cluster, through its own workflow's describe query. */
    async observeCampaignClusters(input: ObserveClustersInput): Promise<ClusterObservation[]> {
      return describeAll(input.keys, input);
    },

    /**
     * Waits (heartbeating, cancellable) until one of the clusters changes in a way the plan
     * depends on (observationFingerprint), and returns the changed ones; returns [] after
     * maxWaitMs without a change. One activity per wait keeps the campaign's history short.
     */
    async watchCampaignClusters(input: WatchClustersInput): Promise<ClusterObservation[]> {
      const ctx = Context.current();
      const started = Date.now();
      const byKey = new Map(input.clusters.map((c) => [c.key, c]));
      for (;;) {
        const observations = await describeAll([...byKey.keys()], input);
        const target = stepTargetOf(input);
        const changed = observations.filter((o) => observationFingerprint(o, byKey.get(o.key)!.version, target) !== byKey.get(o.key)!.fingerprint);
        if (changed.length > 0) return changed;
        if (Date.now() - started >= input.maxWaitMs) return [];
        ctx.heartbeat({ watching: byKey.size });
        await ctx.sleep(input.pollIntervalMs);
      }
    },

    /**
     * Sends the cluster workflow's `upgrade` Update for one step, once: when the cluster already
     * wants this version (or a later one) nothing is sent, and the Update ID is derived from
     * campaign, cluster, version and attempt, so a retry of this activity is deduplicated by
     * Temporal; on top, the cluster treats an unchanged version as a no-op. A refusal by the
     * cluster's validator (version skew, deleting) is terminal for this cluster.
     */
    async requestClusterUpgrade(input: RequestUpgradeInput): Promise<RequestUpgradeResult> {
      const before = await describe(input.key, { seq: 0, at: 0 });
      if (!before.found) {
        throw ApplicationFailure.create({ type: ErrorTypes.NotFound, nonRetryable: true, message: `cluster ${input.key} not found: its workflow does not exist` });
      }
      if (!before.reachable) throw new Error(`cluster ${input.key} did not answer: ${before.error}`);
      if (input.kind === 'staged') return promote(input, before);
      if (compareVersionStrings(before.desiredVersion ?? '', input.version) >= 0) {
        return { changed: false, alreadyRequested: true, generation: before.generation };
      }
      return sendStep(input, CLUSTER_UPGRADE_UPDATE, { version: input.version }, `refused the upgrade to ${input.version}`);
    },
  };
}
