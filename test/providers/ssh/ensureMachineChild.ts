/**
 * A stand-in worker process for the SSH kill test: ensures one machine through the SSH provider
 * with the inventory, credentials and request in the JSON file given, and prints its status.
 * Run as `node bin/run-ts test/providers/ssh/ensureMachineChild.ts <config.json>`.
 */
import { readFileSync } from 'node:fs';
import { directorySshCredentialSource, SshInfrastructureProvider, type SshHost } from '../../../activities/providers/ssh';
import type { MachineInfraRequest } from '../../../activities/providers/types';

const [path] = process.argv.slice(2);
if (!path) {
  console.error('usage: ensureMachineChild.ts <config.json>');
  process.exit(2);
}
const config = JSON.parse(readFileSync(path, 'utf8')) as { inventory: SshHost[]; credentialsDir: string; request: MachineInfraRequest };
const provider = new SshInfrastructureProvider({
  inventory: config.inventory,
  credentialSources: [directorySshCredentialSource(config.credentialsDir)],
  readyTimeoutMs: 60_000,
});
process.stderr.write('ensuring\n');
void provider.ensureMachine(config.request).then((s) => console.log(JSON.stringify(s)));
