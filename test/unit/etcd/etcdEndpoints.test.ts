import { EtcdCallError } from '../../../activities/etcd/etcdCallError';
import { callWithFailover } from '../../../activities/etcd/etcdEndpoints';
import type { FetchLike } from '../../../activities/etcd/etcdHttp';

/** A gateway per endpoint: an answer (status + JSON body) or no answer at all. */
function gateways(byHost: Record<string, { status: number; body: unknown } | 'down'>): { fetchImpl: FetchLike; asked: string[] } {
  const asked: string[] = [];
  const fetchImpl = (async (url: string | URL | Request) => {
    const host = new URL(String(url)).host;
    asked.push(host);
    const g = byHost[host];
    if (!g || g === 'down') throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    return new Response(JSON.stringify(g.body), { status: g.status, headers: { 'content-type': 'application/json' } });
  }) as FetchLike;
  return { fetchImpl, asked };
}

const LEARNER_REFUSAL = { status: 503, body: { error: 'etcdserver: rpc not supported for learner', code: 14, message: 'etcdserver: rpc not supported for learner' } };

describe('callWithFailover', () => {
  it('skips a member that does not answer and a learner that does not serve the RPC; answers the first voter', async () => {
    const { fetchImpl, asked } = gateways({ 'a:2379': 'down', 'b:2379': LEARNER_REFUSAL, 'c:2379': { status: 200, body: { members: [] } } });
    const r = await callWithFailover({ endpoints: ['http://a:2379', 'http://b:2379', 'http://c:2379'], path: '/v3/cluster/member/list', body: {}, timeoutMs: 1000, fetchImpl });
    expect(r).toEqual({ body: { members: [] }, endpoint: 'http://c:2379' });
    expect(asked).toEqual(['a:2379', 'b:2379', 'c:2379']);
  });

  it('any other error answer is etcd\'s answer: final, the next endpoint is not asked', async () => {
    const { fetchImpl, asked } = gateways({
      'a:2379': { status: 400, body: { error: 'etcdserver: member not found', code: 5, message: 'etcdserver: member not found' } },
      'b:2379': { status: 200, body: {} },
    });
    const err = await callWithFailover({ endpoints: ['http://a:2379', 'http://b:2379'], path: '/v3/cluster/member/remove', body: {}, timeoutMs: 1000, fetchImpl }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EtcdCallError);
    expect((err as EtcdCallError).message).toBe('etcdserver: member not found');
    expect(asked).toEqual(['a:2379']);
  });

  it('only learners: the learner\'s refusal is what is thrown', async () => {
    const { fetchImpl } = gateways({ 'b:2379': LEARNER_REFUSAL });
    const err = await callWithFailover({ endpoints: ['http://b:2379'], path: '/v3/cluster/member/list', body: {}, timeoutMs: 1000, fetchImpl }).catch((e: unknown) => e);
    expect((err as EtcdCallError).message).toMatch(/rpc not supported for learner/);
  });
});
