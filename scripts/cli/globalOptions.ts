import type { Command } from 'commander';
import { CapstanClient } from '../client/CapstanClient';

export interface GlobalOptions {
  address: string;
  temporalNamespace: string;
  namespace: string;
}

/** Global flags; each has an environment variable, as kubectl/temporal users expect. */
export function addGlobalOptions(program: Command): void {
  program
    .option('--address <host:port>', 'Temporal frontend address (env TEMPORAL_ADDRESS)', process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233')
    .option('--temporal-namespace <ns>', 'Temporal namespace (env TEMPORAL_NAMESPACE)', process.env.TEMPORAL_NAMESPACE ?? 'default')
    .option('-n, --namespace <ns>', 'namespace of the cluster resources, as in kubectl (env CAPSTAN_NAMESPACE)', process.env.CAPSTAN_NAMESPACE ?? 'default');
}

export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

export async function withClient<T>(cmd: Command, fn: (client: CapstanClient, g: GlobalOptions) => Promise<T>): Promise<T> {
  const g = globalOptions(cmd);
  const client = await CapstanClient.connect({ address: g.address, namespace: g.temporalNamespace });
  try {
    return await fn(client, g);
  } finally {
    await client.close();
  }
}

/** Exit codes: 0 ok, 1 failure, 2 bad input (validation errors). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
  }
}
