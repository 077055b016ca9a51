import type { Command } from 'commander';
import { withClient } from '../globalOptions';
import { renderDescribeTree } from '../render/describeTree';
import { parseOutputFormat, printStructured } from '../render/output';

export function registerDescribe(program: Command): void {
  const describe = program.command('describe').description('show a resource as a tree, with conditions');
  describe
    .command('cluster <name>')
    .description('the cluster tree, like `clusterctl describe cluster`')
    .option('--show-conditions', 'print every condition of every object')
    .option('-o, --output <format>', 'json|yaml')
    .action(async (name: string, opts: { showConditions?: boolean; output?: string }, cmd: Command) => {
      const format = parseOutputFormat(opts.output);
      await withClient(cmd, async (client, g) => {
        const d = await client.describe({ namespace: g.namespace, name });
        if (format !== 'table') return printStructured(d, format);
        console.log(renderDescribeTree(d, { showConditions: opts.showConditions }));
      });
    });
}
