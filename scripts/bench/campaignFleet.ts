/**
 * The fleet of `npm run bench:campaign`: small sim clusters, created and awaited in bulk, one
 * timed alone (the calibration), and deleted at the end.
 */
import type { Client } from '@temporalio/client';
import type { SimWorldView } from '../../activities/providers/sim/simApi';
import { SimClient } from '../../activities/providers/sim/simClient';
import { compileManifestText } from '../../shared/model';
import type { DesiredCluster } from '../../shared/model/desired';
import { assessStep, summarizeDescription } from '../../shared/planners/campaign';
import type { CapstanClient } from '../client/CapstanClient';
import { simClusterYaml } from '../manifests/simClusterYaml';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function mapLimit<T>(items: readonly T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (i < items.length) await fn(items[i++]!);
    }),
  );
}

export function benchCluster(o: { name: string; workers: number; version: string; labels: Record<string, string> }): DesiredCluster {
  const yaml = simClusterYaml({ name: o.name, cpReplicas: 1, workers: o.workers, version: o.version, labels: o.labels });
  const { clusters, issues } = compileManifestText(yaml, `${o.name}.yaml`);
  if (issues.length) throw new Error(JSON.stringify(issues));
  return clusters[0]!;
}

export async function fetchWorld(simUrl: string): Promise<SimWorldView> {
  const res = await fetch(`${simUrl}/v1/world`);
  if (!res.ok) throw new Error(`GET /v1/world: ${res.status}`);
  return (await res.json()) as SimWorldView;
}

/** Applies (a few at a time), then waits until every cluster has its nodes and describes ready. */
export async function createAll(
  capstan: CapstanClient,
  simUrl: string,
  clusters: readonly DesiredCluster[],
  machinesPerCluster: number,
  timeoutMs: number,
): Promise<void> {
  await mapLimit(clusters, 16, async (c) => void (await capstan.apply(c)));
  const ready = new Set<string>();
  const deadline = Date.now() + timeoutMs;
  while (ready.size < clusters.length) {
    if (Date.now() > deadline) throw new Error(`only ${ready.size}/${clusters.length} clusters ready after ${timeoutMs / 1000} s`);
    const nodes = new Map<string, number>();
    for (const n of (await fetchWorld(simUrl)).nodes) nodes.set(n.cluster, (nodes.get(n.cluster) ?? 0) + 1);
    const candidates = clusters.filter((c) => !ready.has(c.name) && (nodes.get(c.name) ?? 0) >= machinesPerCluster);
    await mapLimit(candidates, 16, async (c) => {
      if ((await capstan.describe(c)).ready) ready.add(c.name);
    });
    await sleep(250);
  }
}

/** Visibility is eventually consistent: the campaign lists through it once, at start. */
export async function waitVisible(client: Client, label: string, n: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { count } = await client.workflow.count(`WorkflowType = 'clusterWorkflow' AND CapstanLabels = '${label}'`);
    if (count === n) return;
    if (Date.now() > deadline) throw new Error(`visibility lists ${count} of the ${n} clusters (${label})`);
    await sleep(200);
  }
}

/**
 * One cluster's upgrade alone, through the `upgrade` Update the campaign sends, until the
 * campaign's own Done rule (assessStep on a fresh describe, polled every 100 ms) holds.
 */
export async function timeUpgradeAlone(capstan: CapstanClient, c: DesiredCluster, to: string): Promise<number> {
  const t0 = Date.now();
  await capstan.upgrade(c, { version: to });
  const key = `${c.namespace}/${c.name}`;
  await capstan.waitFor(c, (d) => assessStep(summarizeDescription(key, d, { seq: 0, at: 0 }), to).kind === 'Done', {
    intervalMs: 100,
    timeoutMs: 10 * 60_000,
  });
  return Date.now() - t0;
}

/** What a drain costs per node role: podTermination when the node carries a Pod the drain evicts. */
export async function drainCosts(
  simUrl: string,
  capstan: CapstanClient,
  c: DesiredCluster,
  podTerminationMs: number,
): Promise<{ cpDrainMs: number; workerDrainMs: number }> {
  const d = await capstan.describe(c);
  const pods = (await new SimClient(simUrl).listPods(c))?.items ?? [];
  const evicted = new Set(
    pods.filter((p) => p.ownerKind !== 'DaemonSet' && p.ownerKind !== 'Node' && !p.mirror && p.nodeName).map((p) => p.nodeName),
  );
  const cost = (nodes: Array<string | undefined>) => (nodes.some((n) => n && evicted.has(n)) ? podTerminationMs : 0);
  return {
    cpDrainMs: cost((d.controlPlane?.machines ?? []).map((m) => m.nodeName)),
    workerDrainMs: cost(d.machineDeployments.flatMap((md) => md.machines.map((m) => m.nodeName))),
  };
}

export async function deleteAll(capstan: CapstanClient, clusters: readonly DesiredCluster[]): Promise<string[]> {
  const failed: string[] = [];
  await mapLimit(clusters, 16, async (c) => {
    try {
      await capstan.delete(c, { wait: true });
    } catch (err) {
      failed.push(`${c.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  return failed;
}
