import type { Command } from 'commander';
import { CliError, withClient } from '../globalOptions';
import { progressLine } from '../progress';
import { findOwner, KINDS } from './scale';

export function registerRollout(program: Command): void {
  const rollout = program.command('rollout').description('manage rollouts (as clusterctl alpha rollout)');
  rollout
    .command('restart <kind> <name>')
    .description('replace every machine of a MachineDeployment (sets spec.rolloutAfter to now)')
    .option('--cluster <name>', 'the owning cluster (found automatically when omitted)')
    .option('--wait', 'wait until the rollout finished')
    .action(async (kindArg: string, name: string, opts: { cluster?: string; wait?: boolean }, cmd: Command) => {
      const kind = KINDS[kindArg.toLowerCase()];
      if (!kind) throw new CliError(`unknown kind "${kindArg}": use machinedeployment (md) or kubeadmcontrolplane (kcp)`, 2);
      await withClient(cmd, async (client, g) => {
        const cluster = opts.cluster ?? (await findOwner(client, g.namespace, kind, name));
        const key = { namespace: g.namespace, name: cluster };
        const r = await client.rolloutRestart(key, { kind, name });
        console.log(`${kind}/${name} restarted: machines created before ${r.rolloutAfter} will be replaced (generation ${r.generation})`);
        if (opts.wait) {
          await client.waitFor(key, (d) => d.ready && d.observedGeneration >= r.generation, { onProgress: (d) => console.error(progressLine(d)) });
          console.log('rollout complete');
        }
      });
    });
}
