/**
 * Crash: the worker process (`workers/main.ts`) is SIGKILLed at seeded random points of a
 * KubeadmControlPlane upgrade and of a MachineDeployment rollout, then restarted; the cluster still
 * converges with the invariants intact and no twin machines.
 *
 * The kill points come from a seeded PRNG: 2–3 kills, each uniformly 200–2500 ms after the previous
 * restart became ready (the first after the apply that starts the operation), the worker restarted
 * 100–500 ms after each kill. The seed is printed; CAPSTAN_CRASH_SEED=<n> (with `-t "KCP upgrade"` or `-t "MD rollout"` to pick the
 * test) replays a run's kill plan — its delays; how they interleave with the workflows is still up
 * to timing. On failure the seed, the kill plan, the workers' last output, the last description and
 * the directory of the dumped workflow histories are printed; CAPSTAN_CRASH_DUMP=1 dumps them on
 * success too.
 *
 * Slow by nature: each restart rebuilds the workflow bundle (seconds), a workflow task on the dead
 * worker waits out its 10 s timeout, and an activity the dead worker had picked up waits out its
 * start-to-close timeout (1 min for the quick ones) before it is retried.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimClient } from '../../activities/providers/sim/simClient';
import type { SimWorldView } from '../../activities/providers/sim/simApi';
import { compileManifestText } from '../../shared/model';
import type { DesiredCluster } from '../../shared/model/desired';
import type { ClusterDescription, MachineStatus } from '../../shared/status/types';
import {
  crashSeed,
  dumpHistories,
  killAndRestart,
  runningWorkflowIds,
  seededRandom,
  sleep,
  startWorkerProcess,
  summarizeDescription,
  tryDescribe,
  waitForTolerant,
  type KillEvent,
  type WorkerProcess,
} from './crashChaos';
import { watchEtcd as watchEtcdMembers, type EtcdWatch } from './etcdWatch';
import { startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';

/** Generous: each kill can strand an in-flight activity until its start-to-close timeout (1 min). */
const CONVERGE_MS = 180_000;

function compileOne(yaml: string): DesiredCluster {
  const { clusters, issues } = compileManifestText(yaml, 'crash-upgrade.yaml');
  expect(issues).toEqual([]);
  return clusters[0]!;
}

async function worldView(h: Harness): Promise<SimWorldView> {
  const r = await fetch(`${h.simUrl}/v1/world`);
  if (!r.ok) throw new Error(`GET /v1/world: ${r.status}`);
  return (await r.json()) as SimWorldView;
}

/** Every watcher loop started, so afterEach stops them even when a test failed half-way. */
const loops: Array<{ stop(): Promise<void> }> = [];

/** A loop every `intervalMs` until stopped; `tick` errors are the caller's to count. */
function every(intervalMs: number, tick: () => Promise<void>): { stop(): Promise<void> } {
  let running = true;
  const loop = (async () => {
    while (running) {
      await tick();
      await sleep(intervalMs);
    }
  })();
  const handle = {
    stop: async () => {
      running = false;
      await loop;
    },
  };
  loops.push(handle);
  return handle;
}

/** The shared etcd watcher, registered so a failing test still stops it. */
function watchEtcd(sim: SimClient, cluster: { namespace: string; name: string }): EtcdWatch {
  const w = watchEtcdMembers(sim, cluster);
  loops.push(w);
  return w;
}

interface WorldWatch {
  samples: number;
  failures: number;
  maxTotal: number;
  maxControlPlane: number;
  maxWorkers: number;
  /** fewest worker instances running and not being deleted */
  minRunningWorkers: number;
  /** the sample with the most machines, for the failure message */
  worst: string;
  stop(): Promise<void>;
}

