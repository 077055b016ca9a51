/**
 * Runs a machine's cloud-init bootstrap data on an existing host over SSH, the way CAPD runs it
 * inside a container: files and commands in cloud-init's order, then CAPI's sentinel. Re-entrant:
 * call it again after any failure, drop or worker crash (see bootstrapScript.ts for the guarantees).
 */
import { parseCloudConfig } from '../../bootstrap/cloudConfig';
import {
  BOOTSTRAP_SENTINEL,
  BOOTSTRAP_STATUS_SCRIPT,
  LOCK_TIMEOUT_EXIT,
  MarkerScanner,
  launchCommand,
  launchDetachedCommand,
  parseBootstrapStatus,
  planBootstrap,
  stepOutput,
  type HostBootstrapState,
} from './bootstrapScript';
import { OutputTail, lastLines } from './outputTail';
import { sshFailure, sshInvalidSpec } from './sshFailure';
import type { SshSession } from './sshSession';
import { shellQuote } from './shellQuote';

export interface BootstrapOptions {
  /** every chunk of the run's output as it arrives (already redacted), e.g. for a heartbeat */
  onOutput?: (chunk: string) => void;
  /** aborting drops the connection; the run goes on on the host, and a later call picks it up */
  signal?: AbortSignal;
  /** how long to wait for an earlier run still holding the host's lock (default 300 s) */
  lockWaitSeconds?: number;
  /** more strings to keep out of messages */
  secrets?: readonly string[];
}

export interface BootstrapResult {
  /** `alreadyComplete`: the sentinel was there, nothing ran */
  outcome: 'completed' | 'alreadyComplete';
  steps: number;
  /** steps that ran in this call (the others were done by an earlier, interrupted call) */
  stepsRun: number;
  stepsSkipped: number;
  /** cloud-config keys this runner does not act on (users, ntp, ...) */
  ignoredKeys: string[];
}

/** Lines of a failed step's output quoted in the error message. */
const MESSAGE_TAIL_LINES = 25;

/** True when CAPI's sentinel exists on the host. */
export async function bootstrapComplete(session: SshSession, signal?: AbortSignal): Promise<boolean> {
  const res = await session.execRoot(
    `test -e ${shellQuote(BOOTSTRAP_SENTINEL)}`,
    'bootstrap check',
    signal ? { signal } : {},
  );
  if (res.code === 0) return true;
  if (res.code === 1) return false;
  throw sshFailure(
    'transient',
    `checking ${BOOTSTRAP_SENTINEL} answered exit status ${String(res.code)}: ${session.redact(res.stderr.trim())}`,
    session.context('bootstrap check'),
  );
}

export async function runBootstrap(
  session: SshSession,
  bootstrapData: string,
  options: BootstrapOptions = {},
): Promise<BootstrapResult> {
  const parsed = parseCloudConfig(bootstrapData);
  if (!parsed.ok) throw sshInvalidSpec(`SSH host ${session.host.name}: bootstrap data: ${parsed.problem}`);
  const plan = planBootstrap(parsed.config.steps);
  const base = { steps: plan.steps.length, ignoredKeys: parsed.config.ignoredKeys };
  const signal = options.signal;

  if (await bootstrapComplete(session, signal)) {
    return { outcome: 'alreadyComplete', stepsRun: 0, stepsSkipped: 0, ...base };
  }

  const secrets = options.secrets ?? [];
  const redact = (t: string) => session.redact(t, secrets);
  const scanner = new MarkerScanner(plan.nonce);
  const tail = new OutputTail(16_000);
  const res = await session.execRoot(launchCommand(options.lockWaitSeconds ?? 300), 'bootstrap', {
    stdin: plan.script,
    ...(signal ? { signal } : {}),
    onOutput: (chunk) => {
      scanner.push(chunk);
      tail.push(chunk);
      options.onOutput?.(redact(chunk));
    },
  });
  const progress = scanner.end();
  const ctx = session.context('bootstrap');

  if (progress.failed) {
    const step = plan.steps[progress.failed.index - 1];
    const out = redact(
      lastLines(stepOutput(tail.text(), plan.nonce, progress.failed.index), MESSAGE_TAIL_LINES),
    );
    const what = step
      ? `${step.kind} ${JSON.stringify(redact(step.description))}`
      : `step ${progress.failed.index}`;
    throw sshFailure(
      'commandFailed',
      `step ${progress.failed.index}/${plan.steps.length}, ${what}, exited with status ${progress.failed.exitCode}; ` +
        `output (last lines):\n${out || '(no output)'}`,
      ctx,
      {
        step: progress.failed.index,
        steps: plan.steps.length,
        exitCode: progress.failed.exitCode,
        command: step ? redact(step.description) : undefined,
        outputTail: out,
      },
    );
  }
  if (progress.alreadyComplete) return { outcome: 'alreadyComplete', stepsRun: 0, stepsSkipped: 0, ...base };
  if (progress.complete && res.code === 0) {
    return {
      outcome: 'completed',
      stepsRun: progress.ran.length,
      stepsSkipped: progress.skipped.length,
      ...base,
    };
  }
  if (res.code === LOCK_TIMEOUT_EXIT && progress.started.length === 0 && progress.skipped.length === 0) {
    throw sshFailure(
      'busy',
      `an earlier bootstrap run still holds the host's lock after ${options.lockWaitSeconds ?? 300} s`,
      ctx,
    );
  }
  // The run ended without its markers: killed on the host (OOM, reboot) or the log lost. Retrying
  // resumes at the first unfinished step.
  const out = redact(lastLines(tail.text(), MESSAGE_TAIL_LINES));
  throw sshFailure(
    'dropped',
    `the bootstrap run ended with status ${String(res.code ?? res.signal)} before completing; output (last lines):\n${out || '(no output)'}`,
    ctx,
  );
}

