/**
 * Turns whatever an AWS SDK call threw into the ApplicationFailure Temporal's retry policy acts on
 * (DESIGN.md: terminal errors are non-retryable ApplicationFailures typed from shared/errors.ts).
 * The SDK has already retried throttling and 5xx with backoff by the time an error reaches here.
 */
import { ApplicationFailure } from '@temporalio/common';
import { ErrorTypes, TERMINAL_ERROR_TYPES, type ErrorType } from '../../../shared/errors';
import { classifyAwsErrorCode, isThrottlingCode, type AwsErrorClass } from './awsErrorCodes';
import { fieldForAwsError, type AwsRequestOwner } from './awsErrorFields';

export interface AwsCallContext {
  /** the API operation, e.g. `RunInstances` */
  operation: string;
  /** what it was for, e.g. `machine default/dev-md-0-x7k2p` */
  subject: string;
  owner: AwsRequestOwner;
  /** the declaring object, e.g. `AWSMachineTemplate/dev-md-0` */
  template?: string;
}

export interface AwsErrorFacts {
  code?: string;
  message: string;
  httpStatus?: number;
  requestId?: string;
}

const NODE_NET_CODE = /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN)\b/;

/** Reads code, message, status and request id off an SDK v3 service or transport error. */
export function awsErrorFacts(err: unknown): AwsErrorFacts {
  if (typeof err !== 'object' || err === null) return { message: String(err) };
  const e = err as {
    name?: unknown;
    Code?: unknown;
    code?: unknown;
    message?: unknown;
    $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
  };
  const httpStatus = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  const requestId = typeof e.$metadata?.requestId === 'string' ? e.$metadata.requestId : undefined;
  // `Code` is the wire code (`LoadBalancerNotFound`); `name` is the SDK's class name, which for
  // modelled ELBv2 errors carries an `Exception` suffix; `code` is Node's (ECONNREFUSED).
  let code: string | undefined;
  if (typeof e.Code === 'string') code = e.Code;
  else if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) code = e.code;
  else if (typeof e.name === 'string' && e.name !== 'Error') code = e.name.replace(/Exception$/, '');
  if (code === 'TimeoutError' || code === 'AbortError') code = 'TimeoutError';
  const message =
    typeof e.message === 'string' && e.message.length > 0 ? e.message : (code ?? 'unknown error');
  // A transport error from another realm (e.g. a test VM context) reaches us wrapped by the SDK as
  // "AWS SDK error wrapper for Error: connect ECONNREFUSED ...": keep its code visible.
  code ??= NODE_NET_CODE.exec(message)?.[1];
  return {
    message,
    ...(code !== undefined ? { code } : {}),
    ...(httpStatus !== undefined ? { httpStatus } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
  };
}

const TYPE_OF_CLASS: Record<AwsErrorClass, ErrorType> = {
  transient: ErrorTypes.ProviderUnavailable,
  auth: ErrorTypes.AuthFailed,
  quota: ErrorTypes.QuotaExceeded,
  badSpec: ErrorTypes.InvalidSpec,
  conflict: ErrorTypes.Conflict,
};

export function awsFailure(err: unknown, ctx: AwsCallContext): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err; // already classified further down
  const facts = awsErrorFacts(err);
  const cls = classifyAwsErrorCode(facts.code, facts.httpStatus);
  const type = TYPE_OF_CLASS[cls];
  const field = cls === 'badSpec' ? fieldForAwsError(ctx.owner, facts.code, facts.message) : undefined;
  const codeText =
    facts.code ?? (facts.httpStatus !== undefined ? `HTTP ${facts.httpStatus}` : 'no error code');
  const what = `AWS ${ctx.operation} for ${ctx.subject}`;
  let message: string;
  switch (cls) {
    case 'transient':
      message = `${what} ${isThrottlingCode(facts.code) ? 'was throttled' : 'failed transiently'} (${codeText}: ${facts.message}); will retry`;
      break;
    case 'auth':
      message =
        `${what} was refused for the credentials (${codeText}: ${facts.message}); check the worker's AWS ` +
        `credentials (environment, profile or role) and their IAM permissions for ${ctx.operation}`;
      break;
    case 'quota':
      message = `${what} hit an account limit (${codeText}: ${facts.message}); raise the quota or use fewer resources`;
      break;
    case 'badSpec': {
      const where = ctx.template ? ` of ${ctx.template}` : '';
      message = field
        ? `${what} was refused: ${field}${where} is not valid here (${codeText}: ${facts.message})`
        : `${what} was refused: the request built from ${ctx.template ?? 'the spec'} is not valid (${codeText}: ${facts.message})`;
      break;
    }
    case 'conflict':
      message = `${what} conflicted with the current state (${codeText}: ${facts.message}); will retry`;
      break;
  }
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: TERMINAL_ERROR_TYPES.includes(type),
    details: [
      {
        operation: ctx.operation,
        ...(facts.code !== undefined ? { awsErrorCode: facts.code } : {}),
        ...(facts.httpStatus !== undefined ? { httpStatus: facts.httpStatus } : {}),
        ...(facts.requestId !== undefined ? { requestId: facts.requestId } : {}),
        ...(field !== undefined ? { field } : {}),
      },
    ],
    ...(err instanceof Error ? { cause: err } : {}),
  });
}

/** A spec problem found before any call (unsupported field, nothing to place an LB in, ...). */
export function awsInvalidSpec(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: ErrorTypes.InvalidSpec, message, nonRetryable: true });
}

/** AWS APIs are eventually consistent: a resource just created may not be listed yet. Retried. */
export function awsNotVisibleYet(message: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: ErrorTypes.Conflict,
    message: `${message}; will look again`,
    nonRetryable: false,
  });
}

/** Runs one SDK call and classifies what it throws. */
export async function callAws<T>(ctx: AwsCallContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw awsFailure(err, ctx);
  }
}
