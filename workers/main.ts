import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { ensureSearchAttributes } from '../scripts/temporal/devServer';
import { loadWorkerConfig } from './config';
import { createWorkers, runWorkers } from './createWorkers';

/** The Capstan worker process: `node bin/run-ts workers/main.ts`, configured by environment. */
async function main(): Promise<void> {
  const config = loadWorkerConfig();
  Runtime.install({ logger: new DefaultLogger((process.env.CAPSTAN_LOG_LEVEL as 'INFO' | undefined) ?? 'WARN') });
  // Search attributes must exist before a cluster workflow upserts them (ignored if present).
  await ensureSearchAttributes(config.temporalAddress, config.namespace);
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const workers = await createWorkers(connection, config);
  console.log(
    `capstan worker: ${config.temporalAddress} namespace ${config.namespace}, ` +
      `workflows ${config.runWorkflows ? 'on ' + config.taskQueue : 'off'}, providers ${config.providers.join(',')}`,
  );
  const shutdown = () => workers.forEach((w) => w.shutdown());
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await runWorkers(workers);
  await connection.close();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
