/**
 * Classifies what can go wrong talking to the simulated cloud into ApplicationFailures that
 * Temporal's retry policies understand: the sim not answering or answering 5xx is
 * ProviderUnavailable (retried); a refusal carries the sim's own error type, non-retryable
 * exactly when shared/errors.ts calls that type terminal (InvalidSpec: a retry cannot fix a bad request).
 */
import { ApplicationFailure } from '@temporalio/common';
import { ErrorTypes, TERMINAL_ERROR_TYPES, type ErrorType } from '../../../shared/errors';

export interface SimCallDescription {
  method: string;
  url: string;
}

const KNOWN_TYPES = new Set<string>(Object.values(ErrorTypes));

function failure(
  type: ErrorType,
  message: string,
  call: SimCallDescription,
  status?: number,
  cause?: Error,
): ApplicationFailure {
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: TERMINAL_ERROR_TYPES.includes(type),
    details: [{ method: call.method, url: call.url, ...(status !== undefined ? { status } : {}) }],
    ...(cause ? { cause } : {}),
  });
}

/** fetch itself failed: refused, reset, DNS, or our timeout fired. */
export function simTransportFailure(
  call: SimCallDescription,
  err: unknown,
  timeoutMs: number,
): ApplicationFailure {
  const e = err instanceof Error ? err : new Error(String(err));
  const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
  const code = (e as { cause?: { code?: unknown } }).cause?.code;
  const why = timedOut ? `no answer within ${timeoutMs} ms` : typeof code === 'string' ? code : e.message;
  return failure(
    ErrorTypes.ProviderUnavailable,
    `simulated cloud did not answer ${call.method} ${call.url}: ${why} (is \`capstan sim serve\` running?)`,
    call,
    undefined,
    e,
  );
}

/** The sim answered with an error status. */
export function simResponseFailure(
  call: SimCallDescription,
  status: number,
  body: unknown,
  noRoute: boolean,
): ApplicationFailure {
  const error = (body as { error?: { type?: unknown; message?: unknown } } | null)?.error;
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${status}`;
  if (status === 503) {
    // The workload cluster's API server is down (an outage, or etcd without quorum): retry later.
    return failure(ErrorTypes.ProviderUnavailable, `${message} (${call.method} ${call.url})`, call, status);
  }
  if (status >= 500) {
    return failure(
      ErrorTypes.ProviderUnavailable,
      `simulated cloud failed ${call.method} ${call.url}: ${message}`,
      call,
      status,
    );
  }
  if (noRoute) {
    // A wrong base URL is fixed by reconfiguring the worker, after which a retry succeeds.
    return failure(
      ErrorTypes.ProviderUnavailable,
      `${call.url} is not a simulated-cloud API route (check CAPSTAN_SIM_URL): ${message}`,
      call,
      status,
    );
  }
  const type: ErrorType =
    typeof error?.type === 'string' && KNOWN_TYPES.has(error.type)
      ? (error.type as ErrorType)
      : status === 404
        ? ErrorTypes.NotFound
        : status === 409
          ? ErrorTypes.Conflict
          : ErrorTypes.InvalidSpec;
  return failure(type, message, call, status);
}

/** The sim answered 2xx but not with JSON: something else listens at the URL. */
export function simMalformedResponseFailure(call: SimCallDescription, status: number): ApplicationFailure {
  return failure(
    ErrorTypes.ProviderUnavailable,
    `${call.method} ${call.url} answered ${status} without a JSON body; is the simulated cloud listening there?`,
    call,
    status,
  );
}