/** The sim world every ~25 ms: the cloud's own count of instances, which needs no worker. */
function watchWorld(h: Harness, cluster: string): WorldWatch {
  const w: WorldWatch = {
    samples: 0,
    failures: 0,
    maxTotal: 0,
    maxControlPlane: 0,
    maxWorkers: 0,
    minRunningWorkers: Number.MAX_SAFE_INTEGER,
    worst: '',
    stop: async () => undefined,
  };
  const loop = every(25, async () => {
    try {
      const machines = (await worldView(h)).machines.filter((m) => m.cluster === cluster);
      w.samples++;
      const cp = machines.filter((m) => m.role === 'control-plane').length;
      const workers = machines.filter((m) => m.role !== 'control-plane');
      if (machines.length > w.maxTotal)
        w.worst = machines.map((m) => `${m.name}:${m.state}:${m.version}`).join(' ');
      w.maxTotal = Math.max(w.maxTotal, machines.length);
      w.maxControlPlane = Math.max(w.maxControlPlane, cp);
      w.maxWorkers = Math.max(w.maxWorkers, workers.length);
      w.minRunningWorkers = Math.min(
        w.minRunningWorkers,
        workers.filter((m) => m.state === 'running' && !m.deletionRequestedAt).length,
      );
    } catch {
      w.failures++;
    }
  });
  w.stop = () => loop.stop();
  return w;
}

interface DescribeWatch {
  answered: number;
  unanswered: number;
  maxControlPlane: number;
  maxMdMachines: number;
  /** fewest MachineDeployment machines Running and not being deleted */
  minMdAvailable: number;
  last: ClusterDescription | undefined;
  stop(): Promise<void>;
}

/** describe every ~25 ms; a query fails while no worker runs, so only answered ones count. */
function watchDescribe(h: Harness, key: { namespace: string; name: string }): DescribeWatch {
  const w: DescribeWatch = {
    answered: 0,
    unanswered: 0,
    maxControlPlane: 0,
    maxMdMachines: 0,
    minMdAvailable: Number.MAX_SAFE_INTEGER,
    last: undefined,
    stop: async () => undefined,
  };
  const loop = every(25, async () => {
    const d = await tryDescribe(h, key);
    if (!d) {
      w.unanswered++;
      return;
    }
    w.answered++;
    w.last = d;
    w.maxControlPlane = Math.max(w.maxControlPlane, d.controlPlane?.machines.length ?? 0);
    const md = d.machineDeployments[0];
    if (md) {
      w.maxMdMachines = Math.max(w.maxMdMachines, md.machines.length);
      w.minMdAvailable = Math.min(
        w.minMdAvailable,
        md.machines.filter((m) => m.phase === 'Running' && !m.deletionRequestedAt).length,
      );
    }
  });
  w.stop = () => loop.stop();
  return w;
}

/** One line per test run (seed, kills, what the watchers saw), so a passing run can be compared. */
function progress(test: string, seed: number, since: number, events: KillEvent[], seen: unknown): void {
  process.stdout.write(
    `[${test}] seed ${seed}: converged ${Date.now() - since} ms after the apply; watchers ${JSON.stringify(seen)}\n` +
      events
        .map(
          (e) =>
            `  kill ${e.kill}: +${e.atMs}ms (delay ${e.delayMs}, down ${e.downMs}, restart ${e.restartMs}ms) world: ${e.worldAtKill}\n`,
        )
        .join(''),
  );
}

const allMachines = (d: ClusterDescription): MachineStatus[] => [
  ...(d.controlPlane?.machines ?? []),
  ...d.machineDeployments.flatMap((md) => md.machines),
];

/**
 * Waits until the dust settles (instances being deleted are gone, finished machine workflows
 * closed, visibility caught up), then checks that the sim's instances, the described machines and
 * the running machine workflows are the same set: no twin, nothing leaked, nothing orphaned.
 */
async function expectNoTwins(
  h: Harness,
  key: { namespace: string; name: string },
): Promise<ClusterDescription> {
  let last = { declared: [] as string[], inCloud: [] as string[], states: '', workflows: [] as string[] };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const d = await tryDescribe(h, key, 5_000);
    const world = await worldView(h);
    const machines = world.machines.filter((m) => m.cluster === key.name);
    const workflows = (await runningWorkflowIds(h, `machine/${key.namespace}/${key.name}-`)).map(
      (id) => id.split('/')[2]!,
    );
    if (d) {
      last = {
        declared: allMachines(d)
          .map((m) => m.name)
          .sort(),
        inCloud: machines.map((m) => m.name).sort(),
        states: machines.map((m) => `${m.name}:${m.state}`).join(' '),
        workflows,
      };
      const settled = machines.every((m) => m.state === 'running');
      const same = (a: string[], b: string[]) => JSON.stringify(a) === JSON.stringify(b);
      if (settled && same(last.declared, last.inCloud) && same(last.declared, last.workflows)) return d;
    }
    if (Date.now() > deadline) break;
    await sleep(200);
  }
  // Not settled within a minute: fail with the difference.
  throw new Error(
    `the sim's instances, the described machines and the running machine workflows differ (twins, leaks or orphans):\n` +
      `  described:         ${last.declared.join(' ')}\n` +
      `  sim instances:     ${last.states}\n` +
      `  machine workflows: ${last.workflows.join(' ')}`,
  );
}

