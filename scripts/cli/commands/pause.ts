import type { Command } from 'commander';
import { withClient } from '../globalOptions';

/** `capstan pause cluster NAME` / `capstan resume cluster NAME` (CAPI spec.paused). */
export function registerPause(program: Command): void {
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
