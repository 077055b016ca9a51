/**
 * Temporal-side measurements for the rollout benchmark: history events added per workflow run
 * during a phase (from visibility + describe), and, from the machine workflows' histories, the
 * rollout's critical chain broken into segments (where the time went).
 */
import type { Client } from '@temporalio/client';

export interface RunSnapshot {
  workflowId: string;
  runId: string;
  type: string;
  historyLength: number;
}

const runKey = (r: { workflowId: string; runId: string }) => `${r.workflowId}#${r.runId}`;

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (i < items.length) {
        const k = i++;
        out[k] = await fn(items[k]!);
      }
    }),
  );
  return out;
}

/**
 * Every workflow run of the namespace (closed runs included, so a continue-as-new during the phase
 * loses nothing) with its exact history length from DescribeWorkflowExecution.
 */
export async function snapshotRuns(client: Client): Promise<Map<string, RunSnapshot>> {
  const listed: Array<{ workflowId: string; runId: string; type: string }> = [];
  for await (const wf of client.workflow.list())
    listed.push({ workflowId: wf.workflowId, runId: wf.runId, type: wf.type });
  const described = await mapLimit(listed, 8, async (r) => {
    const d = await client.workflow.getHandle(r.workflowId, r.runId).describe();
    return { ...r, historyLength: d.historyLength };
  });
  return new Map(described.map((r) => [runKey(r), r]));
}

export interface RunDelta extends RunSnapshot {
  /** events added between the two snapshots */
  added: number;
}

export function historyDeltas(before: Map<string, RunSnapshot>, after: Map<string, RunSnapshot>): RunDelta[] {
  const out: RunDelta[] = [];
  for (const [key, run] of after) {
    const added = run.historyLength - (before.get(key)?.historyLength ?? 0);
    if (added > 0) out.push({ ...run, added });
  }
  return out.sort((a, b) => a.workflowId.localeCompare(b.workflowId));
}

export function deltasByType(
  deltas: readonly RunDelta[],
): Array<{ type: string; runs: number; events: number }> {
  const byType = new Map<string, { type: string; runs: number; events: number }>();
  for (const d of deltas) {
    const t = byType.get(d.type) ?? { type: d.type, runs: 0, events: 0 };
    t.runs += 1;
    t.events += d.added;
    byType.set(d.type, t);
  }
  return [...byType.values()].sort((a, b) => b.events - a.events);
}

// ---- histories, structurally typed (the proto types come from @temporalio/proto) ----

type LongLike = number | { toNumber(): number } | null | undefined;
const num = (v: LongLike): number =>
  v === null || v === undefined ? 0 : typeof v === 'number' ? v : v.toNumber();

interface HEvent {
  eventId?: LongLike;
  eventTime?: { seconds?: LongLike; nanos?: number | null } | null;
  workflowExecutionStartedEventAttributes?: unknown;
  workflowExecutionCompletedEventAttributes?: unknown;
  workflowTaskScheduledEventAttributes?: unknown;
  workflowTaskStartedEventAttributes?: { scheduledEventId?: LongLike } | null;
  workflowTaskCompletedEventAttributes?: { scheduledEventId?: LongLike; startedEventId?: LongLike } | null;
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string | null } | null } | null;
  activityTaskStartedEventAttributes?: { scheduledEventId?: LongLike } | null;
  activityTaskCompletedEventAttributes?: { scheduledEventId?: LongLike } | null;
  workflowExecutionSignaledEventAttributes?: { signalName?: string | null } | null;
  startChildWorkflowExecutionInitiatedEventAttributes?: {
    workflowType?: { name?: string | null } | null;
  } | null;
  childWorkflowExecutionCompletedEventAttributes?: { workflowType?: { name?: string | null } | null } | null;
  signalExternalWorkflowExecutionInitiatedEventAttributes?: { signalName?: string | null } | null;
  timerStartedEventAttributes?: {
    startToFireTimeout?: { seconds?: LongLike; nanos?: number | null } | null;
  } | null;
  timerFiredEventAttributes?: unknown;
}

const timeOf = (e: HEvent): number =>
  num(e.eventTime?.seconds) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);

export interface FetchedHistory {
  run: RunDelta;
  events: HEvent[];
}

