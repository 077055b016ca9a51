import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { compileManifestText } from '../../shared/model';
import { machinesOf, startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';

const ROOT = join(__dirname, '..', '..');

/** The real worker process (`workers/main.ts`), so SIGKILL kills it the way an OOM or node loss would. */
function spawnWorker(h: Harness): ChildProcess {
  return spawn(process.execPath, [join(ROOT, 'bin', 'run-ts'), join(ROOT, 'workers', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: h.address,
      CAPSTAN_TASK_QUEUE: h.taskQueue,
      CAPSTAN_SIM_URL: h.simUrl,
      CAPSTAN_POLL_INTERVAL_MS: '50',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function kill(p: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once('exit', () => resolve());
    p.kill('SIGKILL');
  });
}

describe('a worker killed with SIGKILL mid-create', () => {
  let h: Harness;
  const procs: ChildProcess[] = [];
  beforeAll(async () => {
    // Slow enough that the kills land while machines are provisioning.
    h = await startHarness({ startWorkers: false, latencies: { clusterInfraMs: 300, provisionMs: 1500, bootMs: 500, deleteMs: 200 } });
  });
  afterAll(async () => {
    await Promise.all(procs.map(kill));
    await h.stop();
  });

  it('converges after restarts with no twin machines', async () => {
    const name = uniqueName('crash');
    const { clusters } = compileManifestText(simClusterYaml({ name, cpReplicas: 3, workers: 3 }), 'crash.yaml');
    const desired = clusters[0]!;
    procs.push(spawnWorker(h));
    await h.capstan.apply(desired);

    // Kill 1: while the first control-plane machine is provisioning.
    await until(async () => machinesOf(await h.world(), name).length >= 1, 60_000, 'the first machine');
    await kill(procs[procs.length - 1]!);
    procs.push(spawnWorker(h));

    // Kill 2: while workers are being created (after the control plane initialised).
    await until(async () => machinesOf(await h.world(), name).some((m) => m.name.includes('-md-0-')), 90_000, 'worker machines');
    await kill(procs[procs.length - 1]!);
    procs.push(spawnWorker(h));

    const d = await h.capstan.waitForReady(desired, { timeoutMs: 120_000 });
    const declared = [...d.controlPlane!.machines, ...d.machineDeployments.flatMap((md) => md.machines)].map((m) => m.name).sort();
    const inCloud = machinesOf(await h.world(), name).map((m) => m.name).sort();
    expect(declared).toHaveLength(6);
    expect(inCloud).toEqual(declared); // no twins, nothing leaked
  });
});
