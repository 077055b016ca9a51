import type { DesiredRuntimeExtension } from '../../shared/model/desired';
import type { HookOutcome, HookRequest, LifecycleHookName } from '../../shared/planners/lifecycleHooks';
import { ExtensionCallError, postJson } from './postJson';

const GROUP_VERSION = 'hooks.runtime.cluster.x-k8s.io/v1alpha1';
/** CAPI's defaults and bounds for a handler's `timeoutSeconds`. */
const DEFAULT_TIMEOUT_SECONDS = 10;
const MAX_TIMEOUT_SECONDS = 30;
const DISCOVERY_TIMEOUT_MS = 10_000;

export interface ExtensionHandler {
  name: string;
  hook: string;
  timeoutSeconds: number;
  failurePolicy: 'Fail' | 'Ignore';
}

/** CAPI's `GVHToPath`: `/<group>/<version>/<hook, lowercased>[/<handler>]`, under the extension's URL. */
export function hookUrl(base: string, hook: string, handler?: string): string {
  const path = `/${GROUP_VERSION}/${hook.toLowerCase()}${handler ? `/${handler}` : ''}`;
  return base.replace(/\/+$/, '') + path;
}

/**
 * The extension's handlers, from its discovery endpoint, checked as CAPI's registry checks
 * them: a name, a hook of this API version, a timeout of 0–30 s (default 10), a failure policy
 * Fail (default) or Ignore. Anything else is an ExtensionCallError naming the field.
 */
export async function discoverHandlers(ext: DesiredRuntimeExtension): Promise<ExtensionHandler[]> {
  const answer = (await postJson(
    hookUrl(ext.url, 'discovery'),
    { apiVersion: GROUP_VERSION, kind: 'DiscoveryRequest' },
    { caBundle: ext.caBundle, timeoutMs: DISCOVERY_TIMEOUT_MS },
  )) as { status?: unknown; message?: unknown; handlers?: unknown };
  const where = `discovery of extension ${ext.name}`;
  if (answer?.status !== 'Success') {
    throw new ExtensionCallError(`${where} answered status ${JSON.stringify(answer?.status)}${answer?.message ? `: ${String(answer.message)}` : ''}`);
  }
  if (!Array.isArray(answer.handlers)) throw new ExtensionCallError(`${where}: handlers must be a list`);
  return answer.handlers.map((raw: unknown, i: number) => {
    const h = raw as { name?: unknown; requestHook?: { apiVersion?: unknown; hook?: unknown }; timeoutSeconds?: unknown; failurePolicy?: unknown };
    const at = `${where}: handlers[${i}]`;
    if (typeof h?.name !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(h.name)) {
      throw new ExtensionCallError(`${at}.name must be a DNS-1123 label, got ${JSON.stringify(h?.name)}`);
    }
    if (h.requestHook?.apiVersion !== GROUP_VERSION || typeof h.requestHook.hook !== 'string') {
      throw new ExtensionCallError(`${at}.requestHook must name a hook of ${GROUP_VERSION}`);
    }
    const timeout = h.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 0 || timeout > MAX_TIMEOUT_SECONDS) {
      throw new ExtensionCallError(`${at}.timeoutSeconds must be an integer from 0 to ${MAX_TIMEOUT_SECONDS}`);
    }
    const policy = h.failurePolicy ?? 'Fail';
    if (policy !== 'Fail' && policy !== 'Ignore') throw new ExtensionCallError(`${at}.failurePolicy must be Fail or Ignore`);
    return { name: h.name, hook: h.requestHook.hook, timeoutSeconds: timeout || DEFAULT_TIMEOUT_SECONDS, failurePolicy: policy };
  });
}

interface HandlerAnswer {
  who: string;
  outcome: 'success' | 'failure' | 'ignored';
  message?: string;
  retryAfterSeconds: number;
}

