import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { ResourceKey } from '../../shared/ids';
import type { ObservedNode } from '../../shared/planners/health';
import type { ActivityDeps } from '../deps';
import type { NodeInfo } from '../providers/types';
import { pollUntil } from '../poll';
import { LONG_POLL_MS } from './machineInfrastructure';

/** The node conditions a health check reads, and the fingerprint to pass back as `since`. */
export interface NodeConditionsAnswer {
  nodes: ObservedNode[];
  /** changes exactly when `nodes` do */
  version: string;
}

export interface AwaitNodeConditionsInput {
  cluster: ResourceKey;
  /** `version` of the last answer; unset answers at once */
  since?: string;
  /** answer anyway (unchanged) after this long, so the workflow can look at its own clock */
  maxWaitMs: number;
}

/** Only what the health check needs enters history: name, and each condition's type, status and transition. */
export function observeNodes(nodes: readonly NodeInfo[]): ObservedNode[] {
  return [...nodes]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((n) => ({
      name: n.name,
      conditions: n.conditions.map((c) => ({ type: c.type, status: c.status, lastTransitionTime: c.lastTransitionTime })),
    }));
}

export function nodeConditionsVersion(nodes: readonly ObservedNode[]): string {
  return createHash('sha256').update(JSON.stringify(nodes)).digest('hex').slice(0, 16);
}

export function nodeConditionActivities(deps: ActivityDeps) {
  return {
    /**
     * The health check's watch on node conditions: answers once they differ from `since`, or after
     * `maxWaitMs` — one history entry per change (or per window) instead of one read per poll tick.
     * Heartbeats every round, so a cancelled wait (the workflow woke for a signal or its own timer)
     * ends within a heartbeat, and the in-flight long-poll request is aborted at once.
     */
    async awaitNodeConditionsChange(input: AwaitNodeConditionsInput): Promise<NodeConditionsAnswer> {
      const w = deps.workload;
      const ctx = Context.current();
      const deadline = Date.now() + input.maxWaitMs;
      // The provider's own version (opaque) lets each round long-poll from what the last one saw.
      let providerVersion: string | undefined;
      const read = async (): Promise<NodeInfo[]> => {
        if (!w.waitForNodeConditionsChange) return w.listNodes(input.cluster);
        const waitMs = Math.max(0, Math.min(LONG_POLL_MS, deadline - Date.now()));
        try {
          const answer = await w.waitForNodeConditionsChange(input.cluster, providerVersion, waitMs, ctx.cancellationSignal);
          providerVersion = answer.version;
          return answer.nodes;
        } catch (err) {
          // Aborted because we were cancelled: report the cancellation, not a transport failure.
          if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason;
          throw err;
        }
      };
      const what = `watching node conditions of ${input.cluster.namespace}/${input.cluster.name}`;
      return pollUntil(what, w.waitForNodeConditionsChange ? 0 : deps.pollIntervalMs, async () => {
        const nodes = observeNodes(await read());
        const version = nodeConditionsVersion(nodes);
        return version !== input.since || Date.now() >= deadline ? { nodes, version } : undefined;
      });
    },
  };
}
