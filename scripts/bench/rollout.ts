/**
 * npm run bench:rollout [-- --cp-replicas 3 --workers 30 --max-surge 3 --latency provision=2s,...]
 *
 * On the simulated provider with fixed latencies, against a real Temporal dev server and a real
 * worker process: creates a cluster (3 CP + 30 workers at --from), puts one user Pod on every
 * worker (so a worker's drain costs one Pod termination), then
 *   1. upgrades the control plane to --to (workers stay), and
 *   2. rolls the MachineDeployment out to --to (maxSurge N, maxUnavailable 0),
 * and prints, for each phase, measured time ÷ the ideal critical path (rolloutIdeal.ts), the
 * Temporal history events per machine replaced (with a per-workflow-type breakdown), and the
 * phase's critical chain split into segments (where the time went). A measurement: the exit
 * code is 0 whatever the ratio, non-zero only if a phase does not converge.
 */
import { join } from 'node:path';
import { Command } from 'commander';
import { startBenchWorker } from './benchWorker';
import { SimClient } from '../../activities/providers/sim/simClient';
import type { SimPodView } from '../../activities/providers/sim/simWorkloadApi';
import { compileManifestText } from '../../shared/model';
import type { DesiredCluster } from '../../shared/model/desired';
import type { ClusterDescription } from '../../shared/status/types';
import { CapstanClient } from '../client/CapstanClient';
import { simClusterYaml } from '../manifests/simClusterYaml';
import { DEFAULT_SIM_LATENCIES, mergeLatencies } from '../sim/latencies';
import { parseLatencySpec } from '../sim/latencySpec';
import { startSimServer } from '../sim/server';
import { startDevServer } from '../temporal/devServer';
import {
  criticalChain,
  deltasByType,
  fetchHistories,
  historyDeltas,
  machineTimeline,
  meanSpan,
  ownerTrace,
  snapshotRuns,
  taskLatencies,
  type LatencyStats,
  type RunSnapshot,
} from './histories';
import {
  controlPlaneFormula,
  describeSteps,
  idealControlPlaneMs,
  idealMachineDeploymentFormulaMs,
  machineDeploymentFormula,
  simulateMachineDeploymentRollout,
  type PhaseLatencies,
} from './rolloutIdeal';

const TARGET_RATIO = 1.15;
const WORKLOAD = 'bench-app';

interface Options {
  cpReplicas: string;
  workers: string;
  maxSurge: string;
  podsPerWorker: string;
  latency: string;
  from: string;
  to: string;
  pollIntervalMs: string;
  workerNodeArgs: string;
  stockTemporal: boolean;
  verbose: boolean;
}

const sec = (ms: number, digits = 2) => `${(ms / 1000).toFixed(digits)} s`;
const pad = (s: string, n: number) => s.padEnd(n);
const lat = (s: LatencyStats) =>
  s.count === 0
    ? 'n/a'
    : `mean ${s.meanMs.toFixed(0)} ms, p95 ${s.p95Ms.toFixed(0)} ms, max ${s.maxMs.toFixed(0)} ms (n=${s.count})`;

interface PhaseResult {
  name: string;
  measuredMs: number;
  idealMs: number;
  /** the ideal when the planner sees the machines' reports one at a time */
  oneByOneMs?: number;
  replaced: number;
  events: number;
}

