/** Stops the dev server globalSetup.ts started; leaves an externally provided server alone. */
import { DEV_SERVER_GLOBAL } from './globalSetup';
import type { GlobalWithServer } from './globalSetup';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as GlobalWithServer;
  const server = g[DEV_SERVER_GLOBAL];
  if (!server) return;
  delete g[DEV_SERVER_GLOBAL];
  await server.stop();
  delete process.env.TEMPORAL_ADDRESS;
}
