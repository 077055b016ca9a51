/**
 * Jest globalSetup of the `workflows` project: ONE Temporal dev server (in-memory, headless) shared
 * by every test file, because starting one per file costs seconds each on a 2-core runner.
 * Tests find it through TEMPORAL_ADDRESS (test workers are forked after this runs and inherit env).
 * A TEMPORAL_ADDRESS already set on the command line means "use that server": none is started.
 */
import { ensureSearchAttributes, startDevServer } from '../../scripts/temporal/devServer';
import type { DevServer } from '../../scripts/temporal/devServer';

/** Shared with globalTeardown.ts, which jest runs in this same process. */
export const DEV_SERVER_GLOBAL = '__capstanTemporalDevServer';

export type GlobalWithServer = typeof globalThis & { [DEV_SERVER_GLOBAL]?: DevServer };

export default async function globalSetup(): Promise<void> {
  const namespace = process.env.TEMPORAL_NAMESPACE || 'default';
  const external = process.env.TEMPORAL_ADDRESS;
  if (external) {
    await ensureSearchAttributes(external, namespace);
    return;
  }
  const verbose = process.env.CAPSTAN_TEST_SERVER_LOG === '1';
  const server = await startDevServer({
    headless: true,
    namespace,
    log: verbose ? (line) => process.stderr.write(`[temporal] ${line}\n`) : undefined,
  });
  (globalThis as GlobalWithServer)[DEV_SERVER_GLOBAL] = server;
  process.env.TEMPORAL_ADDRESS = server.address;
  process.env.TEMPORAL_NAMESPACE = namespace;
}
