import type { Command } from 'commander';
import { formatIssue } from '../../../shared/errors';
import { totalMachines } from '../../../shared/model/desired';
import { loadManifests } from '../../../activities/gitops/loadManifests';
import { CliError, withClient } from '../globalOptions';
import { parseOutputFormat, printStructured } from '../render/output';
import { progressLine } from '../progress';

export function registerApply(program: Command): void {
  program
    .command('apply')
    .description('create or update clusters from CAPI manifests (validated locally first)')
    .requiredOption('-f, --filename <path...>', 'manifest file or directory (repeatable)')
    .option('--dry-run', 'validate locally, without a server, and print what would be applied')
    .option('--wait', 'wait until every machine is Running')
    .option('--timeout <seconds>', 'with --wait, give up after this long', '600')
    .option('-o, --output <format>', 'json|yaml: print the compiled clusters (the workflow input)')
    .action(async (opts: { filename: string[]; dryRun?: boolean; wait?: boolean; timeout: string; output?: string }, cmd: Command) => {
      const format = parseOutputFormat(opts.output);
      const loaded = loadManifests(opts.filename);
      if (loaded.issues.length > 0) {
        // Every error at once: fixing YAML one error per run is miserable.
        throw new CliError(
          `${loaded.issues.length} validation error(s) in ${loaded.files.length} file(s); nothing was applied:\n` +
            loaded.issues.map((i) => `  ${formatIssue(i)}`).join('\n'),
          2,
        );
      }
      if (loaded.clusters.length === 0) throw new CliError('no Cluster found in the manifests; nothing to apply', 2);
      if (format !== 'table') printStructured(loaded.clusters.map((desired) => ({ desired })), format);
      if (opts.dryRun) {
        if (format === 'table') {
          for (const c of loaded.clusters) {
            const t = totalMachines(c);
            console.log(`cluster ${c.namespace}/${c.name} valid (dry run): ${c.provider}, ${c.controlPlane.version}, ${t.controlPlane} control plane + ${t.workers} workers`);
          }
        }
        return;
      }
      await withClient(cmd, async (client) => {
        for (const c of loaded.clusters) {
          const r = await client.apply(c);
          if (format === 'table') console.log(`cluster ${c.namespace}/${c.name} ${r.generation === 1 ? 'created' : r.changed ? 'configured' : 'unchanged'} (generation ${r.generation})`);
        }
        if (opts.wait) {
          const timeoutMs = Number(opts.timeout) * 1000;
          await Promise.all(
            loaded.clusters.map((c) =>
              client.waitForReady(c, { timeoutMs, onProgress: (d) => console.error(progressLine(d)) }),
            ),
          );
          console.log(`${loaded.clusters.length} cluster(s) ready`);
        }
      });
    });
}