export type BootstrapStartOutcome =
  /** the run began on the host and goes on after this call */
  | 'launched'
  /** the sentinel was there: nothing to run */
  | 'alreadyComplete'
  /** an earlier run holds the host's lock: that one is under way */
  | 'alreadyRunning'
  /** the run ended before this call returned (a short bootstrap, or a failure: read the status) */
  | 'ended';

/**
 * Starts the bootstrap on the host without waiting for it (for activities with a short timeout):
 * the run is detached from the session and goes on when it closes; `readBootstrapState` follows
 * it. Re-entrant like runBootstrap: a start after an interrupted run resumes it.
 */
export async function startBootstrap(
  session: SshSession,
  bootstrapData: string,
  options: { signal?: AbortSignal; lockWaitSeconds?: number } = {},
): Promise<BootstrapStartOutcome> {
  const parsed = parseCloudConfig(bootstrapData);
  if (!parsed.ok) throw sshInvalidSpec(`SSH host ${session.host.name}: bootstrap data: ${parsed.problem}`);
  const plan = planBootstrap(parsed.config.steps);
  const sig = options.signal ? { signal: options.signal } : {};
  if (await bootstrapComplete(session, options.signal)) return 'alreadyComplete';
  const res = await session.execRoot(launchDetachedCommand(options.lockWaitSeconds ?? 3), 'bootstrap start', {
    stdin: plan.script,
    ...sig,
  });
  const answer = res.stdout.trim().split('\n').pop() ?? '';
  if (res.code !== 0) {
    throw sshFailure(
      'transient',
      `starting the bootstrap exited with status ${String(res.code)}: ${session.redact(res.stderr.trim())}`,
      session.context('bootstrap start'),
    );
  }
  if (answer === 'launched') return 'launched';
  if (answer === 'busy') return 'alreadyRunning';
  return 'ended';
}

/** The host's bootstrap state, with a failed step's command and output tail (redacted). */
export async function readBootstrapState(
  session: SshSession,
  signal?: AbortSignal,
): Promise<HostBootstrapState> {
  const res = await session.execRoot(BOOTSTRAP_STATUS_SCRIPT, 'bootstrap status', signal ? { signal } : {});
  const parsed = res.code === 0 ? parseBootstrapStatus(res.stdout) : undefined;
  if (!parsed) {
    throw sshFailure(
      'transient',
      `reading the bootstrap state answered status ${String(res.code)}: ${session.redact(res.stderr.trim())}`,
      session.context('bootstrap status'),
    );
  }
  if (parsed.state !== 'failed') return parsed;
  return {
    ...parsed,
    command: session.redact(parsed.command),
    outputTail: session.redact(lastLines(parsed.outputTail, MESSAGE_TAIL_LINES)),
  };
}
