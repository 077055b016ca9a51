/**
 * How the AWS provider fails, against a real moto_server: terminal errors (bad spec, bad
 * credentials) surface as non-retryable ApplicationFailures naming the field and the AWS code;
 * transient ones (throttling, 5xx, a lost answer, no endpoint) are retried — by the SDK inside
 * the call, or by Temporal once the activity throws a retryable failure — without twins.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { AwsInfrastructureProvider } from '../../../activities/providers/aws';
import { startMotoServer, freePort, type MotoServer } from './motoServer';
import { startFaultProxy, type FaultProxy } from './faultProxy';
import {
  CLUSTER,
  clusterTemplate,
  deleteClusterUntilGone,
  instancesOfMachine,
  leftovers,
  machineRequest,
  makeProvider,
} from './fixtures';

let moto: MotoServer;
let proxy: FaultProxy;
let aws: AwsInfrastructureProvider;
/** the same provider with the SDK's own retries off, so the first failure reaches the activity */
let once: AwsInfrastructureProvider;

beforeAll(async () => {
  moto = await startMotoServer({ MOTO_ENABLE_AMI_VALIDATION: 'true' });
  proxy = await startFaultProxy(moto.url);
  aws = makeProvider(proxy.url);
  once = makeProvider(proxy.url, { maxAttempts: 1 });
});

afterAll(async () => {
  aws?.destroy();
  once?.destroy();
  await proxy?.stop();
  await moto?.stop();
});

beforeEach(async () => {
  await moto.reset();
  proxy.clear();
});

afterEach(async () => {
  expect(await leftovers(aws.clients)).toEqual([]);
});

async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ApplicationFailure))
    throw new Error(`expected an ApplicationFailure, got ${String(err)}`);
  return err;
}

describe('aws provider: terminal errors', () => {
  test.each([
    ['a bad AMI', { ami: { id: 'ami-0000000000bad' } }, 'spec.ami.id', 'InvalidAMIID.NotFound'],
    ['a bad subnet', { subnet: { id: 'subnet-0000bad' } }, 'spec.subnet', 'InvalidSubnetID.NotFound'],
    [
      'a bad security group',
      { additionalSecurityGroups: [{ id: 'sg-0000bad' }] },
      'spec.additionalSecurityGroups',
      'InvalidGroup.NotFound',
    ],
  ])(
    '%s is InvalidSpec, non-retryable, naming the field and the AWS code',
    async (_what, spec, field, code) => {
      const f = await failureOf(aws.ensureMachine(machineRequest('m-bad', { spec })));
      expect(f).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
      expect(f.message).toContain(`${field} of AWSMachineTemplate/dev-cluster-01-md-0`);
      expect(f.message).toContain(code);
      expect(f.message).toContain('RunInstances for machine team-a/m-bad');
      expect(f.details?.[0]).toMatchObject({
        operation: 'RunInstances',
        awsErrorCode: code,
        httpStatus: 400,
        field,
      });
      expect(proxy.count('RunInstances')).toBe(1); // the SDK did not retry it either
      expect(await instancesOfMachine(aws.clients, 'm-bad')).toEqual([]);
    },
  );

  test('refused credentials are AuthFailed, non-retryable, for EC2 and ELBv2 alike', async () => {
    await moto.setAuthChecks(true); // from now on moto checks access keys; ours are unknown to its IAM
    try {
      const m = await failureOf(aws.ensureMachine(machineRequest('m-auth')));
      expect(m).toMatchObject({ type: 'AuthFailed', nonRetryable: true });
      expect(m.message).toMatch(
        /DescribeInstances for machine team-a\/m-auth was refused for the credentials \(AuthFailure: .+\); check the worker's AWS credentials/,
      );
      const c = await failureOf(
        aws.ensureClusterInfrastructure({ cluster: CLUSTER, infrastructure: clusterTemplate(), labels: {} }),
      );
      expect(c).toMatchObject({ type: 'AuthFailed', nonRetryable: true });
      const d = await failureOf(aws.deleteMachine(CLUSTER, 'm-auth'));
      expect(d).toMatchObject({ type: 'AuthFailed', nonRetryable: true });
    } finally {
      await moto.setAuthChecks(false);
    }
  });

  test('an AWSCluster in another region than the worker is refused before any call', async () => {
    const f = await failureOf(
      aws.ensureClusterInfrastructure({
        cluster: CLUSTER,
        infrastructure: clusterTemplate({ region: 'eu-west-1' }),
        labels: {},
      }),
    );
    expect(f).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
    expect(f.message).toMatch(
      /spec\.region is eu-west-1 but this worker's aws provider is configured for us-east-1 \(AWS_REGION\)/,
    );
    expect(proxy.count('DescribeSubnets')).toBe(0);
  });
});

