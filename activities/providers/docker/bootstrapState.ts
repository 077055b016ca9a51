/**
 * Reading a node container's bootstrap progress: one `sh -c` exec prints the markers the runner
 * (bootstrapPayload.ts) leaves, and `parseBootstrapProbe` turns them into a phase, with the
 * failing step and its output tail when it failed. Pure apart from nothing: the exec is elsewhere.
 */
import { BOOTSTRAP_DIR, BOOTSTRAP_LOCK, BOOTSTRAP_SENTINEL } from './bootstrapPayload';

export type BootstrapPhase =
  /** the payload is there, the runner has not started (a create cut short, or just now) */
  'not-started' | 'running' | 'succeeded' | 'failed';

export interface BootstrapState {
  phase: BootstrapPhase;
  /** why it failed: the step, its exit code and what it printed last */
  failure?: string;
}

const OUTPUT_MARK = '--- output';
/** How much of a failing step's output a failure reason carries. */
export const OUTPUT_TAIL_BYTES = 1500;

export const BOOTSTRAP_PROBE_SCRIPT = [
  `B=${BOOTSTRAP_DIR}`,
  `f() { if [ -e "$1" ]; then echo 1; else echo 0; fi; }`,
  `echo "sentinel=$(f ${BOOTSTRAP_SENTINEL})"`,
  `echo "done=$(f $B/done)"`,
  `echo "started=$(f $B/started)"`,
  `echo "running=$(f ${BOOTSTRAP_LOCK})"`,
  `echo "payload=$(f $B/run.sh)"`,
  `if [ -f "$B/failed" ]; then echo failed=1; cat "$B/failed"; n=$(sed -n 's/^step=//p' "$B/failed"); echo '${OUTPUT_MARK}'; tail -c ${OUTPUT_TAIL_BYTES} "$B/log/$n" 2>/dev/null; fi`,
].join('\n');

export function parseBootstrapProbe(output: string): BootstrapState & { payload: boolean } {
  const markAt = output.indexOf(`${OUTPUT_MARK}\n`);
  const head = markAt >= 0 ? output.slice(0, markAt) : output;
  const tail = markAt >= 0 ? output.slice(markAt + OUTPUT_MARK.length + 1) : '';
  const kv = new Map<string, string>();
  for (const line of head.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) kv.set(line.slice(0, eq), line.slice(eq + 1));
  }
  const flag = (k: string) => kv.get(k) === '1';
  const payload = flag('payload');
  if (flag('sentinel') || flag('done')) return { phase: 'succeeded', payload };
  if (flag('failed')) return { phase: 'failed', failure: describeFailure(kv, tail), payload };
  if (flag('running')) return { phase: 'running', payload };
  if (flag('started')) {
    return {
      phase: 'failed',
      failure:
        'the bootstrap runner stopped without finishing (the container restarted or the runner was killed); it is not run a second time',
      payload,
    };
  }
  return { phase: 'not-started', payload };
}

function describeFailure(kv: Map<string, string>, tail: string): string {
  const step = kv.get('step') ?? '?';
  const what = kv.get('what') ?? 'unknown step';
  const exit = kv.get('exit') ?? '?';
  if (step === '0') return what;
  const lines = tail.trimEnd();
  return (
    `bootstrap step ${step} of ${kv.get('total') ?? '?'} failed (exit ${exit}): ${what}` +
    (lines ? `; output (last lines):\n${lines}` : '; it printed nothing')
  );
}
