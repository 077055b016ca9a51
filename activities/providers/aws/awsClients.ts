/**
 * The two SDK clients the provider talks through, built once per worker. Credentials come from
 * the SDK's standard chain (environment, shared config/profile, SSO, container or instance role)
 * unless given; the endpoint is only set for emulators such as moto_server (the SDK also honours
 * AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_EC2 on its own).
 */
import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';

export interface AwsProviderOptions {
  region: string;
  endpoint?: string;
  credentials?: EC2ClientConfig['credentials'];
  /**
   * SDK attempts per call (throttling and 5xx are retried inside the call with backoff before
   * the activity sees an error). Default: the SDK's (3, or AWS_MAX_ATTEMPTS).
   */
  maxAttempts?: number;
  /**
   * per HTTP request. With the SDK's 3 attempts and its backoff, a call against an endpoint that
   * hangs still gives up inside the 20 s start-to-close of short activities.
   */
  requestTimeoutMs?: number;
  /** how often waitForMachineState re-reads an instance; EC2 rate limits are per account */
  pollIntervalMs?: number;
}

export interface AwsClients {
  ec2: EC2Client;
  elb: ElasticLoadBalancingV2Client;
  region: string;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 5000;

export function createAwsClients(opts: AwsProviderOptions): AwsClients {
  const common = {
    region: opts.region,
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(opts.maxAttempts !== undefined ? { maxAttempts: opts.maxAttempts } : {}),
    requestHandler: {
      connectionTimeout: 3000,
      requestTimeout: opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    },
  };
  return { ec2: new EC2Client(common), elb: new ElasticLoadBalancingV2Client(common), region: opts.region };
}
