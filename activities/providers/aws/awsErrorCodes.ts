/**
 * Which AWS error codes mean what, for retry decisions. Pure tables and lookups, no SDK calls.
 *
 * Sources: the EC2 API error-code reference, the ELBv2 API reference, and the SDK's own retry
 * lists (@smithy/service-error-classification: THROTTLING_ERROR_CODES, TRANSIENT_ERROR_CODES).
 */

export type AwsErrorClass =
  /** slow down and retry: throttling, 5xx, capacity blips, the network */
  | 'transient'
  /** the credentials or their permissions: a human must act */
  | 'auth'
  /** an account limit: a human must raise it */
  | 'quota'
  /** the declared spec cannot work: a retry sends the same request */
  | 'badSpec'
  /** a state conflict or a resource not visible yet (EC2 is eventually consistent): retry */
  | 'conflict';

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'BandwidthLimitExceeded',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

const TRANSIENT = new Set([
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
  'Unavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  // Capacity comes back: CAPA retries these too rather than failing the machine.
  'InsufficientInstanceCapacity',
  'InsufficientHostCapacity',
  'InsufficientCapacity',
  'InsufficientAddressCapacity',
  // Transport failures of the SDK's HTTP handler (no HTTP status at all).
  'TimeoutError',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

const AUTH = new Set([
  'AuthFailure',
  'UnauthorizedOperation',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'AccessDeniedException',
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'OptInRequired',
  'UnrecognizedClientException',
  'MissingAuthenticationToken',
  'InvalidAccessKeyId',
  'Blocked',
  // The SDK found no credentials at all (no env, profile, container or instance role).
  'CredentialsProviderError',
]);

const QUOTA = new Set([
  'InstanceLimitExceeded',
  'VcpuLimitExceeded',
  'MaxSpotInstanceCountExceeded',
  'VolumeLimitExceeded',
  'AddressLimitExceeded',
  'ResourceLimitExceeded',
  'InsufficientFreeAddressesInSubnet',
  'TooManyLoadBalancers',
  'TooManyTargetGroups',
  'TooManyListeners',
  'TooManyTargets',
  'TooManyTags',
]);

/** Exact codes and `Prefix.` families (e.g. `InvalidAMIID.NotFound`, `InvalidAMIID.Malformed`). */
const BAD_SPEC_EXACT = new Set([
  'InvalidParameterValue',
  'InvalidParameterCombination',
  'InvalidParameter',
  'MissingParameter',
  'InvalidInstanceType',
  'InvalidBlockDeviceMapping',
  'InvalidIamInstanceProfile',
  'Unsupported',
  'UnsupportedOperation',
  'ValidationError',
  'InvalidConfigurationRequest',
  'InvalidSubnet',
  'SubnetNotFound',
  'InvalidSecurityGroup',
  'InvalidScheme',
  'AvailabilityZoneNotSupported',
]);
const BAD_SPEC_FAMILIES = [
  'InvalidAMIID.',
  'InvalidSubnetID.',
  'InvalidGroup.',
  'InvalidGroupId.',
  'InvalidKeyPair.',
  'InvalidPlacementGroup.',
  'InvalidVpcID.',
  'InvalidUserData.',
  'InvalidCapacityReservationId.',
  'InvalidSnapshot.',
  'InvalidKmsKey.',
];

/**
 * Class of an error code (as AWS sends it, e.g. `RequestLimitExceeded`, `InvalidAMIID.NotFound`)
 * and HTTP status. A code nobody listed is retried: wrongly retrying shows the same refusal in
 * the activity's last failure until someone looks, while wrongly failing would abandon a machine
 * over a blip.
 */
export function classifyAwsErrorCode(
  code: string | undefined,
  httpStatus: number | undefined,
): AwsErrorClass {
  const c = code ?? '';
  if (THROTTLING.has(c) || TRANSIENT.has(c)) return 'transient';
  if (AUTH.has(c)) return 'auth';
  if (QUOTA.has(c)) return 'quota';
  if (BAD_SPEC_EXACT.has(c) || BAD_SPEC_FAMILIES.some((f) => c.startsWith(f))) return 'badSpec';
  if (httpStatus !== undefined && httpStatus >= 500) return 'transient';
  if (httpStatus === 401 || httpStatus === 403) return 'auth';
  if (httpStatus === 429) return 'transient';
  return code === undefined ? 'transient' : 'conflict';
}

export function isThrottlingCode(code: string | undefined): boolean {
  return code !== undefined && THROTTLING.has(code);
}