async function callHandler(ext: DesiredRuntimeExtension, handler: ExtensionHandler, request: HookRequest): Promise<HandlerAnswer> {
  const who = `${ext.name}/${handler.name}`;
  try {
    const answer = (await postJson(
      hookUrl(ext.url, request.hook, handler.name),
      { ...request.body, settings: ext.settings },
      { caBundle: ext.caBundle, timeoutMs: handler.timeoutSeconds * 1000 },
    )) as { status?: unknown; message?: unknown; retryAfterSeconds?: unknown };
    const message = typeof answer?.message === 'string' && answer.message ? answer.message : undefined;
    if (answer?.status === 'Failure') return { who, outcome: 'failure', message: message ?? 'status Failure', retryAfterSeconds: 0 };
    if (answer?.status !== 'Success') throw new ExtensionCallError(`answered status ${JSON.stringify(answer?.status)}, not Success or Failure`);
    const retry = answer.retryAfterSeconds;
    const retryAfterSeconds = typeof retry === 'number' && Number.isFinite(retry) && retry > 0 ? Math.ceil(retry) : 0;
    return { who, outcome: 'success', message, retryAfterSeconds };
  } catch (err) {
    if (!(err instanceof ExtensionCallError)) throw err;
    // failurePolicy covers an extension that cannot be reached or answers badly; a Failure it
    // returns always counts (as in CAPI). The ignored error stays in the outcome's message, so
    // the activity result in the workflow history records it.
    if (handler.failurePolicy === 'Ignore') return { who, outcome: 'ignored', message: `ignored (failurePolicy Ignore): ${err.message}`, retryAfterSeconds: 0 };
    return { who, outcome: 'failure', message: err.message, retryAfterSeconds: 0 };
  }
}

/**
 * Calls one lifecycle hook on every handler registered for it, extension by extension (by name)
 * and in each extension's discovery order, and aggregates as CAPI does: any failure fails the
 * hook; otherwise the smallest non-zero retryAfterSeconds blocks it; otherwise it passes.
 * Discovery runs on every call, so a redeployed extension's handlers are always current.
 * Idempotent as far as Capstan goes: a retried activity calls the hooks again, which the Runtime
 * SDK requires extensions to tolerate.
 */
export async function callLifecycleHook(input: { extensions: DesiredRuntimeExtension[]; request: HookRequest }): Promise<HookOutcome> {
  const answers: HandlerAnswer[] = [];
  for (const ext of input.extensions) {
    let handlers: ExtensionHandler[];
    try {
      handlers = await discoverHandlers(ext);
    } catch (err) {
      if (!(err instanceof ExtensionCallError)) throw err;
      answers.push({ who: ext.name, outcome: 'failure', message: err.message, retryAfterSeconds: 0 });
      continue;
    }
    for (const handler of handlers.filter((h) => h.hook === (input.request.hook satisfies LifecycleHookName))) {
      answers.push(await callHandler(ext, handler, input.request));
    }
  }
  const handlers = answers.length;
  const failures = answers.filter((a) => a.outcome === 'failure');
  if (failures.length > 0) {
    return { status: 'Failed', handlers, message: failures.map((a) => `${a.who}: ${a.message}`).join('; ') };
  }
  const blocking = answers.filter((a) => a.outcome === 'success' && a.retryAfterSeconds > 0);
  if (blocking.length > 0) {
    return {
      status: 'Blocked',
      handlers,
      retryAfterSeconds: Math.min(...blocking.map((a) => a.retryAfterSeconds)),
      message: blocking.map((a) => `${a.who}: ${a.message ?? `retry after ${a.retryAfterSeconds}s`}`).join('; '),
    };
  }
  const notes = answers.filter((a) => a.message).map((a) => `${a.who}: ${a.message}`);
  return { status: 'Passed', handlers, ...(notes.length > 0 ? { message: notes.join('; ') } : {}) };
}

export function lifecycleHookActivities() {
  return { callLifecycleHook };
}