export async function fetchHistories(client: Client, runs: readonly RunDelta[]): Promise<FetchedHistory[]> {
  return mapLimit(runs, 8, async (run) => {
    const h = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
    return { run, events: (h.events ?? []) as HEvent[] };
  });
}

/** One machine workflow's milestones (epoch ms, server clock = this host's clock). */
export interface MachineTimeline {
  name: string;
  start?: number;
  /** ensureMachine done: the sim's instance exists and provisioning runs from here */
  created?: number;
  provisioned?: number;
  /** awaitNode done: the Node registered; the machine reports Running next */
  running?: number;
  deleteRequested?: number;
  drainStart?: number;
  drainEnd?: number;
  infraDeleteStart?: number;
  infraDeleteEnd?: number;
  /** the last report to the owner (phase Deleted): from here the owner counts the machine gone */
  goneReported?: number;
  end?: number;
}

export function machineTimeline(h: FetchedHistory): MachineTimeline {
  const t: MachineTimeline = { name: h.run.workflowId.split('/').slice(2).join('/') };
  const scheduled = new Map<number, string>();
  for (const e of h.events) {
    const at = timeOf(e);
    if (e.workflowExecutionStartedEventAttributes) t.start = at;
    else if (e.workflowExecutionCompletedEventAttributes) t.end = at;
    else if (e.activityTaskScheduledEventAttributes) {
      const name = e.activityTaskScheduledEventAttributes.activityType?.name ?? '';
      scheduled.set(num(e.eventId), name);
      if (name === 'deleteMachineInfrastructure') t.infraDeleteStart ??= at;
    } else if (e.activityTaskCompletedEventAttributes) {
      const name = scheduled.get(num(e.activityTaskCompletedEventAttributes.scheduledEventId));
      if (name === 'ensureMachine') t.created ??= at;
      else if (name === 'awaitMachineProvisioned') t.provisioned ??= at;
      else if (name === 'awaitNode') t.running ??= at;
      else if (name === 'deleteMachineInfrastructure') t.infraDeleteEnd ??= at;
    } else if (e.workflowExecutionSignaledEventAttributes?.signalName === 'requestDelete')
      t.deleteRequested ??= at;
    else if (e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowType?.name === 'drainWorkflow')
      t.drainStart ??= at;
    else if (e.childWorkflowExecutionCompletedEventAttributes?.workflowType?.name === 'drainWorkflow')
      t.drainEnd ??= at;
    else if (e.signalExternalWorkflowExecutionInitiatedEventAttributes && t.infraDeleteEnd !== undefined)
      t.goneReported = at;
  }
  if (t.end !== undefined) t.goneReported ??= t.end;
  return t;
}

export interface LatencyStats {
  count: number;
  meanMs: number;
  p95Ms: number;
  maxMs: number;
}

