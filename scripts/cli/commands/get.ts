import type { Command } from 'commander';
import { withClient } from '../globalOptions';
import { age, parseOutputFormat, printStructured, table } from '../render/output';

/** `-l key=value,...`: equality label selectors (shared by `get clusters` and `fleet versions`). */
export function parseSelector(s: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (s ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([^=!]+)==?([^=]*)$/.exec(part);
    if (!m) throw new Error(`-l ${s}: only equality selectors (key=value,...) are supported`);
    out[m[1]!.trim()] = m[2]!.trim();
  }
  return out;
}

export function registerGet(program: Command): void {
  const get = program.command('get').description('list resources');
  get
    .command('clusters')
    .alias('cluster')
    .description('list clusters (from Temporal visibility, each read fresh from its workflow)')
    .option('-A, --all-namespaces', 'clusters of every namespace')
    .option('-l, --selector <labels>', 'label selector, e.g. env=prod,region=seoul')
    .option('-o, --output <format>', 'json|yaml')
    .action(async (opts: { allNamespaces?: boolean; selector?: string; output?: string }, cmd: Command) => {
      const format = parseOutputFormat(opts.output);
      await withClient(cmd, async (client, g) => {
        const list = await client.list({ namespace: opts.allNamespaces ? undefined : g.namespace, labels: parseSelector(opts.selector) });
        if (format !== 'table') return printStructured(list.map((e) => e.description ?? e), format);
        if (list.length === 0) return console.log('No clusters found.');
        const rows = [['NAMESPACE', 'NAME', 'PHASE', 'READY', 'VERSION', 'CONTROL PLANE', 'WORKERS', 'PROVIDER', 'AGE']];
        for (const e of list) {
          const d = e.description;
          if (!d) {
            rows.push([e.namespace, e.name, e.error ?? e.status, '', '', '', '', '', '']);
            continue;
          }
          const workers = d.machineDeployments.reduce((n, m) => n + m.readyReplicas, 0);
          const wanted = d.machineDeployments.reduce((n, m) => n + m.desiredReplicas, 0);
          rows.push([d.namespace, d.name, d.phase, String(d.ready), d.version,
            `${d.controlPlane?.readyReplicas ?? 0}/${d.controlPlane?.desiredReplicas ?? '-'}`, `${workers}/${wanted}`, d.provider, age(d.createdAt)]);
        }
        console.log(table(rows));
      });
    });
}
