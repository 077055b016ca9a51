import { Context, log } from '@temporalio/activity';
import type { ResourceKey } from '../../shared/ids';
import { DRAIN_RULES_QUERY, type DrainRulesView } from '../../shared/queries/drainRules';
import type { AttachedVolume, DrainPod, PodDisruptionBudgetInfo, PodRef } from '../../shared/planners/drain';
import type { ActivityDeps } from '../deps';
import type { EvictionOutcome } from '../providers/types';
import { pollUntil } from '../poll';

/** What one drain pass observes of the workload cluster (the drain planner's inputs). */
export interface DrainObservation {
  nodeFound: boolean;
  nodeUnreachable: boolean;
  cordoned: boolean;
  pods: DrainPod[];
  pdbs: PodDisruptionBudgetInfo[];
  namespaceLabels: Record<string, Record<string, string>>;
  /**
   * The cluster's MachineDrainRules and labels read in the same pass (CAPI lists the rules on every
   * drain reconcile); absent when not asked for or when the cluster workflow did not answer.
   */
  drainRules?: DrainRulesView;
  /** the node's attached volumes, when asked for (`withVolumes`): a drain of a node without any skips the volume wait */
  volumes?: AttachedVolume[];
}

const RULES_QUERY_DEADLINE_MS = 3000;
const withRules = (drainRules: DrainRulesView | undefined) => (drainRules ? { drainRules } : {});

/**
 * Asks the cluster workflow for its current MachineDrainRules. A cluster workflow that does not
 * answer (not started by a cluster, as in some tests, or briefly unavailable) leaves the drain on
 * the rules it was started with: reading rules must never be what blocks a drain.
 */
async function readDrainRules(clusterWorkflowId: string): Promise<DrainRulesView | undefined> {
  let client;
  try {
    client = Context.current().client;
  } catch {
    return undefined; // no client in this activity context (unit tests of activities)
  }
  try {
    // A busy or crashed workflow worker must not stall the drain's observation for long.
    return await client.withDeadline(Date.now() + RULES_QUERY_DEADLINE_MS, () =>
      client.workflow.getHandle(clusterWorkflowId).query<DrainRulesView>(DRAIN_RULES_QUERY),
    );
  } catch (err) {
    log.warn('cluster workflow did not answer the drainRules query; the drain keeps its rules', { clusterWorkflowId, error: String(err) });
    return undefined;
  }
}

export function drainActivities(deps: ActivityDeps) {
  const w = deps.workload;
  return {
    /** Reads the node, its pods, every PDB and the namespaces in one activity (one history event). */
    async observeDrain(input: { cluster: ResourceKey; nodeName: string; rulesFrom?: string; withVolumes?: boolean }): Promise<DrainObservation> {
      const rules = input.rulesFrom ? readDrainRules(input.rulesFrom) : Promise.resolve(undefined);
      const node = await w.getNode(input.cluster, input.nodeName);
      if (!node) return { nodeFound: false, nodeUnreachable: false, cordoned: false, pods: [], pdbs: [], namespaceLabels: {}, ...withRules(await rules) };
      const [pods, pdbs, namespaceLabels, drainRules, volumes] = await Promise.all([
        w.listPodsOnNode(input.cluster, input.nodeName),
        w.listPodDisruptionBudgets(input.cluster),
        w.listNamespaces(input.cluster),
        rules,
        input.withVolumes ? w.listVolumeAttachments(input.cluster, input.nodeName) : undefined,
      ]);
      const ready = node.conditions.find((c) => c.type === 'Ready');
      return {
        ...withRules(drainRules),
        ...(volumes ? { volumes } : {}),
        nodeFound: true,
        nodeUnreachable: ready?.status === 'Unknown',
        cordoned: node.unschedulable,
        // only the planner's fields travel into history
        pods: pods.map(({ nodeName: _n, ownerName: _o, ready: _r, ...pod }) => pod),
        pdbs,
        namespaceLabels,
      };
    },

    /** Marks the node unschedulable (idempotent). */
    async cordonNode(input: { cluster: ResourceKey; nodeName: string }): Promise<void> {
      await w.cordonNode(input.cluster, input.nodeName, true);
    },

    /** One Eviction API call per pod; refusals (429 from a PDB) are outcomes, not errors. */
    async evictPods(input: {
      cluster: ResourceKey;
      pods: PodRef[];
      gracePeriodSeconds?: number;
      /** cordon this node first, in the same activity (one round trip fewer for a drain's first pass) */
      cordonFirst?: boolean;
      nodeName?: string;
    }): Promise<Array<{ pod: PodRef; outcome: EvictionOutcome }>> {
      if (input.cordonFirst && input.nodeName) await w.cordonNode(input.cluster, input.nodeName, true);
      return Promise.all(
        input.pods.map(async (pod) => ({
          pod,
          outcome: await w.evictPod(input.cluster, pod, { gracePeriodSeconds: input.gracePeriodSeconds }),
        })),
      );
    },

    /**
     * Waits (heartbeating) until the given Pods are gone from the node, or `maxWaitMs` passed. A
     * drain then looks again as soon as its evicted Pods finished terminating instead of on a
     * fixed re-check, in one history entry however long termination takes.
     */
    async awaitPodsGone(input: { cluster: ResourceKey; nodeName: string; pods: PodRef[]; maxWaitMs: number }): Promise<{ gone: boolean }> {
      const deadline = Date.now() + input.maxWaitMs;
      return pollUntil(`waiting for ${input.pods.length} pod(s) to leave node ${input.nodeName}`, 50, async () => {
        const onNode = await w.listPodsOnNode(input.cluster, input.nodeName);
        const left = input.pods.filter((p) => onNode.some((x) => x.namespace === p.namespace && x.name === p.name));
        if (left.length === 0) return { gone: true };
        return Date.now() >= deadline ? { gone: false } : undefined;
      });
    },

    /**
     * Waits (heartbeating) up to `maxWaitMs` for the node's attached volumes to change, and answers
     * what is attached (VolumeDetachState): one history entry per change instead of a fixed re-check.
     */
    async awaitVolumesChange(input: { cluster: ResourceKey; nodeName: string; known: number; maxWaitMs: number }): Promise<{
      nodeFound: boolean;
      nodeUnreachable: boolean;
      attached: AttachedVolume[];
    }> {
      const deadline = Date.now() + input.maxWaitMs;
      return pollUntil(`waiting for volumes to detach from node ${input.nodeName}`, 200, async () => {
        const node = await w.getNode(input.cluster, input.nodeName);
        const attached = node ? await w.listVolumeAttachments(input.cluster, input.nodeName) : [];
        const ready = node?.conditions.find((c) => c.type === 'Ready');
        const answer = { nodeFound: !!node, nodeUnreachable: ready?.status === 'Unknown', attached };
        const settled = !node || answer.nodeUnreachable || attached.length === 0 || attached.length !== input.known;
        return settled || Date.now() >= deadline ? answer : undefined;
      });
    },
  };
}