async function main(): Promise<void> {
  const opts = new Command()
    .option('--cp-replicas <n>', 'control-plane replicas', '3')
    .option('--workers <n>', 'MachineDeployment replicas', '30')
    .option('--max-surge <n>', 'MachineDeployment maxSurge (maxUnavailable is 0)', '3')
    .option('--pods-per-worker <n>', 'user Pods per worker node (what a worker drain evicts); 0 = none', '1')
    .option(
      '--latency <spec>',
      'simulated latencies (jitter must stay 0 for the ideal to be exact)',
      'clusterInfra=200ms,provision=2s,boot=1s,podTermination=500ms,delete=1s,reschedule=500ms',
    )
    .option('--from <version>', 'version before the upgrade', 'v1.30.5')
    .option('--to <version>', 'version after the upgrade', 'v1.31.4')
    .option('--poll-interval-ms <ms>', "the worker's CAPSTAN_POLL_INTERVAL_MS", '200')
    .option('--stock-temporal', "run the dev server with its stock queue-reader and timer settings (20 polls/s, 1 s timer shift) instead of Capstan's single-shard tuning", false)
    .option('--worker-node-args <args>', 'extra node flags for the worker process, e.g. "--cpu-prof"', '')
    .option('--verbose', 'print every run with its events and each machine timeline', false)
    .parse(process.argv)
    .opts<Options>();
  const cpReplicas = Number(opts.cpReplicas);
  const workers = Number(opts.workers);
  const maxSurge = Number(opts.maxSurge);
  const podsPerWorker = Number(opts.podsPerWorker);
  const latencies = mergeLatencies({ ...DEFAULT_SIM_LATENCIES }, parseLatencySpec(opts.latency));
  if (latencies.jitter > 0)
    console.warn(`bench: jitter ${latencies.jitter} > 0: the ideal below assumes exact latencies`);
  const root = join(__dirname, '..', '..');
  const key = { namespace: 'default', name: 'bench' };

  const compile = (cpVersion: string, workerVersion: string): DesiredCluster => {
    const yaml = simClusterYaml({
      name: key.name,
      cpReplicas,
      workers,
      version: cpVersion,
      workerVersion,
      maxSurge,
      maxUnavailable: 0,
      labels: { env: 'bench', region: 'local' },
    });
    const { clusters, issues } = compileManifestText(yaml, 'bench-rollout.yaml');
    if (issues.length) throw new Error(JSON.stringify(issues));
    return clusters[0]!;
  };
  const initial = compile(opts.from, opts.from);
  const cpUpgraded = compile(opts.to, opts.from);
  const upgraded = compile(opts.to, opts.to);

  const wallStart = Date.now();
  const server = await startDevServer({ headless: true, stockQueueSettings: opts.stockTemporal });
  const sim = await startSimServer({ host: '127.0.0.1', port: 0, latencies });
  const worker = startBenchWorker({ root, nodeArgs: opts.workerNodeArgs, env: { TEMPORAL_ADDRESS: server.address, CAPSTAN_SIM_URL: sim.url, CAPSTAN_POLL_INTERVAL_MS: opts.pollIntervalMs } });
  const capstan = await CapstanClient.connect({ address: server.address });
  const simClient = new SimClient(sim.url);
  const results: PhaseResult[] = [];
  try {
    const l = latencies;
    console.log(
      `bench:rollout cluster ${key.namespace}/${key.name}: ${cpReplicas} CP + ${workers} workers (maxSurge ${maxSurge}, maxUnavailable 0), ${opts.from} → ${opts.to}`,
    );
    console.log(
      `  sim latencies: provision ${sec(l.provisionMs, 1)}, boot/join ${sec(l.bootMs, 1)}, pod termination ${sec(l.podTerminationMs, 1)}, delete ${sec(l.deleteMs, 1)}, clusterInfra ${sec(l.clusterInfraMs, 1)}, reschedule ${sec(l.rescheduleMs, 1)}, jitter ${l.jitter}; worker poll interval ${opts.pollIntervalMs} ms`,
    );
    console.log(
      `  temporal dev server: ${opts.stockTemporal ? 'stock queue settings (--stock-temporal: 20 transfer-queue polls/s, 1 s timer shift)' : 'single-shard tuning (scripts/temporal/devServer.ts SINGLE_SHARD_LATENCY; --stock-temporal to compare)'}`,
    );

    // ---- 0. create (not measured against an ideal) ----
    const t = Date.now();
    await capstan.apply(initial);
    await waitPhase(
      capstan,
      key,
      'create',
      (d) => d.ready && cpAt(d, cpReplicas, opts.from) && mdAt(d, workers, opts.from),
      10 * 60_000,
    );
    console.log(
      `  create: ${sec(Date.now() - t, 1)} from apply to ready (${cpReplicas} CP one at a time, then ${workers} workers)`,
    );

    // ---- the workload whose Pods the worker drains evict ----
    const podsWanted = workers * podsPerWorker;
    if (podsWanted > 0) {
      await simClient.applyWorkload(key, { name: WORKLOAD, replicas: podsWanted });
      await waitUntil(
        async () =>
          (await userPods(simClient, key)).filter((p) => p.phase === 'Running').length === podsWanted,
        60_000,
        'workload Pods Running',
      );
    }
    const drains = await drainCosts(simClient, capstan, key, l.podTerminationMs);
    console.log(`  workload: ${podsWanted} user Pod(s) (${WORKLOAD}); ${drains.summary}`);
    const phaseLat = (drainMs: number): PhaseLatencies => ({
      provisionMs: l.provisionMs,
      bootMs: l.bootMs,
      drainMs,
      deleteMs: l.deleteMs,
    });

    // ---- 1. control-plane upgrade ----
    {
      const lp = phaseLat(drains.controlPlaneMs);
      const idealMs = idealControlPlaneMs(cpReplicas, lp);
      const before = await snapshotRuns(capstan.client);
      const t0 = Date.now();
      const { generation } = await capstan.apply(cpUpgraded);
      const d = await waitPhase(
        capstan,
        key,
        'control-plane upgrade',
        (x) => x.observedGeneration >= generation && x.ready && cpAt(x, cpReplicas, opts.to),
        Math.max(10 * 60_000, 20 * idealMs),
      );
      const tReady = Date.now();
      if (!mdAt(d, workers, opts.from)) throw new Error('the control-plane upgrade touched the workers');
      console.log(
        `\ncontrol-plane upgrade: ${cpReplicas} replicas ${opts.from} → ${opts.to} (KCP maxSurge 1)`,
      );
      results.push(
        await report(capstan, {
          name: 'control plane',
          before,
          t0,
          tReady,
          idealMs,
          idealLines: [
            `ideal = replicas × (provision + boot + drain + delete) = ${controlPlaneFormula(cpReplicas, lp)}`,
          ],
          replaced: cpReplicas,
          lat: lp,
          verbose: opts.verbose,
        }),
      );
    }

    // ---- 2. MachineDeployment rollout ----
    {
      const lp = phaseLat(drains.workerMs);
      const from = cpUpgraded.machineDeployments[0]!;
      const to = upgraded.machineDeployments[0]!;
      const des = simulateMachineDeploymentRollout(from, to, lp);
      // Equal latencies, but the planner sees the machines' reports one at a time (1 ms apart), as
      // a workflow does when every report is its own signal.
      const oneByOne = simulateMachineDeploymentRollout(from, to, lp, { staggerMs: 1 });
      // ...and the same with CAPI's scale-down arithmetic to the letter (deleting machines counted twice)
      const oneByOneCapi = simulateMachineDeploymentRollout(from, to, lp, { staggerMs: 1, samePassSync: false });
      const formulaMs = idealMachineDeploymentFormulaMs(workers, maxSurge, lp);
      const before = await snapshotRuns(capstan.client);
      const t0 = Date.now();
      const { generation } = await capstan.apply(upgraded);
      const d = await waitPhase(
        capstan,
        key,
        'MachineDeployment rollout',
        (x) => x.observedGeneration >= generation && x.ready && mdAt(x, workers, opts.to),
        Math.max(10 * 60_000, 20 * des.makespanMs),
      );
      const tReady = Date.now();
      if (!cpAt(d, cpReplicas, opts.to))
        throw new Error('the control plane changed during the MachineDeployment rollout');
      console.log(
        `\nMachineDeployment rollout: ${workers} replicas ${opts.from} → ${opts.to} (maxSurge ${maxSurge}, maxUnavailable 0)`,
      );
      results.push(
        await report(capstan, {
          name: 'MachineDeployment',
          before,
          t0,
          tReady,
          idealMs: des.makespanMs,
          idealLines: [
            `ideal (formula) = ceil(N / maxSurge) × (provision + boot + drain + delete) = ${machineDeploymentFormula(workers, maxSurge, lp)}`,
            `ideal (planRollout + planMachineSetSync, exact latencies, zero overhead) = ${sec(des.makespanMs)}${des.makespanMs === formulaMs ? ' (= formula)' : ' (≠ formula!)'}; peak ${des.peakMachines} machines`,
            `  simulated steps: ${describeSteps(des.steps)}`,
            `  (if the planner sees equal-latency machines one report at a time, the same simulation takes ${sec(oneByOne.makespanMs)}; with CAPI's scale-down budget to the letter, which counts deleting machines twice, ${sec(oneByOneCapi.makespanMs)}: one old machine deleting at a time)`,
          ],
          replay: (createToRunningMs, deleteToGoneMs) =>
            simulateMachineDeploymentRollout(
              from,
              to,
              { provisionMs: createToRunningMs, bootMs: 0, drainMs: deleteToGoneMs, deleteMs: 0 },
              { staggerMs: 20 },
            ).makespanMs,
          replaced: workers,
          oneByOneMs: oneByOne.makespanMs,
          lat: lp,
          verbose: opts.verbose,
        }),
      );
    }

    const peakRss = worker.peakRssKiB();
    console.log('\nsummary');
    console.log(
      `  ${pad('phase', 18)}${pad('measured', 11)}${pad('ideal', 10)}${pad('ratio', 8)}${pad(`target ≤ ${TARGET_RATIO}`, 16)}history events per machine replaced`,
    );
    for (const r of results) {
      const ratio = r.measuredMs / r.idealMs;
      console.log(
        `  ${pad(r.name, 18)}${pad(sec(r.measuredMs), 11)}${pad(sec(r.idealMs, 1), 10)}${pad(ratio.toFixed(3), 8)}${pad(ratio <= TARGET_RATIO ? 'ok' : 'ABOVE', 16)}${(r.events / r.replaced).toFixed(1)} (${r.events} events / ${r.replaced})`,
      );
    }
    for (const r of results) {
      if (r.oneByOneMs !== undefined && r.oneByOneMs !== r.idealMs) {
        console.log(
          `  (${r.name}: against the ${sec(r.oneByOneMs, 1)} ideal of one report at a time the ratio is ${(r.measuredMs / r.oneByOneMs).toFixed(3)})`,
        );
      }
    }
    console.log(
      `  worker peak RSS: ${(peakRss / 1024).toFixed(0)} MiB; benchmark wall time ${sec(Date.now() - wallStart, 0)}`,
    );
  } finally {
    await capstan.close();
    await worker.stop();
    await sim.close();
    await server.stop();
  }
}

