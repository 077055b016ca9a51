import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import { fleetVisibilityQuery } from '../../../shared/fleet/fleetQuery';
import { fleetRowFromSearchAttributes, parseFleetDimension, summarizeFleet, type FleetRow } from '../../../shared/fleet/fleetSummary';
import { CliError, withClient } from '../globalOptions';
import { formatFleetVersions, formatTemporalCliQueries } from '../render/fleetVersions';
import { parseOutputFormat, printStructured } from '../render/output';
import { parseSelector } from './get';

/** Visibility page size: a fleet of thousands is a handful of round trips. */
const PAGE_SIZE = 1000;

/**
 * Every running cluster workflow matching `query`, from the search attributes in the list results
 * themselves (no per-cluster query: one visibility call per page, whatever the fleet size).
 */
export async function listFleetRows(client: Client, query: string, opts: { pageSize?: number } = {}): Promise<FleetRow[]> {
  const rows: FleetRow[] = [];
  for await (const wf of client.workflow.list({ query, pageSize: opts.pageSize ?? PAGE_SIZE })) {
    const row = fleetRowFromSearchAttributes(wf.workflowId, wf.typedSearchAttributes);
    if (row) rows.push(row);
  }
  return rows;
}

/**
 * `capstan fleet versions`: what the fleet is on, on one screen, from Temporal visibility. The
 * whole fleet (every namespace) unless `-n` is given explicitly; `-l` narrows by labels.
 */
export function registerFleet(program: Command): void {
  const fleet = program.command('fleet').description('fleet-wide views, from Temporal visibility');
  fleet
    .command('versions')
    .description('Kubernetes version distribution of the fleet, with a version × env|region|wave|phase|provider matrix')
    .option('-A, --all-namespaces', 'every namespace (the default unless -n is given)')
    .option('-l, --selector <labels>', 'label selector, e.g. env=prod,region=seoul')
    .option('--by <dimension>', 'matrix columns: env|region|wave|phase|provider', 'env')
    .option('-o, --output <format>', 'table|json|yaml')
    .option('--show-query', 'also print the equivalent Temporal CLI / Web UI queries')
    .action(async (opts: { allNamespaces?: boolean; selector?: string; by: string; output?: string; showQuery?: boolean }, cmd: Command) => {
      let format: ReturnType<typeof parseOutputFormat>;
      let labels: Record<string, string>;
      let by: ReturnType<typeof parseFleetDimension>;
      try {
        format = parseOutputFormat(opts.output);
        labels = parseSelector(opts.selector);
        by = parseFleetDimension(opts.by);
      } catch (err) {
        throw new CliError(err instanceof Error ? err.message : String(err), 2);
      }
      await withClient(cmd, async (client, g) => {
        const namespace = opts.allNamespaces || !namespaceGiven(cmd) ? undefined : g.namespace;
        const query = fleetVisibilityQuery({ namespace, labels });
        const summary = summarizeFleet(await listFleetRows(client.client, query), { by });
        if (format !== 'table') return printStructured({ query, ...summary }, format);
        console.log(formatFleetVersions(summary));
        if (opts.showQuery) console.log(`\n${formatTemporalCliQueries(summary, query, { address: g.address, temporalNamespace: g.temporalNamespace })}`);
      });
    });
}

/** `-n` on the command line or CAPSTAN_NAMESPACE set: the user asked for one namespace. */
function namespaceGiven(cmd: Command): boolean {
  return cmd.getOptionValueSourceWithGlobals('namespace') === 'cli' || process.env.CAPSTAN_NAMESPACE !== undefined;
}