describe('crash: the worker SIGKILLed at random points, then restarted', () => {
  let h: Harness;
  let sim: SimClient;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    // Latencies that keep each machine a few hundred ms in flight, so kills land mid-operation;
    // etcd without quorum takes the API server down, as with kubeadm's stacked etcd.
    h = await startHarness({
      startWorkers: false,
      settings: { quorumLossTakesApiServerDown: true },
      latencies: { clusterInfraMs: 50, provisionMs: 300, bootMs: 150, deleteMs: 150 },
    });
    sim = new SimClient(h.simUrl);
  });
  afterEach(async () => {
    await Promise.all(loops.splice(0).map((l) => l.stop()));
    await Promise.all(workers.map((w) => w.kill()));
  });
  afterAll(async () => {
    await Promise.all(loops.splice(0).map((l) => l.stop()));
    await Promise.all(workers.map((w) => w.kill()));
    await h?.stop();
  });

  /** Runs `body`; on failure prints what is needed to replay and diagnose, then fails. */
  async function withDiagnosis(
    test: string,
    seed: number,
    key: { namespace: string; name: string },
    events: KillEvent[],
    body: () => Promise<void>,
  ): Promise<void> {
    const firstWorker = workers.length; // this test's worker processes are the ones after it
    process.stdout.write(
      `[${test}] crash seed ${seed} (replay with CAPSTAN_CRASH_SEED=${seed}), cluster ${key.name}\n`,
    );
    try {
      await body();
      if (process.env.CAPSTAN_CRASH_DUMP === '1') {
        const dir = join(tmpdir(), `capstan-crash-${key.name}`);
        const files = await dumpHistories(h, key, dir);
        process.stdout.write(`[${test}] ${files.length} histories in ${dir}\n`);
      }
    } catch (err) {
      const d = await tryDescribe(h, key);
      const dir = join(tmpdir(), `capstan-crash-${key.name}`);
      const files = await dumpHistories(h, key, dir).catch((e: unknown) => [
        `(history dump failed: ${String(e)})`,
      ]);
      const report = [
        `[${test}] FAILED with crash seed ${seed} (replay: CAPSTAN_CRASH_SEED=${seed}); cluster ${key.namespace}/${key.name}`,
        `kills: ${JSON.stringify(events, null, 1)}`,
        `last description: ${d ? JSON.stringify(summarizeDescription(d), null, 1) : '(no worker answered)'}`,
        `histories (${files.length}) in ${dir}`,
        ...workers.slice(firstWorker).map((w) => `--- worker ${w.label} (last output) ---\n${w.tail(30)}`),
      ].join('\n');
      if (err instanceof Error) err.message = `${err.message}\n\n${report}`;
      throw err;
    }
  }

  it('KCP upgrade 3 × v1.30.5 → v1.31.4: converges, quorum kept, ≤ 4 voting members, 3 instances, no twins', async () => {
    const seed = crashSeed(0x1cb);
    const rng = seededRandom(seed);
    const name = uniqueName('crashkcp');
    const key = { namespace: 'default', name };
    const events: KillEvent[] = [];
    await withDiagnosis('kcp-upgrade', seed, key, events, async () => {
      const yaml = (version: string) =>
        simClusterYaml({ name, cpReplicas: 3, workers: 1, version, workerVersion: 'v1.30.5' });
      const before = compileOne(yaml('v1.30.5'));
      const next = compileOne(yaml('v1.31.4'));
      let worker = await startWorkerProcess(h, 'initial', workers);
      await h.capstan.apply(before);
      const start = await waitForTolerant(h, key, (d) => d.ready, {
        timeoutMs: CONVERGE_MS,
        what: 'the cluster at v1.30.5',
      });
      const oldNames = start.controlPlane!.machines.map((m) => m.name);
      expect(oldNames).toHaveLength(3);
      const workerNames = start.machineDeployments[0]!.machines.map((m) => m.name);
      const createsBefore = (await worldView(h)).stats.machineCreates;

      const etcd = watchEtcd(sim, key);
      const world = watchWorld(h, name);
      const described = watchDescribe(h, key);
      const since = Date.now();
      const r = await h.capstan.apply(next);
      expect(r.changed).toBe(true);
      const kills = rng() < 0.5 ? 2 : 3;
      worker = await killAndRestart({
        h,
        rng,
        kills,
        since,
        cluster: name,
        current: worker,
        all: workers,
        events,
      });
      const final = await waitForTolerant(
        h,
        key,
        (d) =>
          d.ready &&
          d.observedGeneration >= r.generation &&
          d.controlPlane!.machines.length === 3 &&
          d.controlPlane!.machines.every(
            (m) => m.version === 'v1.31.4' && m.phase === 'Running' && !m.deletionRequestedAt,
          ),
        { timeoutMs: CONVERGE_MS, what: 'the control plane at v1.31.4' },
      );
      await Promise.all([etcd.stop(), world.stop(), described.stop()]);
      progress('kcp-upgrade', seed, since, events, {
        etcd: {
          samples: etcd.samples,
          maxVoting: etcd.maxVoting,
          minQuorumMargin: etcd.minQuorumMargin,
          unreadable: etcd.unreadable,
        },
        sim: { samples: world.samples, maxControlPlane: world.maxControlPlane, maxWorkers: world.maxWorkers },
        describe: {
          answered: described.answered,
          unanswered: described.unanswered,
          maxControlPlane: described.maxControlPlane,
        },
      });
      expect(worker.alive).toBe(true);

      // Invariants, as seen from outside (the sim: etcd, instances) during the whole upgrade.
      expect(etcd.samples).toBeGreaterThan(20);
      expect(etcd.minQuorumMargin).toBeGreaterThanOrEqual(0); // quorum at every sample
      expect(etcd.maxVoting).toBeLessThanOrEqual(4); // never beyond replicas + maxSurge
      expect(etcd.unreadable).toBe(0); // the API server never went down
      // (the object shape puts the fullest sample in the failure message)
      expect({
        withinSurge: world.maxControlPlane <= 4,
        maxControlPlane: world.maxControlPlane,
        worst: world.worst,
      }).toMatchObject({ withinSurge: true });
      expect(world.maxWorkers).toBe(1); // the MachineDeployment was never touched
      expect(described.maxControlPlane).toBeLessThanOrEqual(4);

      // The end state.
      const cp = final.controlPlane!;
      expect(cp.machines).toHaveLength(3);
      expect(cp.machines.every((m) => m.version === 'v1.31.4' && !oldNames.includes(m.name))).toBe(true);
      expect(cp.upToDateReplicas).toBe(3);
      const members = (await sim.listEtcdMembers(key))!.items;
      expect(members).toHaveLength(3);
      expect(members.every((m) => !m.isLearner && m.healthy)).toBe(true);
      expect(members.map((m) => m.name).sort()).toEqual(cp.machines.map((m) => m.nodeName).sort());

      // No twins: instances = described machines = running machine workflows, and exactly one
      // instance was ever created per new control-plane machine.
      const settled = await expectNoTwins(h, key);
      expect(settled.controlPlane!.machines.map((m) => m.name).sort()).toEqual(
        cp.machines.map((m) => m.name).sort(),
      );
      expect(settled.machineDeployments[0]!.machines.map((m) => m.name)).toEqual(workerNames);
      const after = await worldView(h);
      expect(after.machines.filter((m) => m.cluster === name && m.role === 'control-plane')).toHaveLength(3);
      expect(after.stats.machineCreates - createsBefore).toBe(3);
    });
  }, 420_000);

  it('MD rollout of 6 workers (maxSurge 2, maxUnavailable 0): converges, bounds held, 6 instances, no twins', async () => {
    const seed = crashSeed(0x3d);
    const rng = seededRandom(seed);
    const name = uniqueName('crashmd');
    const key = { namespace: 'default', name };
    const events: KillEvent[] = [];
    const replicas = 6;
    const maxSurge = 2;
    const maxUnavailable = 0;
    await withDiagnosis('md-rollout', seed, key, events, async () => {
      const yaml = (workerVersion: string) =>
        simClusterYaml({
          name,
          cpReplicas: 1,
          workers: replicas,
          maxSurge,
          maxUnavailable,
          version: 'v1.31.4',
          workerVersion,
        });
      const before = compileOne(yaml('v1.31.3'));
      const next = compileOne(yaml('v1.31.4'));
      let worker = await startWorkerProcess(h, 'initial', workers);
      await h.capstan.apply(before);
      const start = await waitForTolerant(h, key, (d) => d.ready, {
        timeoutMs: CONVERGE_MS,
        what: 'the cluster with 6 workers at v1.31.3',
      });
      const oldNames = start.machineDeployments[0]!.machines.map((m) => m.name);
      expect(oldNames).toHaveLength(replicas);
      const cpNames = start.controlPlane!.machines.map((m) => m.name);
      const createsBefore = (await worldView(h)).stats.machineCreates;

      const world = watchWorld(h, name);
      const described = watchDescribe(h, key);
      const since = Date.now();
      const r = await h.capstan.apply(next);
      expect(r.changed).toBe(true);
      const kills = rng() < 0.5 ? 2 : 3;
      worker = await killAndRestart({
        h,
        rng,
        kills,
        since,
        cluster: name,
        current: worker,
        all: workers,
        events,
      });
      const final = await waitForTolerant(
        h,
        key,
        (d) => {
          const md = d.machineDeployments[0]!;
          return (
            d.ready &&
            d.observedGeneration >= r.generation &&
            md.machines.length === replicas &&
            md.machines.every(
              (m) => m.version === 'v1.31.4' && m.phase === 'Running' && !m.deletionRequestedAt,
            )
          );
        },
        { timeoutMs: CONVERGE_MS, what: 'the MachineDeployment at v1.31.4' },
      );
      await Promise.all([world.stop(), described.stop()]);
      progress('md-rollout', seed, since, events, {
        sim: {
          samples: world.samples,
          maxWorkers: world.maxWorkers,
          minRunningWorkers: world.minRunningWorkers,
          maxTotal: world.maxTotal,
        },
        describe: {
          answered: described.answered,
          unanswered: described.unanswered,
          maxMdMachines: described.maxMdMachines,
          minMdAvailable: described.minMdAvailable,
        },
      });
      expect(worker.alive).toBe(true);

      // CAPI's rollout bounds, from describe (when a worker answered) ...
      expect(described.answered).toBeGreaterThanOrEqual(10); // describe answered between the kills
      expect(described.maxMdMachines).toBeLessThanOrEqual(replicas + maxSurge);
      expect(described.minMdAvailable).toBeGreaterThanOrEqual(replicas - maxUnavailable);
      expect(described.maxControlPlane).toBe(1);
      // ... and from the sim, which saw every instant, dead worker or not.
      expect(world.samples).toBeGreaterThan(20);
      expect({
        withinSurge: world.maxWorkers <= replicas + maxSurge,
        maxWorkers: world.maxWorkers,
        worst: world.worst,
      }).toMatchObject({
        withinSurge: true,
      });
      expect(world.maxTotal).toBeLessThanOrEqual(1 + replicas + maxSurge);
      expect(world.maxControlPlane).toBe(1);
      expect(world.minRunningWorkers).toBeGreaterThanOrEqual(replicas - maxUnavailable);

      // The end state.
      const md = final.machineDeployments[0]!;
      expect(md.machines).toHaveLength(replicas);
      expect(md.machines.every((m) => m.version === 'v1.31.4' && !oldNames.includes(m.name))).toBe(true);

      // No twins: instances = described machines = running machine workflows, and exactly one
      // instance was ever created per new worker.
      const settled = await expectNoTwins(h, key);
      const settledMd = settled.machineDeployments[0]!;
      expect(settledMd.machines.map((m) => m.name).sort()).toEqual(md.machines.map((m) => m.name).sort());
      expect(settled.controlPlane!.machines.map((m) => m.name)).toEqual(cpNames);
      expect(settledMd.machineSets).toHaveLength(1); // the old revision was cleaned up
      const after = await worldView(h);
      expect(after.machines.filter((m) => m.cluster === name && m.role !== 'control-plane')).toHaveLength(
        replicas,
      );
      expect(after.stats.machineCreates - createsBefore).toBe(replicas);
    });
  }, 420_000);
});
