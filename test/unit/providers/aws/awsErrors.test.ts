import { ApplicationFailure } from '@temporalio/common';
import { classifyAwsErrorCode } from '../../../../activities/providers/aws/awsErrorCodes';
import { fieldForAwsError } from '../../../../activities/providers/aws/awsErrorFields';
import { awsErrorFacts, awsFailure, callAws } from '../../../../activities/providers/aws/awsFailure';

/** What the SDK v3 throws for a modelled service error. */
const serviceError = (code: string, message: string, status: number, name = code) =>
  Object.assign(new Error(message), {
    name,
    Code: code,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, requestId: 'req-1' },
  });

const machineCtx = {
  operation: 'RunInstances',
  subject: 'machine ns/m-1',
  owner: 'machine' as const,
  template: 'AWSMachineTemplate/workers',
};

describe('AWS error codes → retry class', () => {
  test.each([
    ['RequestLimitExceeded', 503, 'transient'],
    ['Throttling', 400, 'transient'],
    ['ThrottlingException', 400, 'transient'],
    ['InternalError', 500, 'transient'],
    ['ServiceUnavailable', 503, 'transient'],
    ['InsufficientInstanceCapacity', 500, 'transient'],
    ['SomethingNew', 502, 'transient'],
    [undefined, undefined, 'transient'],
    ['AuthFailure', 401, 'auth'],
    ['UnauthorizedOperation', 403, 'auth'],
    ['InvalidClientTokenId', 403, 'auth'],
    ['SignatureDoesNotMatch', 403, 'auth'],
    ['CredentialsProviderError', undefined, 'auth'],
    ['InstanceLimitExceeded', 400, 'quota'],
    ['VcpuLimitExceeded', 400, 'quota'],
    ['TooManyLoadBalancers', 400, 'quota'],
    ['InvalidAMIID.NotFound', 400, 'badSpec'],
    ['InvalidAMIID.Malformed', 400, 'badSpec'],
    ['InvalidSubnetID.NotFound', 400, 'badSpec'],
    ['InvalidParameterValue', 400, 'badSpec'],
    ['InvalidGroup.NotFound', 400, 'badSpec'],
    ['InvalidKeyPair.NotFound', 400, 'badSpec'],
    ['ValidationError', 400, 'badSpec'],
    ['IdempotentParameterMismatch', 400, 'conflict'],
    ['InvalidInstanceID.NotFound', 400, 'conflict'],
    ['ResourceInUse', 400, 'conflict'],
  ])('%s (HTTP %s) is %s', (code, status, cls) => {
    expect(classifyAwsErrorCode(code, status)).toBe(cls);
  });
});

describe('reading SDK errors', () => {
  test('the wire code wins over the class name; ELBv2 class names lose their Exception suffix', () => {
    expect(
      awsErrorFacts(serviceError('LoadBalancerNotFound', 'gone', 400, 'LoadBalancerNotFoundException')),
    ).toEqual({
      code: 'LoadBalancerNotFound',
      message: 'gone',
      httpStatus: 400,
      requestId: 'req-1',
    });
    expect(
      awsErrorFacts(Object.assign(new Error('nope'), { name: 'DuplicateTargetGroupNameException' })).code,
    ).toBe('DuplicateTargetGroupName');
  });

  test('transport errors: Node codes, also when the SDK wrapped them', () => {
    expect(
      awsErrorFacts(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))
        .code,
    ).toBe('ECONNREFUSED');
    expect(
      awsErrorFacts(new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:1')).code,
    ).toBe('ECONNREFUSED');
    expect(awsErrorFacts(Object.assign(new Error('timed out'), { name: 'TimeoutError' })).code).toBe(
      'TimeoutError',
    );
  });
});

describe('field named in a terminal error', () => {
  test.each([
    ['machine', 'InvalidAMIID.NotFound', "The image id '[ami-1]' does not exist", 'spec.ami.id'],
    ['machine', 'InvalidSubnetID.NotFound', 'x', 'spec.subnet'],
    ['machine', 'InvalidGroup.NotFound', 'x', 'spec.additionalSecurityGroups'],
    ['machine', 'InvalidKeyPair.NotFound', 'x', 'spec.sshKeyName'],
    ['machine', 'InvalidParameterValue', "Invalid value 'x9.huge' for InstanceType.", 'spec.instanceType'],
    [
      'machine',
      'InvalidParameterValue',
      'Invalid Availability Zone (us-east-1z)',
      "the machine's failureDomain",
    ],
    [
      'machine',
      'InvalidParameterValue',
      'Value (1) for parameter iamInstanceProfile.name is invalid',
      'spec.iamInstanceProfile',
    ],
    ['machine', 'InvalidParameterValue', 'something else entirely', undefined],
    ['cluster', 'SubnetNotFound', 'x', 'spec.network.subnets'],
    [
      'cluster',
      'ValidationError',
      "The load balancer name 'a_b' is not valid",
      'spec.controlPlaneLoadBalancer.name',
    ],
    ['cluster', 'InvalidScheme', 'x', 'spec.controlPlaneLoadBalancer.scheme'],
  ] as const)('%s %s "%s" → %s', (owner, code, message, field) => {
    expect(fieldForAwsError(owner, code, message)).toBe(field);
  });
});

describe('awsFailure', () => {
  test('bad spec: InvalidSpec, non-retryable, field + template + code in the message, facts in details', () => {
    const f = awsFailure(
      serviceError('InvalidAMIID.NotFound', "The image id '[ami-1]' does not exist", 400),
      machineCtx,
    );
    expect(f).toBeInstanceOf(ApplicationFailure);
    expect(f).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
    expect(f.message).toBe(
      "AWS RunInstances for machine ns/m-1 was refused: spec.ami.id of AWSMachineTemplate/workers is not valid here (InvalidAMIID.NotFound: The image id '[ami-1]' does not exist)",
    );
    expect(f.details).toEqual([
      {
        operation: 'RunInstances',
        awsErrorCode: 'InvalidAMIID.NotFound',
        httpStatus: 400,
        requestId: 'req-1',
        field: 'spec.ami.id',
      },
    ]);
  });

  test.each([
    ['AuthFailure', 401, 'AuthFailed', true],
    ['InstanceLimitExceeded', 400, 'QuotaExceeded', true],
    ['RequestLimitExceeded', 503, 'ProviderUnavailable', false],
    ['IdempotentParameterMismatch', 400, 'Conflict', false],
  ])('%s → %s (nonRetryable %s)', (code, status, type, nonRetryable) => {
    expect(awsFailure(serviceError(code, 'm', status), machineCtx)).toMatchObject({ type, nonRetryable });
  });

  test('an ApplicationFailure passes through unchanged; callAws classifies what the call throws', async () => {
    const already = ApplicationFailure.create({ type: 'InvalidSpec', message: 'x', nonRetryable: true });
    expect(awsFailure(already, machineCtx)).toBe(already);
    await expect(
      callAws(machineCtx, () => Promise.reject(serviceError('Throttling', 'slow down', 400))),
    ).rejects.toMatchObject({
      type: 'ProviderUnavailable',
      nonRetryable: false,
      message: 'AWS RunInstances for machine ns/m-1 was throttled (Throttling: slow down); will retry',
    });
  });
});
