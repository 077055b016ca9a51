import { Command, CommanderError } from 'commander';
import { ManifestValidationError } from '../../shared/errors';
import { ApplyRefusedError } from '../client/CapstanClient';
import { registerApply } from './commands/apply';
import { registerCampaign } from './commands/campaign';
import { registerDelete } from './commands/delete';
import { registerDescribe } from './commands/describe';
import { registerFleet } from './commands/fleet';
import { registerGet } from './commands/get';
import { registerGitops } from './commands/gitops';
import { registerFleetSync } from './commands/fleetSync';
import { registerPause } from './commands/pause';
import { registerRollout } from './commands/rollout';
import { registerScale } from './commands/scale';
import { registerSimCommands } from './commands/sim';
import { registerUp } from './commands/up';
import { registerUpgrade } from './commands/upgrade';
import { addGlobalOptions, CliError } from './globalOptions';

/** `capstan`: Cluster API lifecycle on Temporal, with kubectl/clusterctl-shaped verbs. */
export function buildProgram(): Command {
  const program = new Command('capstan')
    .description('Kubernetes cluster lifecycle, the Cluster API way, as durable Temporal workflows')
    .showHelpAfterError()
    .exitOverride();
  addGlobalOptions(program);
  registerUp(program);
  registerApply(program);
  registerGet(program);
  registerDescribe(program);
  registerScale(program);
  registerRollout(program);
  registerUpgrade(program);
  registerCampaign(program);
  registerFleet(program);
  registerGitops(program);
  registerFleetSync(program);
  registerPause(program);
  registerDelete(program);
  registerSimCommands(program);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof CliError) {
      if (err.message) console.error(`error: ${err.message}`); // an empty message: the exit code says it all (capstan diff)
      return err.exitCode;
    }
    if (err instanceof ApplyRefusedError) {
      console.error(`error: cluster ${err.cluster.namespace}/${err.cluster.name} refused the change; nothing was modified:\n${err.message}`);
      return 2;
    }
    if (err instanceof ManifestValidationError) {
      console.error(`error: ${err.message}`);
      return 2;
    }
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (require.main === module || process.argv[1]?.endsWith('capstan')) {
  void runCli(process.argv).then((code) => {
    process.exitCode = code;
  });
}
