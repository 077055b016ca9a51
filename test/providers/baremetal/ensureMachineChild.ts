/**
 * A stand-in worker process for the bare-metal kill test: ensures one machine through the
 * bare-metal provider with the hosts, state dir, credentials and request in the JSON file given,
 * and prints its status. Run as `node bin/run-ts test/providers/baremetal/ensureMachineChild.ts <config.json>`.
 */
import { readFileSync } from 'node:fs';
import { directoryCredentialSource } from '../../../activities/providers/baremetal';
import { BareMetalInfrastructureProvider } from '../../../activities/providers/baremetal/bareMetalInfrastructureProvider';
import { FileHostClaimStore } from '../../../activities/providers/baremetal/hostClaims';
import { directorySshCredentialSource } from '../../../activities/providers/ssh';
import type { MachineInfraRequest } from '../../../activities/providers/types';
import type { BareMetalHostObject } from '../../../shared/model/kinds/bareMetalHost';

const [path] = process.argv.slice(2);
if (!path) {
  console.error('usage: ensureMachineChild.ts <config.json>');
  process.exit(2);
}
const c = JSON.parse(readFileSync(path, 'utf8')) as {
  hosts: BareMetalHostObject[];
  stateDir: string;
  bmcCredentialsDir: string;
  sshCredentialsDir: string;
  resetCommand: string;
  request: MachineInfraRequest;
};
const provider = new BareMetalInfrastructureProvider({
  hosts: c.hosts,
  claims: new FileHostClaimStore(c.stateDir),
  bmcCredentials: [directoryCredentialSource(c.bmcCredentialsDir)],
  sshCredentials: [directorySshCredentialSource(c.sshCredentialsDir)],
  resetCommand: c.resetCommand,
});
process.stderr.write('ensuring\n');
void provider.ensureMachine(c.request).then((s) => console.log(JSON.stringify(s)));
