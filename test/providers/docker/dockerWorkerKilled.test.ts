/**
 * A worker process SIGKILLed in the middle of a create, at the two places where the engine holds
 * something half-made, and another worker carrying on: one container per machine, bootstrapped
 * once, and nothing left (listed by label) after the delete.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { DockerInfrastructureProvider } from '../../../activities/providers/docker';
import { startDockerFaultProxy, type DockerFaultProxy } from './dockerFaultProxy';
import {
  CLUSTER,
  PREFIX,
  RUN_ID,
  assertDockerAnswers,
  buildTestImage,
  cleanupAll,
  leftovers,
  machineRequest,
  makeProvider,
  sh,
  waitForState,
} from './fixtures';

let proxy: DockerFaultProxy;
let provider: DockerInfrastructureProvider;

beforeAll(async () => {
  await assertDockerAnswers();
  await buildTestImage();
  proxy = await startDockerFaultProxy();
  provider = makeProvider();
}, 60_000);

afterAll(async () => {
  await proxy?.stop();
  await cleanupAll();
}, 60_000);

afterEach(async () => {
  expect(await leftovers()).toEqual([]);
});

/** Starts the child worker, waits until `reached` holds, then SIGKILLs it. */
async function killChildWhen(machine: string, reached: () => Promise<boolean>): Promise<void> {
  const child = spawn(
    process.execPath,
    ['bin/run-ts', 'test/providers/docker/ensureMachineChild.ts', String(proxy.port), machine],
    {
      cwd: resolve(__dirname, '../../..'),
      env: { ...process.env, CAPSTAN_DOCKER_TEST_RUN_ID: RUN_ID },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((r) =>
    child.once('exit', (code, signal) => r(signal ?? code)),
  );
  const deadline = Date.now() + 60_000;
  while (!(await reached())) {
    if (child.exitCode !== null) throw new Error(`child exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`child never got there:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect(output).toBe(''); // it never learnt what it made
}

test('killed after the create, before the rename: the next worker removes the staging container and makes one', async () => {
  const machine = 'm-killed-rename';
  proxy.inject({ method: 'POST', path: /^\/containers\/[^/]+\/rename/, mode: 'hang', times: 1 });
  // killed while it waits for the rename: the staging container is made and filled
  await killChildWhen(machine, async () =>
    proxy.seen.some((r) => /^POST \/containers\/[^/]+\/rename/.test(r)),
  );
  expect(
    (await leftovers({ 'capstan.io/machine': machine })).map((n) => n.replace(/[0-9a-f]{8}$/, '<nonce>')),
  ).toEqual([`${PREFIX}dev-cluster-01-${machine}-staging-<nonce>`]);
  const status = await provider.ensureMachine(machineRequest(machine));
  expect(status.providerID).toBe(`docker:////${PREFIX}dev-cluster-01-${machine}`);
  expect(await leftovers({ 'capstan.io/machine': machine })).toEqual([`${PREFIX}dev-cluster-01-${machine}`]);
  expect((await waitForState(provider, machine, ['running', 'failed'])).state).toBe('running');
  expect(await provider.deleteMachine(CLUSTER, machine)).toBe(true);
});

test("killed after the rename, before the start: the next worker's wait starts it and runs the bootstrap once", async () => {
  const machine = 'm-killed-start';
  const name = `${PREFIX}dev-cluster-01-${machine}`;
  proxy.inject({ method: 'POST', path: /^\/containers\/[^/]+\/start/, mode: 'hang', times: 1 });
  await killChildWhen(machine, async () =>
    proxy.seen.some((r) => /^POST \/containers\/[^/]+\/start/.test(r)),
  );
  // As the activities do after a crash: describe finds it (so no second create), the wait resumes it.
  expect((await provider.describeMachine(CLUSTER, machine)).state).toBe('pending');
  expect((await waitForState(provider, machine, ['running', 'failed'])).state).toBe('running');
  expect(await leftovers({ 'capstan.io/machine': machine })).toEqual([name]);
  expect((await sh(name, 'cat /var/log/kubeadm-stand-in.log')).output).toBe(
    'kubeadm join --config /run/kubeadm/kubeadm-join-config.yaml\n',
  );
  expect(await provider.deleteMachine(CLUSTER, machine)).toBe(true);
});
