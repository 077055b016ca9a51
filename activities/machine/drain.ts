import type { ResourceKey } from '../../shared/ids';
import type { DrainPod, PodDisruptionBudgetInfo, PodRef } from '../../shared/planners/drain';
import type { ActivityDeps } from '../deps';
import type { EvictionOutcome } from '../providers/types';

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
  };
}
