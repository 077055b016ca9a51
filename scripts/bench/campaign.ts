/**
 * npm run bench:campaign [-- --clusters 300 --max-concurrency 10 --soak 0s --latency provision=2s,...]
 *
 * On the simulated provider with fixed latencies, against a Temporal dev server (or
 * TEMPORAL_ADDRESS) and a real worker process: times one cluster's upgrade alone (the calibration
 * clusters, upgraded one after the other), creates N small clusters (1 CP + --workers) in three
 * waves (`upgrade-wave` 1/2/3, 10/30/60 %), runs an upgrade campaign over them to the next patch,
 * checks the concurrency caps at every status observation (by the campaign's account and by the
 * clusters' own), and prints campaign wall time ÷ the ideal (campaignIdeal.ts), history events per
 * cluster upgraded, worker RSS and the fleet's creation time. Exit code non-zero only when a cap
 * was exceeded or the campaign did not complete.
 */
import { join } from 'node:path';
import { Command } from 'commander';
import { rssKiB, startBenchWorker } from './benchWorker';
import { parseGoDuration } from '../../shared/model/rules/duration';
import { parseKubeVersion } from '../../shared/model/rules/version';
import { campaignWorkflowId, type CampaignSpec } from '../../shared/planners/campaign';
import { resolveConcurrency } from '../../shared/planners/campaign/intOrPercent';
import { WORKFLOW_TASK_QUEUE } from '../../shared/taskQueues';
import { CampaignClient } from '../client/CampaignClient';
import { CapstanClient } from '../client/CapstanClient';
import { DEFAULT_SIM_LATENCIES, mergeLatencies } from '../sim/latencies';
import { parseLatencySpec } from '../sim/latencySpec';
import { startSimServer } from '../sim/server';
import { ensureSearchAttributes, startDevServer } from '../temporal/devServer';
import { benchCluster, createAll, deleteAll, drainCosts, sleep, timeUpgradeAlone, waitVisible } from './campaignFleet';
import { clusterUpgradeFloorMs, idealCampaign, idealFormula, waveSizes } from './campaignIdeal';
import { startObserver } from './campaignObserve';
import { deltasByType, historyDeltas, snapshotRuns, stats, type RunDelta } from './histories';

interface Options {
  clusters: string;
  workers: string;
  waves: string;
  maxConcurrency: string;
  soak: string;
  latency: string;
  from: string;
  to?: string;
  calibrations: string;
  pollIntervalMs: string;
  campaignPollMs: string;
  observeMs: string;
  keep: boolean;
  workerNodeArgs: string;
}

const sec = (ms: number, digits = 2) => `${(ms / 1000).toFixed(digits)} s`;
const pad = (s: string, n: number) => s.padEnd(n);
const sum = (ds: readonly RunDelta[]) => ds.reduce((n, d) => n + d.added, 0);

function nextPatch(v: string): string {
  const k = parseKubeVersion(v);
  if (!k || k.pre) throw new Error(`--from ${v} must be a release version vX.Y.Z`);
  return `v${k.major}.${k.minor}.${k.patch + 1}`;
}

