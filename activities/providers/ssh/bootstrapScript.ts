/**
 * The bootstrap as one POSIX shell script, run on the host under a lock. Pure: renders the script
 * from cloud-init's steps and reads back the progress markers it prints.
 *
 * What the script guarantees (the runner adds the lock and the transport):
 * - CAPI's sentinel `/run/cluster-api/bootstrap-success.complete` present: nothing runs.
 * - Steps run in cloud-init's order (bootcmd, write_files, runcmd), each as its own unit, with
 *   `set -e` semantics: the first step that fails stops the run, its exit status is the script's.
 * - A step that succeeded leaves a marker (`/var/lib/capstan/bootstrap/steps/<n>-<hash of the
 *   step>`), so a rerun after an interruption resumes at the first unfinished step: a command
 *   that succeeded never runs twice (kubeadm init is not re-runnable), the interrupted one runs
 *   again. A step whose content changed (a refreshed join token) counts as not done.
 * - Files are written to a temporary name, given their mode and owner, then renamed into place:
 *   a reader never sees half a file.
 * - The sentinel is written last, only when every step succeeded.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { CloudConfigStep } from '../../bootstrap/cloudConfig';
import { shellJoin, shellQuote } from './shellQuote';

export const BOOTSTRAP_SENTINEL = '/run/cluster-api/bootstrap-success.complete';
export const CAPSTAN_STATE_DIR = '/var/lib/capstan';
export const BOOTSTRAP_STATE_DIR = `${CAPSTAN_STATE_DIR}/bootstrap`;
/** flock's exit status when the lock could not be had in time (the script never uses it). */
export const LOCK_TIMEOUT_EXIT = 75;

export interface PlannedStep {
  /** 1-based, in execution order */
  index: number;
  kind: 'file' | 'command';
  /** the command as written, or `write <path>`: what a message names */
  description: string;
  /** `<index>-<hash>`: the name of its done-marker */
  id: string;
}

export interface BootstrapPlan {
  /** identifies this script's markers in the output */
  nonce: string;
  steps: PlannedStep[];
  script: string;
}

const MARKER = '##capstan-bootstrap';

/** A step's description as the failure record keeps it: one line, at most 300 characters. */
function oneLine(text: string): string {
  const l = text.replace(/\s*\n\s*/g, ' ').trim();
  return l.length > 300 ? `${l.slice(0, 297)}...` : l;
}

function stepHash(step: CloudConfigStep): string {
  const h = createHash('sha256');
  if (step.kind === 'command') {
    h.update(JSON.stringify(['command', step.argv ?? step.text]));
  } else {
    const f = step.file;
    h.update(JSON.stringify(['file', f.path, f.permissions, f.owner, f.append]));
    h.update(f.content);
  }
  return h.digest('hex').slice(0, 16);
}

function fileBody(step: CloudConfigStep & { kind: 'file' }): string {
  const f = step.file;
  const path = shellQuote(f.path);
  const dir = shellQuote(posix.dirname(f.path));
  // base64 keeps any content (binary, a line that looks like the terminator) out of the shell's way.
  const b64 = (f.content.toString('base64').match(/.{1,76}/g) ?? []).join('\n');
  const data = `<<'CAPSTAN_EOF'\n${b64}\nCAPSTAN_EOF`;
  if (f.append) {
    return [
      `mkdir -p ${dir}`,
      `base64 -d >> ${path} ${data}`,
      `chmod ${f.permissions} ${path}`,
      `chown ${shellQuote(f.owner)} ${path}`,
    ].join('\n');
  }
  const tmp = shellQuote(`${f.path}.capstan-tmp`);
  return [
    `mkdir -p ${dir}`,
    `base64 -d > ${tmp} ${data}`,
    `chmod ${f.permissions} ${tmp}`,
    `chown ${shellQuote(f.owner)} ${tmp}`,
    `mv -f ${tmp} ${path}`,
  ].join('\n');
}

function commandBody(step: CloudConfigStep & { kind: 'command' }): string {
  // cloud-init's rules: a string runs through the shell, a list is an argv.
  return step.argv ? shellJoin(step.argv) : `/bin/sh -c ${shellQuote(step.text)}`;
}

