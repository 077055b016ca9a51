/**
 * CAPD's bootstrap, as files: the machine's cloud-init user data converted into numbered steps
 * (write_files and commands, in cloud-init's order) plus a runner script that executes them inside
 * the node container, records each step's output, stops at the first failure, and finally writes
 * the bootstrap sentinel `/run/cluster-api/bootstrap-success.complete`.
 *
 * CAPD execs each command from its controller; here the runner is exec'd once, detached, so a
 * `kubeadm init` that takes minutes outlives the short create call and a worker that dies
 * mid-bootstrap. The runner never runs twice: it holds a lock while it runs, leaves `done` or
 * `failed` behind, and exits at once when the sentinel exists. Pure.
 */
import { parseCloudConfig, type CloudConfigStep } from '../../bootstrap/cloudConfig';
import { dockerInvalidSpec } from './dockerFailure';
import type { TarEntry } from './tar';

/** Where the payload lives in the container (on its /var volume, so it survives a restart). */
export const BOOTSTRAP_DIR = '/var/lib/capstan/bootstrap';
/** Held while the runner runs; on the /run tmpfs, so a container restart releases it. */
export const BOOTSTRAP_LOCK = '/run/capstan-bootstrap.lock';
/** The CAPI bootstrap contract's sentinel file. */
export const BOOTSTRAP_SENTINEL = '/run/cluster-api/bootstrap-success.complete';
export const RUNNER_PATH = `${BOOTSTRAP_DIR}/run.sh`;
/** The user data as given, readable by root only, as cloud-init keeps it in /var/lib/cloud. */
export const USER_DATA_PATH = `${BOOTSTRAP_DIR}/user-data.txt`;

/** Single-quotes a string for POSIX sh. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function describeStep(step: CloudConfigStep): string {
  if (step.kind === 'file') return `write_files ${step.file.path}`;
  return `${step.source}: ${step.text}`;
}

function stepScript(step: CloudConfigStep, n: number): string {
  if (step.kind === 'command') {
    // cloud-init: a string runs through the shell, a list is an argv.
    return step.argv ? `exec ${step.argv.map(shQuote).join(' ')}\n` : `${step.text}\n`;
  }
  const f = step.file;
  const dir = f.path.replace(/\/[^/]*$/, '') || '/';
  return [
    'set -e',
    `mkdir -p ${shQuote(dir)}`,
    `cat ${shQuote(`${BOOTSTRAP_DIR}/files/${n}`)} ${f.append ? '>>' : '>'} ${shQuote(f.path)}`,
    `chmod ${f.permissions} ${shQuote(f.path)}`,
    `chown ${shQuote(f.owner)} ${shQuote(f.path)}`,
    '',
  ].join('\n');
}

/** The runner: steps 1..N in order; `failed` records the failing step, `done` the success. */
export function runnerScript(machine: string, total: number): string {
  return `#!/bin/sh
# Capstan bootstrap runner for machine ${machine} (generated; activities/providers/docker/bootstrapPayload.ts).
# The cloud-init user data as ${total} steps, run in cloud-init's order as CAPD runs them.
B=${BOOTSTRAP_DIR}
LOCK=${BOOTSTRAP_LOCK}
SENTINEL=${BOOTSTRAP_SENTINEL}
TOTAL=${total}
[ -f "$SENTINEL" ] && exit 0
[ -f "$B/done" ] && exit 0
[ -f "$B/failed" ] && exit 1
mkdir "$LOCK" 2>/dev/null || exit 0
fail() {
  { echo "step=$1"; echo "total=$TOTAL"; echo "exit=$2"; echo "what=$3"; } > "$B/failed.tmp"
  mv "$B/failed.tmp" "$B/failed"
  rmdir "$LOCK"
  exit 1
}
if [ -f "$B/started" ]; then
  fail 0 - "the bootstrap was interrupted (the container restarted while it ran); it is not run a second time"
fi
date -u +%Y-%m-%dT%H:%M:%SZ > "$B/started"
mkdir -p "$B/log"
n=1
while [ "$n" -le "$TOTAL" ]; do
  echo "$n" > "$B/current"
  /bin/sh "$B/steps/$n.sh" > "$B/log/$n" 2>&1 < /dev/null
  rc=$?
  [ "$rc" -eq 0 ] || fail "$n" "$rc" "$(cat "$B/steps/$n.what")"
  n=$((n + 1))
done
mkdir -p /run/cluster-api && echo success > "$SENTINEL" || fail "$TOTAL" 1 "writing $SENTINEL"
date -u +%Y-%m-%dT%H:%M:%SZ > "$B/done"
rmdir "$LOCK"
exit 0
`;
}

export interface BootstrapPayload {
  /** relative to `/`, for the archive API */
  entries: TarEntry[];
  steps: number;
  /** cloud-config keys not acted on (users, packages, ...) */
  ignoredKeys: string[];
}

/**
 * The archive placed into the container before it gets its name: runner, steps, file contents
 * (mode 0600: they may hold keys and tokens) and the user data itself. An unreadable user data
 * is a terminal InvalidSpec naming the problem.
 */
export function bootstrapPayload(machine: string, userData: string): BootstrapPayload {
  const parsed = parseCloudConfig(userData);
  if (!parsed.ok)
    throw dockerInvalidSpec(`machine ${machine}: the bootstrap data cannot be run: ${parsed.problem}`);
  const steps = parsed.config.steps;
  const dir = BOOTSTRAP_DIR.slice(1);
  const entries: TarEntry[] = [
    { path: 'var/', mode: 0o755 },
    { path: 'var/lib/', mode: 0o755 },
    { path: 'var/lib/capstan/', mode: 0o755 },
    { path: `${dir}/`, mode: 0o700 },
    { path: `${dir}/steps/`, mode: 0o700 },
    { path: `${dir}/files/`, mode: 0o700 },
    { path: `${dir}/user-data.txt`, mode: 0o600, content: Buffer.from(userData, 'utf8') },
    { path: `${dir}/run.sh`, mode: 0o700, content: Buffer.from(runnerScript(machine, steps.length)) },
  ];
  steps.forEach((step, i) => {
    const n = i + 1;
    entries.push({ path: `${dir}/steps/${n}.sh`, mode: 0o700, content: Buffer.from(stepScript(step, n)) });
    entries.push({ path: `${dir}/steps/${n}.what`, mode: 0o600, content: Buffer.from(describeStep(step)) });
    if (step.kind === 'file')
      entries.push({ path: `${dir}/files/${n}`, mode: 0o600, content: step.file.content });
  });
  return { entries, steps: steps.length, ignoredKeys: parsed.config.ignoredKeys };
}
