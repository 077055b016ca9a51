import type { ResourceKey } from '../../shared/ids';
import type { DrainRulesView } from '../../shared/queries/drainRules';
import { DrainRulesReader, queryDrainRules } from './drainRules';
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

const withRules = (drainRules: DrainRulesView | undefined) => (drainRules ? { drainRules } : {});

export interface ObserveDrainInput {
  cluster: ResourceKey;
  nodeName: string;
  /** the cluster workflow to ask for the current MachineDrainRules */
  rulesFrom?: string;
  withVolumes?: boolean;
}

export interface EvictPodsInput {
  cluster: ResourceKey;
  pods: PodRef[];
  gracePeriodSeconds?: number;
  /** cordon this node first, in the same activity (one round trip fewer for a drain's first pass) */
  cordonFirst?: boolean;
  nodeName?: string;
}

export interface EvictionResult {
  pod: PodRef;
  outcome: EvictionOutcome;
}

export function drainActivities(deps: ActivityDeps) {
  const w = deps.workload;
  const rulesReader = new DrainRulesReader(queryDrainRules);
  /** Reads the node, its pods, every PDB and the namespaces in one activity (one history event). */
  async function observe(input: ObserveDrainInput): Promise<DrainObservation> {
    const rules = input.rulesFrom ? rulesReader.read(input.rulesFrom) : Promise.resolve(undefined);
    const node = await w.getNode(input.cluster, input.nodeName);
    if (!node)
      return {
        nodeFound: false,
        nodeUnreachable: false,
        cordoned: false,
        pods: [],
        pdbs: [],
        namespaceLabels: {},
        ...withRules(await rules),
      };
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
  }

  /** One Eviction API call per pod (cordoning first when asked); refusals are outcomes, not errors. */
  async function evict(input: EvictPodsInput): Promise<EvictionResult[]> {
    if (input.cordonFirst && input.nodeName) await w.cordonNode(input.cluster, input.nodeName, true);
    return Promise.all(
      input.pods.map(async (pod) => ({
        pod,
        outcome: await w.evictPod(input.cluster, pod, { gracePeriodSeconds: input.gracePeriodSeconds }),
      })),
    );
  }

  /** Polls (heartbeating) until none of `pods` is on the node any more, or the deadline passed. */
  function untilGone(
    cluster: ResourceKey,
    nodeName: string,
    pods: PodRef[],
    maxWaitMs: number,
  ): Promise<{ gone: boolean }> {
    const deadline = Date.now() + maxWaitMs;
    return pollUntil(`waiting for ${pods.length} pod(s) to leave node ${nodeName}`, 50, async () => {
      const onNode = await w.listPodsOnNode(cluster, nodeName);
      const left = pods.filter((p) => onNode.some((x) => x.namespace === p.namespace && x.name === p.name));
      if (left.length === 0) return { gone: true };
      return Date.now() >= deadline ? { gone: false } : undefined;
    });
  }

  return {
    observeDrain: observe,

    /** Marks the node unschedulable (idempotent). */
    async cordonNode(input: { cluster: ResourceKey; nodeName: string }): Promise<void> {
      await w.cordonNode(input.cluster, input.nodeName, true);
    },

    /** One Eviction API call per pod; refusals (429 from a PDB) are outcomes, not errors. */
    evictPods: evict,

    /**
     * A drain pass's evictions and what follows them in one activity: evict (cordoning first when
     * asked); if any eviction was accepted, wait until those Pods and `alsoAwait` (Pods already
     * terminating) are gone or `maxWaitMs` passed, then observe the node again for the next pass.
     * When every eviction was refused there is nothing to wait for and no observation: the drain
     * retries at its next attempt time.
     */
    async evictAndObserve(
      input: EvictPodsInput & {
        nodeName: string;
        alsoAwait: PodRef[];
        maxWaitMs: number;
        observe: ObserveDrainInput;
      },
    ): Promise<{
      results: EvictionResult[];
      observation?: DrainObservation;
    }> {
      const results = await evict(input);
      const accepted = results
        .filter((r) => r.outcome.outcome === 'evicted' || r.outcome.outcome === 'notFound')
        .map((r) => r.pod);
      if (accepted.length === 0) return { results };
      await untilGone(input.cluster, input.nodeName, [...accepted, ...input.alsoAwait], input.maxWaitMs);
      return { results, observation: await observe(input.observe) };
    },

    /**
     * Waits (heartbeating) until the given Pods are gone from the node, or `maxWaitMs` passed. A
     * drain then looks again as soon as its evicted Pods finished terminating instead of on a
     * fixed re-check, in one history entry however long termination takes.
     */
    async awaitPodsGone(input: {
      cluster: ResourceKey;
      nodeName: string;
      pods: PodRef[];
      maxWaitMs: number;
    }): Promise<{ gone: boolean }> {
      return untilGone(input.cluster, input.nodeName, input.pods, input.maxWaitMs);
    },

    /**
     * Waits (heartbeating) up to `maxWaitMs` for the node's attached volumes to change, and answers
     * what is attached (VolumeDetachState): one history entry per change instead of a fixed re-check.
     */
    async awaitVolumesChange(input: {
      cluster: ResourceKey;
      nodeName: string;
      known: number;
      maxWaitMs: number;
    }): Promise<{
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
        const settled =
          !node || answer.nodeUnreachable || attached.length === 0 || attached.length !== input.known;
        return settled || Date.now() >= deadline ? answer : undefined;
      });
    },
  };
}
