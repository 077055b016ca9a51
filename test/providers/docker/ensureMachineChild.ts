/**
 * A stand-in worker process for the kill test: ensures one machine through the Docker provider,
 * talking to the engine through the fault proxy, and prints its status. Run as
 * `CAPSTAN_DOCKER_TEST_RUN_ID=<id> node bin/run-ts test/providers/docker/ensureMachineChild.ts <proxy port> <machine>`.
 */
import { machineRequest, makeProvider } from './fixtures';

const [port, machine] = process.argv.slice(2);
if (!port || !machine) {
  console.error('usage: ensureMachineChild.ts <proxy port> <machine>');
  process.exit(2);
}
const provider = makeProvider({ host: '127.0.0.1', port: Number(port) });
void provider.ensureMachine(machineRequest(machine)).then((s) => console.log(JSON.stringify(s)));