/** Renders the script for these steps (cloud-init's execution order, as parseCloudConfig answers). */
export function planBootstrap(steps: readonly CloudConfigStep[]): BootstrapPlan {
  const planned: PlannedStep[] = steps.map((s, i) => ({
    index: i + 1,
    kind: s.kind,
    description: s.kind === 'command' ? s.text : `write ${s.file.path}`,
    id: `${i + 1}-${stepHash(s)}`,
  }));
  const nonce = createHash('sha256')
    .update(planned.map((p) => p.id).join(','))
    .digest('hex')
    .slice(0, 12);
  const lines: string[] = [
    '#!/bin/sh',
    `# Capstan bootstrap ${nonce}: ${planned.length} steps. Generated; safe to rerun (see README, "SSH hosts").`,
    'set -u',
    `state=${shellQuote(BOOTSTRAP_STATE_DIR)}`,
    `sentinel=${shellQuote(BOOTSTRAP_SENTINEL)}`,
    `m() { echo "${MARKER} ${nonce} $*"; }`,
    'if [ -e "$sentinel" ]; then m already-complete; exit 0; fi',
    'mkdir -p "$state/steps" || exit 1',
    'rm -f "$state/failed"',
    'm begin',
    'run() {',
    '  if [ -e "$state/steps/$2" ]; then m step "$1" skip; return 0; fi',
    '  m step "$1" start',
    '  ( "$3" ) < /dev/null',
    '  rc=$?',
    '  if [ "$rc" -ne 0 ]; then',
    `    printf '%s\\n%s\\n%s\\n' "$1/${planned.length}" "$rc" "$4" > "$state/failed"`,
    '    m step "$1" failed "$rc"; exit "$rc"',
    '  fi',
    '  : > "$state/steps/$2"',
    '  m step "$1" ok',
    '}',
  ];
  steps.forEach((s, i) => {
    const body = s.kind === 'file' ? fileBody(s) : commandBody(s);
    // The function body is not indented: a heredoc terminator must start its line.
    lines.push(`step_${i + 1}() {`, 'set -e', body, '}');
  });
  for (const p of planned)
    lines.push(`run ${p.index} ${p.id} step_${p.index} ${shellQuote(oneLine(p.description))}`);
  lines.push(
    'mkdir -p "$(dirname "$sentinel")"',
    'echo success > "$sentinel.tmp" && mv -f "$sentinel.tmp" "$sentinel"',
    'm complete',
    '',
  );
  return { nonce, steps: planned, script: lines.join('\n') };
}

/** The common start of both launches: the state dir, and the script read from stdin into a private file `$s`. */
function receiveScript(): string[] {
  return ['set -eu', 'umask 077', `d=${shellQuote(BOOTSTRAP_STATE_DIR)}`, 'mkdir -p "$d"', 's=$(mktemp "$d/run.XXXXXX")', 'cat > "$s"'];
}

/**
 * The command that runs a script given on stdin under the host's bootstrap lock. The run is
 * detached from the SSH session (its own session, output to a log), so a dropped connection or a
 * killed worker does not kill it half-way; this session follows the log and ends with its status.
 * A second run waits for the lock, then finds the sentinel or resumes where the first stopped.
 */
export function launchCommand(lockWaitSeconds: number): string {
  return [
    ...receiveScript(),
    'log="$s.log"',
    ': > "$log"',
    `setsid flock -w ${Math.max(1, Math.floor(lockWaitSeconds))} -E ${LOCK_TIMEOUT_EXIT} "$d/.lock" /bin/sh "$s" > "$log" 2>&1 < /dev/null &`,
    'pid=$!',
    'tail -s 0.2 -n +1 --pid="$pid" -f "$log" 2>/dev/null || true',
    'rc=0',
    'wait "$pid" || rc=$?',
    'mv -f "$log" "$d/last-run.log" 2>/dev/null || true',
    'rm -f "$s"',
    'exit "$rc"',
  ].join('\n');
}

/**
 * Like launchCommand, but returns once the run holds the lock (or has already ended): the run
 * goes on on the host after the session closes. When another run holds the lock for more than
 * `lockWaitSeconds`, it exits 75 and launches nothing: that run is the one to watch.
 */
export function launchDetachedCommand(lockWaitSeconds: number): string {
  return [
    ...receiveScript(),
    'log="$d/last-run.log"',
    // the script removes itself when it ends, so the copy of the bootstrap data does not linger
    `setsid flock -w ${Math.max(1, Math.floor(lockWaitSeconds))} -E ${LOCK_TIMEOUT_EXIT} "$d/.lock" /bin/sh -c '/bin/sh "$1"; rc=$?; rm -f "$1"; exit $rc' sh "$s" > "$log.new" 2>&1 < /dev/null &`,
    'pid=$!',
    `while kill -0 "$pid" 2>/dev/null && ! grep -q '^${MARKER} [0-9a-f]* \\(begin\\|already-complete\\)' "$log.new"; do sleep 0.1; done`,
    'if kill -0 "$pid" 2>/dev/null; then mv -f "$log.new" "$log"; echo launched; exit 0; fi',
    'rc=0; wait "$pid" || rc=$?',
    'rm -f "$s"',
    `if [ "$rc" -eq ${LOCK_TIMEOUT_EXIT} ] && ! grep -q '^${MARKER} ' "$log.new"; then rm -f "$log.new"; echo busy; exit 0; fi`,
    'mv -f "$log.new" "$log"',
    'echo "ended $rc"',
  ].join('\n');
}