async function main(): Promise<void> {
  const opts = new Command()
    .option('--clusters <n>', 'clusters in the fleet', '60')
    .option('--workers <n>', 'workers per cluster (1: the smallest shape with both a KCP and an MD rollout)', '1')
    .option('--waves <percents>', 'share of the fleet in upgrade-wave 1, 2, 3 …', '10,30,60')
    .option('--max-concurrency <n|p%>', 'maxConcurrency of every wave', '10')
    .option('--soak <duration>', 'soak after every wave (Go duration)', '0s')
    .option(
      '--latency <spec>',
      'simulated latencies (jitter must stay 0)',
      'clusterInfra=200ms,provision=2s,boot=1s,podTermination=500ms,delete=1s,reschedule=500ms',
    )
    .option('--from <version>', 'version of the fleet', 'v1.31.4')
    .option('--to <version>', 'campaign target (default: the next patch)')
    .option('--calibrations <n>', 'clusters upgraded alone first; the slowest is the ideal’s single-cluster upgrade', '2')
    .option('--poll-interval-ms <ms>', "the worker's CAPSTAN_POLL_INTERVAL_MS", '200')
    .option('--campaign-poll-ms <ms>', "the campaign's pollIntervalMs (re-reads of clusters in flight)", '500')
    .option('--observe-ms <ms>', 'how often the bench observes status and checks the caps', '250')
    .option('--keep', 'do not delete the clusters; keep the servers until Ctrl-C', false)
    .option('--worker-node-args <args>', 'extra node flags for the worker process, e.g. "--cpu-prof"', '')
    .parse(process.argv)
    .opts<Options>();
  const n = Number(opts.clusters);
  const workers = Number(opts.workers);
  const calibrations = Math.max(1, Number(opts.calibrations));
  const maxConcurrency = /^\d+$/.test(opts.maxConcurrency) ? Number(opts.maxConcurrency) : opts.maxConcurrency;
  const soakSeconds = parseGoDuration(opts.soak);
  if (soakSeconds === undefined || soakSeconds < 0) throw new Error(`--soak ${opts.soak} is not a Go duration`);
  const from = opts.from;
  const to = opts.to ?? nextPatch(from);
  const latencies = mergeLatencies({ ...DEFAULT_SIM_LATENCIES }, parseLatencySpec(opts.latency));
  if (latencies.jitter > 0) console.warn(`bench: jitter ${latencies.jitter} > 0: the latency floor assumes exact latencies`);
  const root = join(__dirname, '..', '..');
  const suite = `cb${Date.now().toString(36)}`;
  const campaignName = `${suite}-to-${to.replace(/\./g, '-')}`;
  const sizes = waveSizes(n, opts.waves.split(',').map(Number));
  const waves = sizes.map((size, i) => ({ name: String(i + 1), size }));
  const waveOrder = waves.filter((w) => w.size > 0).map((w) => w.name);
  const caps = new Map(waves.filter((w) => w.size > 0).map((w) => [w.name, resolveConcurrency(maxConcurrency, w.size)]));
  const fleet = waves.flatMap((w, wi) =>
    Array.from({ length: w.size }, (_, i) => ({
      wave: w.name,
      cluster: benchCluster({
        name: `${suite}-f${String(waves.slice(0, wi).reduce((t, x) => t + x.size, 0) + i).padStart(3, '0')}`,
        workers,
        version: from,
        labels: { env: 'bench', region: 'local', 'upgrade-wave': w.name, 'campaign-suite': suite },
      }),
    })),
  );
  const calibration = Array.from({ length: calibrations }, (_, i) =>
    benchCluster({ name: `${suite}-c${i}`, workers, version: from, labels: { env: 'bench', region: 'local', 'campaign-suite': `${suite}-calibration` } }),
  );

  // ---- servers and the worker process (as bench:rollout) ----
  const wallStart = Date.now();
  const external = process.env.TEMPORAL_ADDRESS;
  if (external) await ensureSearchAttributes(external, process.env.TEMPORAL_NAMESPACE ?? 'default');
  const server = external ? { address: external, stop: async () => undefined } : await startDevServer({ headless: true });
  // on a shared server, a task queue of its own so no other worker takes this fleet's tasks
  const taskQueue = external ? `${WORKFLOW_TASK_QUEUE}-${suite}` : WORKFLOW_TASK_QUEUE;
  const sim = await startSimServer({ host: '127.0.0.1', port: 0, latencies });
  const worker = startBenchWorker({ root, nodeArgs: opts.workerNodeArgs, env: { TEMPORAL_ADDRESS: server.address, CAPSTAN_TASK_QUEUE: taskQueue, CAPSTAN_SIM_URL: sim.url, CAPSTAN_POLL_INTERVAL_MS: opts.pollIntervalMs } });
  const capstan = await CapstanClient.connect({ address: server.address, taskQueue });
  const campaigns = new CampaignClient(capstan.client, taskQueue);
  let failure: string | undefined;
  try {
    const l = latencies;
    console.log(
      `bench:campaign ${n} clusters (1 CP + ${workers} worker${workers === 1 ? '' : 's'} each) in waves ${waves.map((w) => `${w.name}:${w.size}`).join(' ')} (upgrade-wave), maxConcurrency ${String(maxConcurrency)}, soak ${opts.soak}, ${from} → ${to}`,
    );
    console.log(
      `  sim latencies: provision ${sec(l.provisionMs, 1)}, boot/join ${sec(l.bootMs, 1)}, pod termination ${sec(l.podTerminationMs, 1)}, delete ${sec(l.deleteMs, 1)}, clusterInfra ${sec(l.clusterInfraMs, 1)}, jitter ${l.jitter}; worker poll interval ${opts.pollIntervalMs} ms, campaign poll ${opts.campaignPollMs} ms; Temporal ${external ? `at ${external} (TEMPORAL_ADDRESS)` : 'dev server started here'}`,
    );

    // ---- 1. one cluster's upgrade alone: the ideal's single-cluster time ----
    await createAll(capstan, sim.url, calibration, 1 + workers, 10 * 60_000);
    const drains = await drainCosts(sim.url, capstan, calibration[0]!, l.podTerminationMs);
    const floorMs = clusterUpgradeFloorMs({ cpReplicas: 1, workers, maxSurge: 1 }, { ...l, ...drains });
    const alone: number[] = [];
    for (const c of calibration) alone.push(await timeUpgradeAlone(capstan, c, to));
    const perClusterMs = Math.max(...alone);
    console.log(
      `  one cluster upgraded alone (upgrade Update → the campaign's Done rule on a fresh describe, 100 ms polls), ${calibrations} cluster(s) one after the other: ${alone.map((x) => sec(x)).join(', ')}; slowest ${sec(perClusterMs)}`,
    );
    console.log(
      `  latency floor of one cluster upgrade: KCP (provision + boot + drain ${sec(drains.cpDrainMs, 1)} + delete)${workers ? ` + ${workers} worker(s), maxSurge 1 (provision + boot + drain ${sec(drains.workerDrainMs, 1)} + delete)` : ''} = ${sec(floorMs)}`,
    );

    // ---- 2. the fleet ----
    const tCreate = Date.now();
    await createAll(capstan, sim.url, fleet.map((f) => f.cluster), 1 + workers, 30 * 60_000);
    const tReady = Date.now();
    await waitVisible(capstan.client, `campaign-suite=${suite}`, n);
    const tVisible = Date.now();
    console.log(
      `  fleet created: ${n} clusters (${n * (1 + workers)} machines) ready in ${sec(tReady - tCreate, 1)} (16 applies in flight), all listed by visibility ${sec(tVisible - tReady, 1)} later`,
    );

    // ---- 3. the campaign ----
    const before = await snapshotRuns(capstan.client);
    const spec: CampaignSpec = {
      name: campaignName,
      targetVersion: to,
      clusters: { namespace: 'default', selector: { matchLabels: { 'campaign-suite': suite } } },
      waves: { byLabel: { label: 'upgrade-wave', defaults: { maxConcurrency, maxAllowedFailures: 0, soak: opts.soak } } },
      upgradeTimeout: '30m',
    };
    const t0 = Date.now();
    const handle = await campaigns.start(spec, { pollIntervalMs: Number(opts.campaignPollMs) });
    const observer = startObserver({
      campaigns,
      capstan,
      simUrl: sim.url,
      campaign: campaignName,
      fleet,
      waveOrder,
      caps,
      to,
      intervalMs: Number(opts.observeMs),
    });
    const final = await handle.result().catch(async (err: unknown) => {
      await observer.stop();
      throw err;
    });
    const wallMs = Date.now() - t0;
    const obs = await observer.stop();
    const peakRss = worker.peakRssKiB();
    const rssAtEnd = rssKiB(worker.process.pid!);
    await sleep(1000); // the last machine runs reach visibility
    const deltas = historyDeltas(before, await snapshotRuns(capstan.client));

    const ideal = idealCampaign({ waves, maxConcurrency, perClusterMs, soakMs: soakSeconds * 1000 });
    const floorIdeal = idealCampaign({ waves, maxConcurrency, perClusterMs: floorMs, soakMs: soakSeconds * 1000 });
    const nameOf = (d: RunDelta) => d.workflowId.split('/').slice(2).join('/');
    const fleetRe = new RegExp(`^${suite}-f\\d+(-|$)`);
    const calRe = new RegExp(`^${suite}-c\\d+(-|$)`);
    const campaignRuns = deltas.filter((d) => d.workflowId === campaignWorkflowId(campaignName));
    const clusterRuns = deltas.filter((d) => fleetRe.test(nameOf(d)));
    const idleRuns = deltas.filter((d) => calRe.test(nameOf(d)));
    const campaignEvents = sum(campaignRuns);
    const clusterEvents = sum(clusterRuns);
    const durations = stats(final.waves.flatMap((w) => w.clusters).map((c) => (c.durationSeconds ?? NaN) * 1000).filter(Number.isFinite));

    console.log(`\ncampaign ${campaignWorkflowId(campaignName)}: ${final.phase}, ${final.counts.Succeeded}/${final.counts.total} succeeded, ${final.counts.Failed} failed, ${final.counts.Skipped} skipped`);
    console.log(`  ideal = Σ over waves ceil(clusters / maxConcurrency) × slowest single-cluster upgrade alone + soaks = ${idealFormula(ideal.waves, perClusterMs)}`);
    console.log(`  (with the latency floor ${sec(floorMs)} instead of the measured single upgrade: ${idealFormula(floorIdeal.waves, floorMs)})`);
    console.log(
      `  measured (start → result): ${sec(wallMs)}; by the campaign's own clock ${sec(Date.parse(final.finishedAt ?? '') - Date.parse(final.startedAt))}`,
    );
    console.log(
      `  per-cluster upgrade inside the campaign (campaign's timings): mean ${sec(durations.meanMs)}, p95 ${sec(durations.p95Ms)}, max ${sec(durations.maxMs)} (alone: ${sec(perClusterMs)})`,
    );
    console.log(
      `  concurrency: ${obs.observations} observations, most upgrading at once per wave — campaign status ${waveOrder.map((w) => `${w}:${obs.maxUpgrading.get(w) ?? 0}/${caps.get(w)}`).join(' ')}, clusters' own account ${waveOrder.map((w) => `${w}:${obs.maxInFlight.get(w) ?? 0}`).join(' ')}; violations ${obs.violations.size === 0 ? 'none' : [...obs.violations].map(([m, k]) => `${m} (×${k})`).join('; ')}`,
    );
    console.log(
      `  history events: campaign ${campaignEvents} in ${campaignRuns.length} run(s) = ${(campaignEvents / n).toFixed(1)} per cluster; cluster side ${clusterEvents} in ${clusterRuns.length} runs = ${(clusterEvents / n).toFixed(1)} per cluster upgraded`,
    );
    for (const t of deltasByType(clusterRuns)) {
      console.log(`    ${pad(t.type, 28)}${String(t.runs).padStart(5)} runs ${String(t.events).padStart(7)} events  (${(t.events / n).toFixed(1)} per cluster, ${(t.events / t.runs).toFixed(1)} per run)`);
    }
    console.log(`    (idle, already-upgraded calibration clusters over the same interval: ${(sum(idleRuns) / calibrations).toFixed(1)} events per cluster)`);

    const ratio = wallMs / ideal.totalMs;
    console.log('\nsummary');
    console.log(`  ${pad('clusters', 10)}${pad('wall', 11)}${pad('ideal', 11)}${pad('ratio', 8)}${pad('vs floor', 10)}${pad('events per cluster', 34)}${pad('worker RSS', 24)}fleet create`);
    console.log(
      `  ${pad(String(n), 10)}${pad(sec(wallMs, 1), 11)}${pad(sec(ideal.totalMs, 1), 11)}${pad(ratio.toFixed(3), 8)}${pad((wallMs / floorIdeal.totalMs).toFixed(3), 10)}${pad(`${(campaignEvents / n).toFixed(1)} campaign + ${(clusterEvents / n).toFixed(1)} cluster`, 34)}${pad(`${(peakRss / 1024).toFixed(0)} MiB peak, ${(rssAtEnd / 1024).toFixed(0)} end`, 24)}${sec(tReady - tCreate, 1)}`,
    );
    if (obs.violations.size > 0) failure = `the concurrency cap was exceeded (${obs.violations.size} distinct violation(s), see above)`;
    else if (final.phase !== 'Completed') failure = `the campaign ended ${final.phase}`;

    // ---- 4. clean up ----
    if (opts.keep) {
      console.log(`\n  --keep: clusters kept; Temporal at ${server.address}, sim at ${sim.url}; Ctrl-C to stop`);
      await new Promise((r) => process.once('SIGINT', r));
    } else {
      const tDel = Date.now();
      const failed = await deleteAll(capstan, [...fleet.map((f) => f.cluster), ...calibration]);
      console.log(`  clusters deleted in ${sec(Date.now() - tDel, 1)}${failed.length ? `; ${failed.length} failed: ${failed.slice(0, 3).join('; ')}` : ''}`);
    }
    console.log(`  benchmark wall time ${sec(Date.now() - wallStart, 0)}`);
  } finally {
    await capstan.close();
    await worker.stop();
    await sim.close();
    await server.stop();
  }
  if (failure) {
    console.error(`\nbench:campaign FAILED: ${failure}`);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
