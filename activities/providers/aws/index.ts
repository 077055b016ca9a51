/** The `aws` provider: InfrastructureProvider over EC2 and ELBv2 (CAPA's equivalent). */
export { AwsInfrastructureProvider, DEFAULT_AWS_POLL_INTERVAL_MS } from './awsInfrastructureProvider';
export { createAwsClients, type AwsClients, type AwsProviderOptions } from './awsClients';
