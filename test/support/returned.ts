import { ApplicationFailure } from '@temporalio/common';
import { inspect } from 'node:util';

/** The ApplicationFailure a promise rejects with (fails the test on success or another error). */
export async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ApplicationFailure)) throw new Error(`expected an ApplicationFailure, got ${inspect(err)}`);
  return err;
}

/** Everything a failure carries to a workflow's history: message, type, details, stack and cause. */
export function failureText(f: ApplicationFailure): string {
  return JSON.stringify({
    message: f.message,
    type: f.type,
    nonRetryable: f.nonRetryable,
    details: f.details,
    stack: f.stack,
    cause: inspect(f.cause),
  });
}

/**
 * Everything a provider layer handed back, as a workflow would see it (results as JSON, failures
 * as failureText), collected per test file so the file can end by scanning it for secrets.
 */
export class Returned {
  private readonly seen: string[] = [];

  add<T>(value: T): T {
    this.seen.push(value instanceof ApplicationFailure ? failureText(value) : (JSON.stringify(value) ?? 'undefined'));
    return value;
  }

  async ok<T>(p: Promise<T>): Promise<T> {
    return this.add(await p);
  }

  async failure(p: Promise<unknown>): Promise<ApplicationFailure> {
    return this.add(await failureOf(p));
  }

  count(): number {
    return this.seen.length;
  }

  /** the entries containing `secret` */
  containing(secret: string): string[] {
    return this.seen.filter((s) => s.includes(secret));
  }

  /** the entries containing any line of a PEM private key (its body lines are what leak), or a PEM header */
  leakingPem(privateKey: string): string[] {
    const lines = privateKey.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----'));
    return this.seen.filter((s) => lines.some((l) => s.includes(l)) || s.includes('PRIVATE KEY'));
  }
}
