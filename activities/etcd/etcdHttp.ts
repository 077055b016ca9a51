/**
 * One request to one member's JSON gateway (`http(s)://<member>:2379/v3/...`) with Node's fetch:
 * a bounded wait, the body parsed, and any failure as an EtcdCallError (an error answer, or no
 * answer). No retries here.
 */
import { EtcdCallError } from './etcdCallError';
import { decodeGatewayError } from './etcdWire';

export type FetchLike = typeof fetch;

export interface EtcdHttpRequest {
  endpoint: string;
  /** e.g. `/v3/cluster/member/list` */
  path: string;
  /** POST body; GET when absent */
  body?: unknown;
  timeoutMs: number;
  fetchImpl?: FetchLike;
}

export interface EtcdHttpAnswer {
  httpStatus: number;
  body: unknown;
}

export function joinURL(endpoint: string, path: string): string {
  return `${endpoint.replace(/\/+$/, '')}${path}`;
}

/** Any HTTP answer (error statuses included); throws only when there was none. */
export async function etcdRequest(req: EtcdHttpRequest): Promise<EtcdHttpAnswer> {
  const doFetch = req.fetchImpl ?? fetch;
  let res: Response;
  let text: string;
  try {
    res = await doFetch(joinURL(req.endpoint, req.path), {
      method: req.body === undefined ? 'GET' : 'POST',
      headers: req.body === undefined ? {} : { 'content-type': 'application/json' },
      ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    text = await res.text();
  } catch (err) {
    throw new EtcdCallError({ kind: 'transport', message: transportMessage(err, req.timeoutMs) }, req.endpoint);
  }
  let body: unknown = undefined;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    body = { message: text.slice(0, 200) };
  }
  return { httpStatus: res.status, body };
}

/** A 2xx answer's body; an error answer is thrown as EtcdCallError with etcd's message and code. */
export async function etcdCall(req: EtcdHttpRequest): Promise<unknown> {
  const answer = await etcdRequest(req);
  if (answer.httpStatus >= 200 && answer.httpStatus < 300) return answer.body;
  const e = decodeGatewayError(answer.body);
  throw new EtcdCallError(
    {
      kind: 'answer',
      httpStatus: answer.httpStatus,
      ...(e.grpcCode !== undefined ? { grpcCode: e.grpcCode } : {}),
      message: e.message ?? `HTTP ${answer.httpStatus}`,
    },
    req.endpoint,
  );
}

function transportMessage(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = e?.cause?.code ?? e?.cause?.message;
  return cause ? `${e?.message ?? 'fetch failed'} (${cause})` : (e?.message ?? String(err));
}