describe('aws provider: transient errors are retried without twins', () => {
  test('throttled once: the SDK backs off and retries inside the call', async () => {
    proxy.inject({
      action: 'RunInstances',
      times: 1,
      mode: 'reject',
      status: 503,
      code: 'RequestLimitExceeded',
    });
    const status = await aws.ensureMachine(machineRequest('m-throttle'));
    expect(status.state).toBe('running');
    expect(proxy.count('RunInstances')).toBe(2);
    expect(await instancesOfMachine(aws.clients, 'm-throttle')).toHaveLength(1);
    expect(await aws.deleteMachine(CLUSTER, 'm-throttle')).toBe(true);
  });

  test('throttled past the SDK retries: a retryable ProviderUnavailable; the activity retry then succeeds', async () => {
    proxy.inject({
      action: 'RunInstances',
      times: 1,
      mode: 'reject',
      status: 503,
      code: 'RequestLimitExceeded',
    });
    const f = await failureOf(once.ensureMachine(machineRequest('m-throttle-2')));
    expect(f).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
    expect(f.message).toMatch(
      /RunInstances for machine team-a\/m-throttle-2 was throttled \(RequestLimitExceeded: .+\); will retry/,
    );
    // What Temporal does next: run the activity again.
    expect((await once.ensureMachine(machineRequest('m-throttle-2'))).state).toBe('running');
    expect(await instancesOfMachine(aws.clients, 'm-throttle-2')).toHaveLength(1);
    expect(await once.deleteMachine(CLUSTER, 'm-throttle-2')).toBe(true);
  });

  test('the create happened but its answer was lost: the retry adopts the instance by tag', async () => {
    proxy.inject({
      action: 'RunInstances',
      times: 1,
      mode: 'lose-response',
      status: 500,
      code: 'InternalError',
    });
    const f = await failureOf(once.ensureMachine(machineRequest('m-lost')));
    expect(f).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
    expect(await instancesOfMachine(aws.clients, 'm-lost')).toHaveLength(1); // it exists, unknown to the caller
    const status = await once.ensureMachine(machineRequest('m-lost'));
    expect(status.state).toBe('running');
    expect(proxy.count('RunInstances')).toBe(1); // found by tag: no second launch
    expect(await instancesOfMachine(aws.clients, 'm-lost')).toHaveLength(1);
    expect(await once.deleteMachine(CLUSTER, 'm-lost')).toBe(true);
  });

  test('lost answer + SDK retry: same ClientToken twice (real EC2 dedupes, moto does not); the twin is removed', async () => {
    proxy.inject({
      action: 'RunInstances',
      times: 1,
      mode: 'lose-response',
      status: 500,
      code: 'InternalError',
    });
    const status = await aws.ensureMachine(machineRequest('m-lost-2'));
    expect(proxy.count('RunInstances')).toBe(2);
    const left = await instancesOfMachine(aws.clients, 'm-lost-2');
    expect(left).toHaveLength(1);
    expect(status.providerID).toContain(left[0]!.InstanceId);
    expect(await aws.deleteMachine(CLUSTER, 'm-lost-2')).toBe(true);
    // Both launches carried the same deterministic token: on EC2 the second would have answered the first.
    const { DescribeInstancesCommand } = await import('@aws-sdk/client-ec2');
    const all = await aws.clients.ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'tag:capstan.io/machine', Values: ['m-lost-2'] }] }),
    );
    const tokens = new Set(
      (all.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => i.ClientToken),
    );
    expect([...tokens]).toHaveLength(1);
  });

  test('a throttled TerminateInstances is retried; the delete then completes', async () => {
    await aws.ensureMachine(machineRequest('m-del-throttle'));
    proxy.inject({
      action: 'TerminateInstances',
      times: 1,
      mode: 'reject',
      status: 503,
      code: 'RequestLimitExceeded',
    });
    const f = await failureOf(once.deleteMachine(CLUSTER, 'm-del-throttle'));
    expect(f).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
    expect(await once.deleteMachine(CLUSTER, 'm-del-throttle')).toBe(true);
  });

  test('ELBv2 throttling on CreateLoadBalancer is retryable; the next ensure creates it once', async () => {
    proxy.inject({ action: 'CreateLoadBalancer', times: 1, mode: 'reject', status: 400, code: 'Throttling' });
    const request = { cluster: CLUSTER, infrastructure: clusterTemplate(), labels: {} };
    const f = await failureOf(once.ensureClusterInfrastructure(request));
    expect(f).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
    expect(f.message).toMatch(
      /CreateLoadBalancer for cluster team-a\/dev-cluster-01 was throttled \(Throttling/,
    );
    let status = await once.ensureClusterInfrastructure(request);
    for (let i = 0; i < 5 && !status.provisioned; i++)
      status = await once.ensureClusterInfrastructure(request);
    expect(status.provisioned).toBe(true);
    expect(proxy.count('CreateLoadBalancer')).toBe(2);
    await deleteClusterUntilGone(once);
  });

  test('no endpoint answering: a retryable ProviderUnavailable naming the connection error', async () => {
    const nowhere = makeProvider(`http://127.0.0.1:${await freePort()}`, { maxAttempts: 1 });
    try {
      const f = await failureOf(nowhere.describeMachine(CLUSTER, 'm-any'));
      expect(f).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
      expect(f.message).toMatch(
        /DescribeInstances for machine team-a\/m-any failed transiently \(ECONNREFUSED/,
      );
    } finally {
      nowhere.destroy();
    }
  });
});
