import type { Command } from 'commander';
import { CliError, withClient } from '../globalOptions';
import { formatUpgradeProgress } from '../render/upgradeProgress';

/**
 * `capstan upgrade cluster NAME --to VERSION`: the whole cluster to one Kubernetes version, the
 * control plane first (surge, etcd quorum kept), then MachineDeployments `--concurrency` at a
 * time. `--wait` shows a live view until done (redrawn in place on a terminal).
 */
export function registerUpgrade(program: Command): void {
  const upgrade = program.command('upgrade').description('upgrade Kubernetes versions (control plane first, then workers)');
  upgrade
    .command('cluster <name>')
    .description('move a cluster to a new Kubernetes version: control plane first, then MachineDeployments')
    .requiredOption('--to <version>', 'target Kubernetes version, e.g. v1.32.0 (at most one minor above the current one)')
    .option('--concurrency <n>', 'MachineDeployments upgraded at once (topology.cluster.x-k8s.io/upgrade-concurrency; default 1)')
    .option('--wait', 'show the upgrade live until it completes')
    .option('--timeout <minutes>', 'give up waiting after this many minutes', '60')
    .action(async (name: string, opts: { to: string; concurrency?: string; wait?: boolean; timeout: string }, cmd: Command) => {
      const concurrency = opts.concurrency === undefined ? undefined : Number(opts.concurrency);
      if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
        throw new CliError(`--concurrency ${opts.concurrency}: must be a positive integer`, 2);
      }
      await withClient(cmd, async (client, g) => {
        const key = { namespace: g.namespace, name };
        const r = await client.upgrade(key, { version: opts.to, ...(concurrency !== undefined ? { concurrency } : {}) });
        const target = (await client.describe(key)).version;
        console.log(
          r.changed
            ? `cluster ${name}: upgrade to ${target} accepted (generation ${r.generation}): control plane first, then MachineDeployments`
            : `cluster ${name} is already at ${target}`,
        );
        if (!opts.wait) return;
        const started = Date.now();
        let drawn = 0;
        const draw = (text: string) => {
          // On a terminal the view is redrawn in place; in a log each change is appended.
          if (process.stdout.isTTY && drawn > 0) process.stdout.write(`\x1b[${drawn}A\x1b[J`);
          process.stdout.write(`${text}\n`);
          drawn = text.split('\n').length;
        };
        const done = await client.waitFor(key, (d) => d.ready && d.observedGeneration >= r.generation, {
          timeoutMs: Number(opts.timeout) * 60_000,
          onProgress: (d) => draw(formatUpgradeProgress(d, target, Date.now() - started)),
        });
        draw(formatUpgradeProgress(done, target, Date.now() - started));
      });
    });
}
