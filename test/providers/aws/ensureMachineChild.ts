/**
 * A stand-in worker process for the kill test: ensures one machine through the AWS provider and
 * prints its status. Run as `node bin/run-ts test/providers/aws/ensureMachineChild.ts <endpoint> <machine>`.
 */
import { machineRequest, makeProvider } from './fixtures';

const [endpoint, machine] = process.argv.slice(2);
if (!endpoint || !machine) {
  console.error('usage: ensureMachineChild.ts <endpoint> <machine>');
  process.exit(2);
}
const aws = makeProvider(endpoint, { maxAttempts: 1 });
void aws
  .ensureMachine(machineRequest(machine))
  .then((s) => console.log(JSON.stringify(s)))
  .finally(() => aws.destroy());
