import { loadWorkerConfig } from '../../../../workers/config';
import { providerDeps } from '../../../../workers/providers';
import { AwsInfrastructureProvider } from '../../../../activities/providers/aws';
import { UnavailableWorkloadCluster } from '../../../../activities/providers/unavailableWorkloadCluster';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

describe('worker wiring of the aws provider', () => {
  test('region and endpoint from the environment; CAPSTAN_AWS_ENDPOINT wins over AWS_ENDPOINT_URL', () => {
    expect(loadWorkerConfig({}).aws).toEqual({});
    expect(
      loadWorkerConfig({ AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' }).aws,
    ).toEqual({
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:5000',
    });
    expect(
      loadWorkerConfig({
        AWS_REGION: 'eu-west-1',
        AWS_ENDPOINT_URL: 'http://a:1',
        CAPSTAN_AWS_ENDPOINT: 'http://b:2',
      }).aws.endpoint,
    ).toBe('http://b:2');
    expect(() => loadWorkerConfig({ CAPSTAN_AWS_ENDPOINT: 'not a url' })).toThrow(
      /CAPSTAN_AWS_ENDPOINT: Invalid url/,
    );
  });

  test('without AWS_REGION the aws provider refuses to start, saying what to set', () => {
    expect(() => providerDeps('aws', loadWorkerConfig({ CAPSTAN_PROVIDERS: 'aws' }))).toThrow(
      /provider "aws" needs AWS_REGION/,
    );
  });

  test('EC2 infrastructure, polled no faster than every 2 s; the workload side says it is not there yet', async () => {
    const deps = providerDeps('aws', loadWorkerConfig({ CAPSTAN_PROVIDERS: 'aws', AWS_REGION: 'eu-west-1' }));
    expect(deps.infrastructure).toBeInstanceOf(AwsInfrastructureProvider);
    expect(deps.infrastructure.name).toBe('aws');
    expect(deps.pollIntervalMs).toBe(2000);
    expect(deps.workload).toBeInstanceOf(UnavailableWorkloadCluster);
    await expect(deps.workload.listNodes({ namespace: 'ns', name: 'c' })).rejects.toMatchObject({
      type: 'InvalidSpec',
      nonRetryable: true,
      message: expect.stringContaining(
        'listNodes: the workload-cluster API for provider "aws" is not available yet',
      ),
    });
    await expect(deps.workload.apiServerHealthy({ namespace: 'ns', name: 'c' })).resolves.toMatchObject({
      healthy: false,
    });
    (deps.infrastructure as AwsInfrastructureProvider).destroy();
  });
});
