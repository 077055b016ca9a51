/**
 * A control-plane surge upgrade on the Docker provider, with REAL etcd, keeping quorum throughout.
 *
 * The seed's cluster (3 control-plane replicas here, no workers) is applied through the real
 * cluster workflow on the real Docker Engine, with CAPSTAN_DOCKER_REAL_ETCD: each control-plane
 * container runs the image's Debian etcd, started the way kubeadm would (the first one a new
 * cluster; the others added as learners and promoted — etcdStandIn.ts), and KCP reads, moves the
 * leadership of and removes members of THAT etcd. Nodes and Pods stay simulated (no kubelet in
 * the test image: the kubelet stand-in registers them, see fixtures.ts).
 *
 * Upgrading v1.31.4 → v1.32.0 replaces the three machines one by one (3 → 4 → 3, CAPI's surge).
 * Throughout, a poller reads the real etcd through the current control-plane containers every
 * ~150 ms: a quorum of voting members is always healthy, there are never more than 4 voting
 * members, and the final members are exactly the three new machines.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DockerEtcdStandIn } from '../../../activities/providers/docker';
import type { EtcdMemberView } from '../../../activities/etcd';
import { compileManifestText } from '../../../shared/model';
import type { Harness } from '../../workflows/harness';
import { RUN_ID, cleanupAll, leftovers, makeProvider, startDockerHarness } from './fixtures';

const SEED = resolve(__dirname, '../../fixtures/seed/dev-cluster-01.yaml');
const NAME = `etcd-surge-${RUN_ID}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let h: Harness;

beforeAll(async () => {
  h = await startDockerHarness({ realEtcd: true });
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await cleanupAll();
}, 120_000);

interface Sample {
  at: number;
  voters: number;
  healthyVoters: number;
  learners: number;
  names: string[];
  error?: string;
}

test('KCP surge upgrade on real containers keeps real etcd quorum at every poll; each machine replaced once', async () => {
  // The seed, renamed, with 3 control-plane replicas and no workers (etcd is the point here).
  const yaml = readFileSync(SEED, 'utf8')
    .replaceAll('dev-cluster-01', NAME)
    .replace(/(kind: KubeadmControlPlane\n[\s\S]*?spec:\n  replicas: )1/, '$13')
    .replace(/(kind: MachineDeployment\n[\s\S]*?spec:\n[\s\S]*?  replicas: )2/, '$10');
  const { clusters, issues } = compileManifestText(yaml, `${NAME}.yaml`);
  expect(issues).toEqual([]);
  const desired = clusters[0]!;
  expect([desired.controlPlane.replicas, desired.machineDeployments[0]!.replicas]).toEqual([3, 0]);
  const key = { namespace: desired.namespace, name: desired.name };

  await h.capstan.apply(desired);
  const before = await h.capstan.waitForReady(key, { timeoutMs: 180_000 });
  const oldMachines = before.controlPlane!.machines.map((m) => m.name).sort();
  expect(oldMachines).toHaveLength(3);

  // Real etcd: one voting member per machine, named after it (kubeadm names members after nodes).
  const etcd = new DockerEtcdStandIn(makeProvider());
  const members = async (): Promise<EtcdMemberView[]> => (await etcd.client(key)).memberList();
  const initial = await members();
  expect(initial.map((m) => [m.name, m.isLearner, m.healthy]).sort()).toEqual(oldMachines.map((n) => [n, false, true]));

  const samples: Sample[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const t = Date.now();
      try {
        const list = await members();
        const voters = list.filter((m) => !m.isLearner);
        samples.push({ at: t, voters: voters.length, healthyVoters: voters.filter((m) => m.healthy).length, learners: list.length - voters.length, names: list.map((m) => m.name).sort() });
      } catch (err) {
        samples.push({ at: t, voters: 0, healthyVoters: 0, learners: 0, names: [], error: (err as Error).message });
      }
      await sleep(Math.max(0, 150 - (Date.now() - t)));
    }
  })();

  const started = Date.now();
  let after;
  try {
    await sleep(500); // a baseline before anything changes
    const r = await h.capstan.upgrade(key, { version: 'v1.32.0' });
    after = await h.capstan.waitFor(
      key,
      (d) => d.ready && d.observedGeneration >= r.generation && d.controlPlane!.machines.every((m) => m.version === 'v1.32.0'),
      { timeoutMs: 300_000 },
    );
    await sleep(1000); // keep watching after the last old member is gone
  } finally {
    polling = false;
    await poller;
  }
  const newMachines = after.controlPlane!.machines.map((m) => m.name).sort();
  console.log(
    `docker KCP surge with real etcd: ${Date.now() - started} ms, ${samples.length} polls, ` +
      `max ${Math.max(...samples.map((s) => s.voters))} voting member(s), min ${Math.min(...samples.map((s) => s.healthyVoters))} healthy`,
  );

  // Quorum at every poll: a majority of the voting members healthy, and never more than replicas + 1 voters.
  const lost = samples.filter((s) => s.error !== undefined || s.healthyVoters < Math.floor(s.voters / 2) + 1);
  expect(lost).toEqual([]);
  expect(samples.length).toBeGreaterThan(20);
  expect(Math.max(...samples.map((s) => s.voters))).toBe(4);
  expect(samples.every((s) => s.voters >= 3)).toBe(true);
  // every machine replaced exactly once: three new ones, none of the old; etcd holds exactly them
  expect(newMachines).toHaveLength(3);
  expect(newMachines.filter((n) => oldMachines.includes(n))).toEqual([]);
  const final = await members();
  expect(final.map((m) => [m.name, m.isLearner, m.healthy]).sort()).toEqual(newMachines.map((n) => [n, false, true]));
  // surge, never shrink first: no poll saw fewer than 3 voting members (checked above), and the
  // membership went through the 4-member states of all three replacements
  const fourMemberSets = new Set(samples.filter((s) => s.voters === 4).map((s) => s.names.join(',')));
  expect(fourMemberSets.size).toBeGreaterThanOrEqual(3);

  await h.capstan.delete(key, { wait: true });
  expect(await leftovers({ 'capstan.io/cluster': NAME })).toEqual([]);
}, 600_000);
