import type { ResourceKey } from '../../shared/ids';
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
}

export function drainActivities(deps: ActivityDeps) {
  const w = deps.workload;
  return {
    /** Reads the node, its pods, every PDB and the namespaces in one activity (one history event). */
    async observeDrain(input: { cluster: ResourceKey; nodeName: string }): Promise<DrainObservation> {
      const node = await w.getNode(input.cluster, input.nodeName);
      if (!node) return { nodeFound: false, nodeUnreachable: false, cordoned: false, pods: [], pdbs: [], namespaceLabels: {} };
      const [pods, pdbs, namespaceLabels] = await Promise.all([
        w.listPodsOnNode(input.cluster, input.nodeName),
        w.listPodDisruptionBudgets(input.cluster),
        w.listNamespaces(input.cluster),
      ]);
      const ready = node.conditions.find((c) => c.type === 'Ready');
      return {
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
    }): Promise<Array<{ pod: PodRef; outcome: EvictionOutcome }>> {
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
      return pollUntil(`waiting for ${input.pods.length} pod(s) to leave node ${input.nodeName}`, 100, async () => {
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
