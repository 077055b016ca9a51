import type { Command } from 'commander';
import { withClient } from '../globalOptions';
import { progressLine } from '../progress';

export function registerDelete(program: Command): void {
  const del = program.command('delete').description('delete resources');
  del
    .command('cluster <name>')
    .description('delete a cluster: workers, then control plane, then infrastructure')
    .option('--wait', 'wait until nothing is left')
    .action(async (name: string, opts: { wait?: boolean }, cmd: Command) => {
      await withClient(cmd, async (client, g) => {
        const key = { namespace: g.namespace, name };
        await client.delete(key);
        console.log(`cluster ${g.namespace}/${name} deletion requested`);
        if (opts.wait) {
          const ticker = setInterval(() => {
            client.describe(key).then((d) => console.error(progressLine(d)), () => undefined);
          }, 2000);
          try {
            await client.handle(key).result();
          } finally {
            clearInterval(ticker);
          }
          console.log(`cluster ${g.namespace}/${name} deleted`);
        }
      });
    });
}