function cpAt(d: ClusterDescription, replicas: number, version: string): boolean {
  const cp = d.controlPlane;
  return (
    !!cp &&
    cp.ready &&
    cp.upToDateReplicas === replicas &&
    cp.machines.length === replicas &&
    cp.machines.every((m) => m.version === version && m.phase === 'Running')
  );
}

function mdAt(d: ClusterDescription, replicas: number, version: string): boolean {
  const md = d.machineDeployments[0];
  return (
    !!md &&
    md.ready &&
    md.machines.length === replicas &&
    md.machines.every((m) => m.version === version && m.phase === 'Running' && !m.deletionRequestedAt)
  );
}

/** Polls describe every 100 ms (the measurement's resolution); throws if the phase does not converge. */
async function waitPhase(
  capstan: CapstanClient,
  key: { namespace: string; name: string },
  what: string,
  until: (d: ClusterDescription) => boolean,
  timeoutMs: number,
): Promise<ClusterDescription> {
  try {
    return await capstan.waitFor(key, until, { intervalMs: 100, timeoutMs });
  } catch (err) {
    throw new Error(`${what} did not converge: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function userPods(sim: SimClient, key: { namespace: string; name: string }): Promise<SimPodView[]> {
  const list = await sim.listPods(key);
  return (list?.items ?? []).filter(
    (p) => p.ownerKind !== 'DaemonSet' && p.ownerKind !== 'Node' && !p.mirror,
  );
}

/**
 * What one drain costs in the sim: the Pods the drain evicts (not DaemonSet Pods, not static
 * Pods' mirrors) end podTermination after their eviction, all in parallel, so a node that
 * carries at least one such Pod drains in podTermination and an empty one at once.
 */
async function drainCosts(
  sim: SimClient,
  capstan: CapstanClient,
  key: { namespace: string; name: string },
  podTerminationMs: number,
): Promise<{ controlPlaneMs: number; workerMs: number; summary: string }> {
  const d = await capstan.describe(key);
  const pods = await userPods(sim, key);
  const perNode = new Map<string, number>();
  for (const p of pods) if (p.nodeName) perNode.set(p.nodeName, (perNode.get(p.nodeName) ?? 0) + 1);
  const cpNodes = (d.controlPlane?.machines ?? []).map((m) => m.nodeName ?? '');
  const workerNodes = (d.machineDeployments[0]?.machines ?? []).map((m) => m.nodeName ?? '');
  const counts = (nodes: string[]) => nodes.map((n) => perNode.get(n) ?? 0);
  const cp = counts(cpNodes);
  const w = counts(workerNodes);
  const cost = (c: number[]) => (c.some((n) => n > 0) ? podTerminationMs : 0);
  const range = (c: number[]) => (c.length ? `${Math.min(...c)}..${Math.max(...c)}` : 'none');
  if (w.some((n) => n === 0) && w.some((n) => n > 0)) {
    console.warn(
      `bench: some worker nodes carry no user Pod (${range(w)} per node): their drains are instant, the ideal assumes ${podTerminationMs} ms`,
    );
  }
  return {
    controlPlaneMs: cost(cp),
    workerMs: cost(w),
    summary:
      `user Pods per worker node ${range(w)} → worker drain ${sec(cost(w), 1)} (pod termination); ` +
      `per control-plane node ${range(cp)} → control-plane drain ${sec(cost(cp), 1)} (only static-Pod mirrors and the kube-proxy DaemonSet Pod, which the drain skips)`,
  };
}

async function report(
  capstan: CapstanClient,
  p: {
    name: string;
    before: Map<string, RunSnapshot>;
    t0: number;
    tReady: number;
    idealMs: number;
    idealLines: string[];
    replaced: number;
    lat: PhaseLatencies;
    verbose: boolean;
    /** MachineDeployment: replays the planners with the measured per-machine durations */
    replay?: (createToRunningMs: number, deleteToGoneMs: number) => number;
    oneByOneMs?: number;
  },
): Promise<PhaseResult> {
  const after = await snapshotRuns(capstan.client);
  const deltas = historyDeltas(p.before, after);
  const events = deltas.reduce((n, d) => n + d.added, 0);
  const measuredMs = p.tReady - p.t0;
  const ratio = measuredMs / p.idealMs;
  for (const line of p.idealLines) console.log(`  ${line}`);
  console.log(`  measured (apply → ready at the new generation): ${sec(measuredMs)}`);
  console.log(
    `  ratio measured / ideal: ${ratio.toFixed(3)}  (target ≤ ${TARGET_RATIO}: ${ratio <= TARGET_RATIO ? 'ok' : 'ABOVE'})`,
  );
  console.log(
    `  history events added: ${events} in ${deltas.length} runs = ${(events / p.replaced).toFixed(1)} per machine replaced (${p.replaced})`,
  );
  for (const t of deltasByType(deltas)) {
    console.log(
      `    ${pad(t.type, 28)}${String(t.runs).padStart(4)} runs ${String(t.events).padStart(6)} events  (${(t.events / p.replaced).toFixed(1)} per machine replaced, ${(t.events / t.runs).toFixed(1)} per run)`,
    );
  }

  const histories = await fetchHistories(capstan.client, deltas);
  const timelines = histories.filter((h) => h.run.type === 'machineWorkflow').map(machineTimeline);
  const chain = criticalChain(timelines, p.t0, p.tReady, p.lat);
  console.log(
    `  critical chain (backwards from the last machine gone): ${chain.deletions} deletion(s), ${chain.creations} creation(s)${chain.reachedApply ? '' : ' (did not reach the apply)'}; Σ ${sec(chain.totalMs)}`,
  );
  for (const s of chain.segments) {
    const mean = s.totalMs / s.count;
    const excess = s.totalMs - s.idealMs * s.count;
    console.log(
      `    ${pad(s.label, 67)} ×${String(s.count).padStart(2)}  mean ${String(mean.toFixed(0)).padStart(5)} ms  ideal ${String(s.idealMs).padStart(5)} ms  Σ excess ${sec(excess)}`,
    );
  }
  const fresh = timelines.filter((m) => m.start !== undefined && m.start >= p.t0);
  const gone = timelines.filter((m) => m.deleteRequested !== undefined && m.deleteRequested >= p.t0);
  const createToRunning = meanSpan(
    fresh,
    (m) => m.start,
    (m) => m.running,
  );
  const deleteToGone = meanSpan(
    gone,
    (m) => m.deleteRequested,
    (m) => m.goneReported,
  );
  const drain = meanSpan(
    gone,
    (m) => m.drainStart,
    (m) => m.drainEnd,
  );
  console.log(
    `  per machine (all ${fresh.length} created / ${gone.length} deleted): workflow start → Running mean ${sec(createToRunning)} (ideal ${sec(p.lat.provisionMs + p.lat.bootMs)}), delete requested → Deleted reported mean ${sec(deleteToGone)} (ideal ${sec(p.lat.drainMs + p.lat.deleteMs)}), of which drain ${sec(drain)} (ideal ${sec(p.lat.drainMs)})`,
  );
  if (p.replay) {
    const replayed = p.replay(createToRunning, deleteToGone);
    const drainIdeal = p.replay(createToRunning, deleteToGone - (drain - p.lat.drainMs));
    console.log(
      `  planner replay with these measured durations (reports one at a time, zero reaction time): ${sec(replayed)} (measured ${sec(measuredMs)}); the same with the drain at its ideal ${sec(p.lat.drainMs)}: ${sec(drainIdeal)}`,
    );
  }
  const tasks = taskLatencies(histories, p.t0, p.tReady);
  console.log(`  workflow tasks schedule→start: ${lat(tasks.wftScheduleToStart)}`);
  console.log(`  workflow tasks start→complete: ${lat(tasks.wftStartToComplete)}`);
  console.log(`  activities schedule→start:     ${lat(tasks.activityScheduleToStart)}`);
  if (p.verbose) {
    const traced = [
      ...histories.filter(
        (x) => x.run.type === 'controlPlaneWorkflow' || x.run.type === 'machineDeploymentWorkflow',
      ),
      ...histories.filter((x) => x.run.type === 'drainWorkflow').slice(0, 1),
      ...histories.filter((x) => x.run.type === 'machineWorkflow' && x.events.length > 50).slice(0, 1),
    ];
    for (const h of traced) {
      console.log(
        `    trace of ${h.run.workflowId} (run ${h.run.runId.slice(0, 8)}), seconds after the apply:`,
      );
      for (const line of ownerTrace(h, p.t0, p.tReady)) console.log(`      ${line}`);
    }
    for (const d of deltas) console.log(`    run ${d.workflowId} (${d.type}) +${d.added}`);
    for (const m of timelines) {
      const rel = (x?: number) => (x === undefined ? '-' : ((x - p.t0) / 1000).toFixed(2));
      console.log(
        `    ${m.name}: start ${rel(m.start)} created ${rel(m.created)} provisioned ${rel(m.provisioned)} running ${rel(m.running)} | delete ${rel(m.deleteRequested)} drain ${rel(m.drainStart)}–${rel(m.drainEnd)} infra ${rel(m.infraDeleteStart)}–${rel(m.infraDeleteEnd)} end ${rel(m.end)}`,
      );
    }
  }
  return {
    name: p.name,
    measuredMs,
    idealMs: p.idealMs,
    oneByOneMs: p.oneByOneMs,
    replaced: p.replaced,
    events,
  };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