/**
 * Prints the host's bootstrap state: `complete` (sentinel), `running` (a run holds the lock),
 * `failed` + the failure record + the log tail, `interrupted` (a run began and died without
 * either: host rebooted, process killed), or `none` (nothing ever began).
 */
export const BOOTSTRAP_STATUS_SCRIPT = [
  `d=${shellQuote(BOOTSTRAP_STATE_DIR)}`,
  `if [ -e ${shellQuote(BOOTSTRAP_SENTINEL)} ]; then echo complete; exit 0; fi`,
  'if [ -e "$d/.lock" ] && ! flock -n "$d/.lock" true; then echo running; exit 0; fi',
  'if [ -e "$d/failed" ]; then echo failed; cat "$d/failed"; echo "---"; tail -n 40 "$d/last-run.log" 2>/dev/null; exit 0; fi',
  'if [ -d "$d/steps" ]; then echo interrupted; else echo none; fi',
].join('\n');

export type HostBootstrapState =
  | { state: 'complete' }
  | { state: 'running' }
  | { state: 'none' }
  | { state: 'interrupted' }
  | { state: 'failed'; step: string; exitCode: number; command: string; outputTail: string };

/** Reads BOOTSTRAP_STATUS_SCRIPT's answer. Pure. */
export function parseBootstrapStatus(stdout: string): HostBootstrapState | undefined {
  const lines = stdout.split('\n');
  const first = lines[0]?.trim();
  if (first === 'complete' || first === 'running' || first === 'none' || first === 'interrupted')
    return { state: first };
  if (first !== 'failed') return undefined;
  const sep = lines.indexOf('---');
  const tail = sep >= 0 ? lines.slice(sep + 1) : [];
  return {
    state: 'failed',
    step: lines[1]?.trim() ?? '?',
    exitCode: Number(lines[2]?.trim()),
    command: lines[3] ?? '',
    outputTail: tail
      .filter((l) => !l.startsWith(`${MARKER} `))
      .join('\n')
      .replace(/\s+$/, ''),
  };
}

/** What the markers in a run's output say. */
export interface BootstrapProgress {
  started: number[];
  ran: number[];
  skipped: number[];
  failed?: { index: number; exitCode: number };
  began: boolean;
  complete: boolean;
  alreadyComplete: boolean;
}

/** Reads the script's markers from streamed output (chunks may split lines anywhere). */
export class MarkerScanner {
  private partial = '';
  readonly progress: BootstrapProgress = {
    started: [],
    ran: [],
    skipped: [],
    began: false,
    complete: false,
    alreadyComplete: false,
  };

  constructor(private readonly nonce: string) {}

  push(chunk: string): void {
    const text = this.partial + chunk;
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const l of lines) this.line(l);
  }

  end(): BootstrapProgress {
    if (this.partial) this.line(this.partial);
    this.partial = '';
    return this.progress;
  }

  private line(raw: string): void {
    const prefix = `${MARKER} ${this.nonce} `;
    const l = raw.replace(/\r$/, '');
    if (!l.startsWith(prefix)) return;
    const words = l.slice(prefix.length).trim().split(/\s+/);
    const p = this.progress;
    if (words[0] === 'complete') p.complete = true;
    else if (words[0] === 'already-complete') p.alreadyComplete = true;
    else if (words[0] === 'begin') p.began = true;
    else if (words[0] === 'step' && words.length >= 3) {
      const n = Number(words[1]);
      if (!Number.isInteger(n)) return;
      if (words[2] === 'start') p.started.push(n);
      else if (words[2] === 'ok') p.ran.push(n);
      else if (words[2] === 'skip') p.skipped.push(n);
      else if (words[2] === 'failed') p.failed = { index: n, exitCode: Number(words[3] ?? NaN) };
    }
  }
}

/** The output of step `index` within a tail of the run's output (markers removed). */
export function stepOutput(tail: string, nonce: string, index: number): string {
  const start = `${MARKER} ${nonce} step ${index} start`;
  const at = tail.lastIndexOf(start);
  const from = at >= 0 ? tail.slice(at + start.length) : tail;
  return from
    .split('\n')
    .filter((l) => !l.startsWith(`${MARKER} ${nonce} `))
    .join('\n')
    .replace(/^\n+/, '');
}
