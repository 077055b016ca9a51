/**
 * The client URLs a request may go to, in order, and the fail-over across them: a member that
 * does not answer, or a learner that does not serve the RPC, is skipped for the next one; any
 * other error answer is etcd's answer and is final.
 * The seeds are the configured endpoints; member lists add the client URLs they publish.
 */
import { EtcdCallError } from './etcdCallError';
import { isNotSupportedForLearner } from './etcdErrorMessages';
import { etcdCall, type FetchLike } from './etcdHttp';

/** Unique, in first-seen order. */
export function orderedEndpoints(...lists: ReadonlyArray<readonly string[]>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const list of lists) {
    for (const raw of list) {
      const e = raw.replace(/\/+$/, '');
      if (e !== '' && !seen.has(e)) {
        seen.add(e);
        out.push(e);
      }
    }
  }
  return out;
}

export interface FailoverRequest {
  endpoints: readonly string[];
  path: string;
  body: unknown;
  timeoutMs: number;
  fetchImpl?: FetchLike;
}

/** Tries each endpoint until one answers; answers the body and who answered. */
export async function callWithFailover(req: FailoverRequest): Promise<{ body: unknown; endpoint: string }> {
  let last: unknown = new EtcdCallError({ kind: 'transport', message: 'no endpoint to ask' }, '(none)');
  for (const endpoint of req.endpoints) {
    try {
      const body = await etcdCall({
        endpoint,
        path: req.path,
        body: req.body,
        timeoutMs: req.timeoutMs,
        ...(req.fetchImpl ? { fetchImpl: req.fetchImpl } : {}),
      });
      return { body, endpoint };
    } catch (err) {
      // No answer, or a learner's refusal to serve this RPC (a member just added, listed among the
      // endpoints): the next endpoint is asked, as etcd's own client balancer does.
      if (err instanceof EtcdCallError && (err.facts.kind === 'transport' || isNotSupportedForLearner(err.facts.message))) {
        last = err;
        continue;
      }
      throw err;
    }
  }
  throw last;
}
