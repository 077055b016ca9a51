import type { Command } from 'commander';
import { withClient } from '../globalOptions';

/** `capstan pause cluster NAME` / `capstan resume cluster NAME` (CAPI spec.paused); `capstan promote cluster NAME REVISION`. */
export function registerPause(program: Command): void {
  program
    .command('promote')
    .description('roll out a change held staged (ClusterClass rollout policy Campaign) now, for one cluster')
    .command('cluster <name> <revision>')
    .description('apply the staged change of this revision (shown by capstan describe cluster NAME) to one cluster, outside any campaign')
    .action(async (name: string, revision: string, _opts: unknown, cmd: Command) => {
      await withClient(cmd, async (client, g) => {
        const r = await client.promoteStaged({ namespace: g.namespace, name }, revision);
        console.log(`cluster ${g.namespace}/${name} ${r.changed ? `promoted revision ${revision}` : `already had revision ${revision}`} (generation ${r.generation})`);
      });
    });
  for (const verb of ['pause', 'resume'] as const) {
    program
      .command(verb)
      .description(verb === 'pause' ? 'stop all reconciliation of a resource (deletion included)' : 'resume a paused resource')
      .command('cluster <name>')
      .description(verb === 'pause' ? 'pause a cluster: nothing is created or deleted until it resumes' : 'resume a paused cluster')
      .action(async (name: string, _opts: unknown, cmd: Command) => {
        await withClient(cmd, async (client, g) => {
          const key = { namespace: g.namespace, name };
          const r = verb === 'pause' ? await client.pause(key) : await client.resume(key);
          const state = verb === 'pause' ? 'paused' : 'resumed';
          console.log(`cluster ${g.namespace}/${name} ${r.changed ? state : `already ${state}`} (generation ${r.generation})`);
        });
      });
  }
}