export function stats(values: number[]): LatencyStats {
  if (values.length === 0) return { count: 0, meanMs: NaN, p95Ms: NaN, maxMs: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
  return {
    count: sorted.length,
    meanMs: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    p95Ms: p95,
    maxMs: sorted[sorted.length - 1]!,
  };
}

/**
 * Workflow-task latencies inside [from, to]: schedule-to-start (waiting for the worker to poll it)
 * and start-to-complete (the worker's own time), and activity schedule-to-start.
 */
export function taskLatencies(
  histories: readonly FetchedHistory[],
  from: number,
  to: number,
): {
  wftScheduleToStart: LatencyStats;
  wftStartToComplete: LatencyStats;
  activityScheduleToStart: LatencyStats;
} {
  const s2s: number[] = [];
  const s2c: number[] = [];
  const act: number[] = [];
  for (const h of histories) {
    const at = new Map<number, number>();
    for (const e of h.events) {
      const t = timeOf(e);
      at.set(num(e.eventId), t);
      if (t < from || t > to) continue;
      if (e.workflowTaskStartedEventAttributes) {
        const sched = at.get(num(e.workflowTaskStartedEventAttributes.scheduledEventId));
        if (sched !== undefined) s2s.push(t - sched);
      } else if (e.workflowTaskCompletedEventAttributes) {
        const started = at.get(num(e.workflowTaskCompletedEventAttributes.startedEventId));
        if (started !== undefined) s2c.push(t - started);
      } else if (e.activityTaskStartedEventAttributes) {
        const sched = at.get(num(e.activityTaskStartedEventAttributes.scheduledEventId));
        if (sched !== undefined) act.push(t - sched);
      }
    }
  }
  return {
    wftScheduleToStart: stats(s2s),
    wftStartToComplete: stats(s2c),
    activityScheduleToStart: stats(act),
  };
}

/** Chronological order of one replacement, for printing. */
const CHAIN_ORDER = [
  'apply → first new machine workflow started',
  'apply → first delete requested',
  'old machine reported Deleted → next machine workflow started',
  'machine workflow started → instance created',
  'provision',
  'boot/join (Node registered)',
  'new machine Running → old machine delete requested',
  'old machine reported Deleted → next old machine delete requested',
  'delete requested → drain started',
  'drain',
  'drain done → infra delete started (pre-terminate hooks)',
  'infra delete',
  'infra gone → Node deleted, Deleted reported',
  'last old machine reported Deleted → cluster ready seen',
];

export interface ChainSegment {
  label: string;
  /** summed over the chain */
  totalMs: number;
  /** how often it occurs on the chain */
  count: number;
  /** ideal time of one occurrence */
  idealMs: number;
}

export interface CriticalChain {
  /** links on the chain: old machine deletions, new machine creations */
  deletions: number;
  creations: number;
  segments: ChainSegment[];
  /** Σ segments; equals measured time when the chain reaches the apply */
  totalMs: number;
  reachedApply: boolean;
}

/**
 * Walks the rollout's causal chain backwards from the last machine to go. An old machine's
 * deletion was requested after the latest of: a new machine becoming Running (availability
 * allowed it) or another old machine reported gone (the budget of pending deletions freed up). A
 * new machine was started after the latest old machine reported gone (the surge slot freed up),
 * or after the apply. Segments telescope, so they add up to the measured time.
 */
export function criticalChain(
  machines: readonly MachineTimeline[],
  t0: number,
  tReady: number,
  ideal: { provisionMs: number; bootMs: number; drainMs: number; deleteMs: number },
): CriticalChain {
  const seg = new Map<string, ChainSegment>();
  const add = (label: string, ms: number, idealMs = 0) => {
    const s = seg.get(label) ?? { label, totalMs: 0, count: 0, idealMs };
    s.totalMs += ms;
    s.count += 1;
    seg.set(label, s);
  };
  /** Adds the gaps between consecutive known points. */
  const walk = (points: Array<[string, number | undefined, number?]>): void => {
    const known = points.filter((p): p is [string, number, number?] => p[1] !== undefined);
    for (let i = 1; i < known.length; i++)
      add(known[i]![0], known[i]![1] - known[i - 1]![1], known[i]![2] ?? 0);
  };
  const latest = <T>(xs: T[], at: (x: T) => number): T | undefined =>
    [...xs].sort((a, b) => at(b) - at(a))[0];

  const olds = machines.filter(
    (m) => m.deleteRequested !== undefined && m.deleteRequested >= t0 && m.goneReported !== undefined,
  );
  const news = machines.filter((m) => m.start !== undefined && m.start >= t0 && m.running !== undefined);
  const last = latest(olds, (m) => m.goneReported!);
  if (!last) return { deletions: 0, creations: 0, segments: [], totalMs: 0, reachedApply: false };
  let cur: MachineTimeline = last;
  add('last old machine reported Deleted → cluster ready seen', tReady - cur.goneReported!);
  let deletions = 0;
  let creations = 0;
  let reachedApply = false;
  for (;;) {
    deletions++;
    walk([
      ['(start)', cur.deleteRequested],
      ['delete requested → drain started', cur.drainStart],
      ['drain', cur.drainEnd, ideal.drainMs],
      ['drain done → infra delete started (pre-terminate hooks)', cur.infraDeleteStart],
      ['infra delete', cur.infraDeleteEnd, ideal.deleteMs],
      ['infra gone → Node deleted, Deleted reported', cur.goneReported],
    ]);
    const requestedAt: number = cur.deleteRequested!;
    const self = cur;
    const newTrigger = latest(
      news.filter((m) => m.running! <= requestedAt),
      (m) => m.running!,
    );
    const oldTrigger = latest(
      olds.filter((m) => m !== self && m.goneReported! <= requestedAt),
      (m) => m.goneReported!,
    );
    if (!newTrigger && !oldTrigger) {
      add('apply → first delete requested', requestedAt - t0);
      reachedApply = true;
      break;
    }
    if (oldTrigger && (!newTrigger || oldTrigger.goneReported! >= newTrigger.running!)) {
      add(
        'old machine reported Deleted → next old machine delete requested',
        requestedAt - oldTrigger.goneReported!,
      );
      cur = oldTrigger;
      continue;
    }
    const trigger = newTrigger!;
    creations++;
    add('new machine Running → old machine delete requested', requestedAt - trigger.running!);
    walk([
      ['(start)', trigger.start],
      ['machine workflow started → instance created', trigger.created],
      ['provision', trigger.provisioned, ideal.provisionMs],
      ['boot/join (Node registered)', trigger.running, ideal.bootMs],
    ]);
    const startedAt: number = trigger.start!;
    const prev = latest(
      olds.filter((m) => m.goneReported! <= startedAt),
      (m) => m.goneReported!,
    );
    if (!prev) {
      add('apply → first new machine workflow started', startedAt - t0);
      reachedApply = true;
      break;
    }
    add('old machine reported Deleted → next machine workflow started', startedAt - prev.goneReported!);
    cur = prev;
  }
  const rank = (l: string) => (CHAIN_ORDER.indexOf(l) < 0 ? CHAIN_ORDER.length : CHAIN_ORDER.indexOf(l));
  const segments = [...seg.values()].sort((a, b) => rank(a.label) - rank(b.label));
  return {
    deletions,
    creations,
    segments,
    totalMs: segments.reduce((n, s) => n + s.totalMs, 0),
    reachedApply,
  };
}

/** Mean of `end − start` over the machines that have both. */
export function meanSpan(
  machines: readonly MachineTimeline[],
  start: (m: MachineTimeline) => number | undefined,
  end: (m: MachineTimeline) => number | undefined,
): number {
  const spans = machines
    .map((m) => [start(m), end(m)] as const)
    .filter((p): p is readonly [number, number] => p[0] !== undefined && p[1] !== undefined)
    .map(([a, b]) => b - a);
  return spans.length ? spans.reduce((a, b) => a + b, 0) / spans.length : NaN;
}

/**
 * An owner workflow's steps inside [from, to], relative to `from`: activities (scheduled →
 * completed), signals received, timers — to see what a controller waited on.
 */
export function ownerTrace(h: FetchedHistory, from: number, to: number): string[] {
  const lines: string[] = [];
  const scheduled = new Map<number, { name: string; at: number }>();
  const rel = (t: number) => ((t - from) / 1000).toFixed(3).padStart(7);
  for (const e of h.events) {
    const at = timeOf(e);
    if (e.activityTaskScheduledEventAttributes) {
      scheduled.set(num(e.eventId), {
        name: e.activityTaskScheduledEventAttributes.activityType?.name ?? '?',
        at,
      });
      continue;
    }
    if (at < from || at > to) continue;
    if (e.activityTaskCompletedEventAttributes) {
      const s = scheduled.get(num(e.activityTaskCompletedEventAttributes.scheduledEventId));
      if (s) lines.push(`${rel(s.at)} → ${rel(at)}  activity ${s.name} (${at - s.at} ms)`);
    } else if (e.workflowExecutionSignaledEventAttributes) {
      lines.push(
        `${rel(at)}            signal ${e.workflowExecutionSignaledEventAttributes.signalName ?? '?'}`,
      );
    } else if (e.signalExternalWorkflowExecutionInitiatedEventAttributes) {
      lines.push(
        `${rel(at)}            sends ${e.signalExternalWorkflowExecutionInitiatedEventAttributes.signalName ?? '?'}`,
      );
    } else if (e.timerStartedEventAttributes) {
      const d = e.timerStartedEventAttributes.startToFireTimeout;
      lines.push(
        `${rel(at)}            timer ${num(d?.seconds) * 1000 + Math.floor((d?.nanos ?? 0) / 1e6)} ms`,
      );
    } else if (e.timerFiredEventAttributes) {
      lines.push(`${rel(at)}            timer fired`);
    } else if (e.startChildWorkflowExecutionInitiatedEventAttributes) {
      lines.push(
        `${rel(at)}            starts ${e.startChildWorkflowExecutionInitiatedEventAttributes.workflowType?.name ?? '?'}`,
      );
    }
  }
  return lines;
}
