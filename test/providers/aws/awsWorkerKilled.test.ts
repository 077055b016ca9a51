/**
 * A worker process SIGKILLed in the middle of a create — after RunInstances reached EC2, before
 * the answer came back — and another worker doing the same create afterwards: one instance, no
 * leak after delete. moto ignores ClientToken, so this proves the tag lookup alone holds.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { AwsInfrastructureProvider } from '../../../activities/providers/aws';
import { startMotoServer, type MotoServer } from './motoServer';
import { startFaultProxy, type FaultProxy } from './faultProxy';
import { CLUSTER, instancesOfMachine, leftovers, machineRequest, makeProvider } from './fixtures';

let moto: MotoServer;
let proxy: FaultProxy;
let aws: AwsInfrastructureProvider;

beforeAll(async () => {
  moto = await startMotoServer({ MOTO_ENABLE_AMI_VALIDATION: 'true' });
  proxy = await startFaultProxy(moto.url);
  aws = makeProvider(moto.url);
});

afterAll(async () => {
  aws?.destroy();
  await proxy?.stop();
  await moto?.stop();
});

afterEach(async () => {
  expect(await leftovers(aws.clients)).toEqual([]);
});

test('worker killed mid-create: the next worker adopts the instance; nothing leaks', async () => {
  const repo = resolve(__dirname, '../../..');
  proxy.inject({ action: 'RunInstances', times: 1, mode: 'hang', status: 0, code: '' });
  const child = spawn(
    process.execPath,
    ['bin/run-ts', 'test/providers/aws/ensureMachineChild.ts', proxy.url, 'm-killed'],
    {
      cwd: repo,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((r) =>
    child.once('exit', (code, signal) => r(signal ?? code)),
  );

  // Wait until the launch has reached moto (the instance exists) while the child still waits.
  const deadline = Date.now() + 60_000;
  while ((await instancesOfMachine(aws.clients, 'm-killed')).length === 0) {
    if (child.exitCode !== null) throw new Error(`child exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`child never launched:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect(output).toBe(''); // it never learnt what it made

  // The next worker, through the same proxy (its one fault is used up).
  const next = makeProvider(proxy.url);
  try {
    const status = await next.ensureMachine(machineRequest('m-killed'));
    const left = await instancesOfMachine(aws.clients, 'm-killed');
    expect(left).toHaveLength(1);
    expect(status.providerID).toContain(left[0]!.InstanceId);
    expect(proxy.count('RunInstances')).toBe(1); // found by tag: nothing launched after the kill
  } finally {
    next.destroy();
  }
  expect(await aws.deleteMachine(CLUSTER, 'm-killed')).toBe(true);
});
