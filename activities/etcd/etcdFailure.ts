/**
 * Turns what an etcd gateway call threw into the ApplicationFailure Temporal's retry policy acts on
 * (DESIGN.md: terminal errors are non-retryable ApplicationFailures typed from shared/errors.ts),
 * as the AWS provider's awsFailure does. Pure.
 */
import { ApplicationFailure } from '@temporalio/common';
import { ErrorTypes, TERMINAL_ERROR_TYPES, type ErrorType } from '../../shared/errors';
import { EtcdCallError } from './etcdCallError';
import { GrpcCode, isReconfigRefused } from './etcdErrorMessages';

export interface EtcdCallContext {
  /** e.g. `MemberRemove` */
  operation: string;
  /** what it was for, e.g. `member e2 (10221086941837066381)` */
  subject: string;
  /** a missing member is terminal for this call (promote of a member that is gone) */
  notFoundIsTerminal?: boolean;
}

export function classifyEtcdError(err: unknown): { type: ErrorType; why: string } {
  if (!(err instanceof EtcdCallError)) return { type: ErrorTypes.ProviderUnavailable, why: 'failed unexpectedly' };
  const f = err.facts;
  if (f.kind === 'transport') return { type: ErrorTypes.ProviderUnavailable, why: 'got no answer' };
  if (isReconfigRefused(f.message)) return { type: ErrorTypes.Conflict, why: 'was refused for now' };
  switch (f.grpcCode) {
    case GrpcCode.FailedPrecondition:
    case GrpcCode.AlreadyExists:
    case GrpcCode.Aborted:
      return { type: ErrorTypes.Conflict, why: 'conflicted with the current membership' };
    case GrpcCode.NotFound:
      return { type: ErrorTypes.NotFound, why: 'did not find it' };
    case GrpcCode.InvalidArgument:
    case GrpcCode.OutOfRange:
      return { type: ErrorTypes.InvalidSpec, why: 'was refused as invalid' };
    case GrpcCode.Unimplemented:
      return { type: ErrorTypes.InvalidSpec, why: 'is not supported by this etcd (3.4 or newer is needed)' };
    case GrpcCode.Unauthenticated:
    case GrpcCode.PermissionDenied:
      return { type: ErrorTypes.AuthFailed, why: 'was refused for the credentials' };
    case undefined:
      break;
    default:
      return { type: ErrorTypes.ProviderUnavailable, why: 'failed transiently' };
  }
  // no gRPC code: the gateway itself, or something else listening there
  if (f.httpStatus === 401 || f.httpStatus === 403) return { type: ErrorTypes.AuthFailed, why: 'was refused for the credentials' };
  if (f.httpStatus === 404) {
    return { type: ErrorTypes.InvalidSpec, why: 'hit no gateway route (is this an etcd 3.4+ client URL?)' };
  }
  if (f.httpStatus >= 400 && f.httpStatus < 500) return { type: ErrorTypes.InvalidSpec, why: 'was refused as invalid' };
  return { type: ErrorTypes.ProviderUnavailable, why: 'failed transiently' };
}

export function etcdFailure(err: unknown, ctx: EtcdCallContext): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err; // already classified further down
  const { type, why } = classifyEtcdError(err);
  const nonRetryable = TERMINAL_ERROR_TYPES.includes(type) || (type === ErrorTypes.NotFound && ctx.notFoundIsTerminal === true);
  const facts = err instanceof EtcdCallError ? err.facts : { kind: 'transport' as const, message: String(err) };
  const endpoint = err instanceof EtcdCallError ? err.endpoint : undefined;
  const codeText =
    facts.kind === 'answer'
      ? `${facts.grpcCode !== undefined ? `gRPC code ${facts.grpcCode}, ` : ''}HTTP ${facts.httpStatus}`
      : 'no answer';
  const at = endpoint !== undefined ? ` at ${endpoint}` : '';
  const message =
    `etcd ${ctx.operation} for ${ctx.subject}${at} ${why} (${codeText}: ${facts.message})` +
    (nonRetryable ? '' : '; will retry');
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable,
    details: [
      {
        operation: ctx.operation,
        ...(endpoint !== undefined ? { endpoint } : {}),
        ...(facts.kind === 'answer' ? { httpStatus: facts.httpStatus } : {}),
        ...(facts.kind === 'answer' && facts.grpcCode !== undefined ? { grpcCode: facts.grpcCode } : {}),
      },
    ],
    ...(err instanceof Error ? { cause: err } : {}),
  });
}

/** A refusal decided before any call (quorum would be lost, target not eligible): retryable. */
export function etcdConflict(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: ErrorTypes.Conflict, message, nonRetryable: false });
}

export function etcdNotFound(message: string, terminal: boolean): ApplicationFailure {
  return ApplicationFailure.create({ type: ErrorTypes.NotFound, message, nonRetryable: terminal });
}

export function etcdInvalid(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: ErrorTypes.InvalidSpec, message, nonRetryable: true });
}

/** No member answered at all (every endpoint down, or no quorum to read from). */
export function etcdUnavailable(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: ErrorTypes.ProviderUnavailable, message, nonRetryable: false });
}
