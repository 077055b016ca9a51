import { Context, log } from '@temporalio/activity';
import { DRAIN_RULES_QUERY, type DrainRulesView } from '../../shared/queries/drainRules';

/** A busy or crashed workflow worker must not stall a drain's observation for long. */
const RULES_QUERY_DEADLINE_MS = 3000;
/**
 * Answers this young are used without asking again. A query waits behind the cluster workflow's
 * current workflow task, which during a rollout (a status report per machine step) cost 100-300 ms
 * on every drain pass of the benchmark; a drain that waits (a PodDisruptionBudget, 20 s between
 * passes) still reads fresh rules on each pass, so a rule added to unblock it applies on its next
 * pass.
 */
export const DRAIN_RULES_FRESH_MS = 5000;

type Fetch = (clusterWorkflowId: string) => Promise<DrainRulesView>;

interface Entry {
  view: DrainRulesView;
  at: number;
}

/**
 * The cluster workflows' current MachineDrainRules, as drains read them on every pass (CAPI lists
 * MachineDrainRules on every drain reconcile), with a short per-process cache. A cluster workflow
 * that does not answer (not started by a cluster, as in some tests, or briefly unavailable) leaves
 * the drain on the last rules it knew: reading rules must never be what blocks a drain.
 */
export class DrainRulesReader {
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly fetch: Fetch,
    private readonly now: () => number = Date.now,
    private readonly warn: (message: string, meta: Record<string, unknown>) => void = (m, meta) => log.warn(m, meta),
  ) {}

  async read(clusterWorkflowId: string): Promise<DrainRulesView | undefined> {
    const cached = this.cache.get(clusterWorkflowId);
    if (cached && this.now() - cached.at < DRAIN_RULES_FRESH_MS) return cached.view;
    try {
      const view = await this.fetch(clusterWorkflowId);
      this.cache.set(clusterWorkflowId, { view, at: this.now() });
      return view;
    } catch (err) {
      this.warn('cluster workflow did not answer the drainRules query; the drain keeps its rules', { clusterWorkflowId, error: String(err) });
      return undefined;
    }
  }
}

/** Asks the cluster workflow through the activity's client (throws where there is none, e.g. unit tests). */
export const queryDrainRules: Fetch = (clusterWorkflowId) => {
  const client = Context.current().client;
  return client.withDeadline(Date.now() + RULES_QUERY_DEADLINE_MS, () =>
    client.workflow.getHandle(clusterWorkflowId).query<DrainRulesView>(DRAIN_RULES_QUERY),
  );
};
