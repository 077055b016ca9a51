/**
 * Turns what the Docker Engine API (through dockerode) threw into the ApplicationFailure Temporal's
 * retry policy acts on (DESIGN.md: terminal errors are non-retryable ApplicationFailures typed from
 * shared/errors.ts; transient ones are retried). Pure apart from building the failure.
 */
import { ApplicationFailure } from '@temporalio/common';
import { ErrorTypes } from '../../../shared/errors';

export interface DockerErrorFacts {
  statusCode?: number;
  /** Node's transport code (ECONNREFUSED, ENOENT for a missing socket, EACCES) */
  code?: string;
  message: string;
}

export function dockerErrorFacts(err: unknown): DockerErrorFacts {
  if (typeof err !== 'object' || err === null) return { message: String(err) };
  const e = err as {
    statusCode?: unknown;
    code?: unknown;
    json?: unknown;
    message?: unknown;
    reason?: unknown;
  };
  const json = e.json as { message?: unknown } | null | undefined;
  const fromJson = typeof json?.message === 'string' ? json.message : undefined;
  const message = (
    fromJson ??
    (typeof e.message === 'string' ? e.message : undefined) ??
    'unknown error'
  ).trim();
  return {
    ...(typeof e.statusCode === 'number' ? { statusCode: e.statusCode } : {}),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    message,
  };
}

export const isNotFound = (err: unknown): boolean => dockerErrorFacts(err).statusCode === 404;
export const isConflict = (err: unknown): boolean => dockerErrorFacts(err).statusCode === 409;

/**
 * Classifies one failed Engine call: no engine answering or a 5xx is ProviderUnavailable
 * (retried); 400 (the request built from the spec is wrong) is InvalidSpec; 401/403 is AuthFailed;
 * 404/409 are left to callers (they mean "gone" or "exists" there) and surface as retryable.
 */
export function dockerFailure(err: unknown, operation: string, subject: string): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  const f = dockerErrorFacts(err);
  const what = `Docker ${operation} for ${subject}`;
  const cause = err instanceof Error ? { cause: err } : {};
  const details = [
    {
      operation,
      ...(f.statusCode !== undefined ? { statusCode: f.statusCode } : {}),
      ...(f.code ? { code: f.code } : {}),
    },
  ];
  if (f.statusCode === undefined) {
    return ApplicationFailure.create({
      type: ErrorTypes.ProviderUnavailable,
      message: `${what}: the Docker Engine did not answer (${f.code ?? f.message}); is dockerd running and its socket reachable? will retry`,
      nonRetryable: false,
      details,
      ...cause,
    });
  }
  if (f.statusCode === 400) {
    return ApplicationFailure.create({
      type: ErrorTypes.InvalidSpec,
      message: `${what} was refused as invalid (HTTP 400: ${f.message})`,
      nonRetryable: true,
      details,
      ...cause,
    });
  }
  if (f.statusCode === 401 || f.statusCode === 403) {
    return ApplicationFailure.create({
      type: ErrorTypes.AuthFailed,
      message: `${what} was refused (HTTP ${f.statusCode}: ${f.message}); check the worker's access to the Docker Engine`,
      nonRetryable: true,
      details,
      ...cause,
    });
  }
  const type =
    f.statusCode === 409
      ? ErrorTypes.Conflict
      : f.statusCode === 404
        ? ErrorTypes.NotFound
        : ErrorTypes.ProviderUnavailable;
  return ApplicationFailure.create({
    type,
    message: `${what} failed (HTTP ${f.statusCode}: ${f.message}); will retry`,
    nonRetryable: false,
    details,
    ...cause,
  });
}

/** Runs one Engine call and classifies what it throws. */
export async function callDocker<T>(operation: string, subject: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw dockerFailure(err, operation, subject);
  }
}

export function dockerInvalidSpec(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: ErrorTypes.InvalidSpec, message, nonRetryable: true });
}

/** Something only a human can resolve (a name taken by a container that is not ours). */
export function dockerTerminalConflict(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: ErrorTypes.Conflict, message, nonRetryable: true });
}

/** The engine's state is mid-change (e.g. a container being removed); retried. */
export function dockerNotReadyYet(message: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: ErrorTypes.Conflict,
    message: `${message}; will look again`,
    nonRetryable: false,
  });
}

/** A node image the engine does not have: no registry is pulled from, so a human must load it. */
export function missingImageFailure(image: string, usedFor: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: ErrorTypes.InvalidSpec,
    message:
      `the Docker image ${image} (${usedFor}) is not on this Docker Engine, and Capstan never pulls: ` +
      `load it first (\`docker pull ${image}\` where a registry is reachable, \`docker load -i <file>\`, ` +
      `or \`bash scripts/setup/setup.sh\` for the local capstan/node:bookworm), or name another image ` +
      `(DockerMachineTemplate spec.customImage, or the worker's CAPSTAN_DOCKER_NODE_IMAGE / CAPSTAN_DOCKER_LB_IMAGE)`,
    nonRetryable: true,
    details: [{ image }],
  });
}
