/**
 * npm run bench:create -- --clusters N [--workers-per-cluster 2] [--latency provision=1s,boot=500ms]
 *
 * Creates N clusters (1 control plane + W workers each) on the simulated provider against a real
 * Temporal dev server and a real worker process, and prints clusters created per minute, p50/p95
 * time from apply to all-machines-Running, and the worker process's peak RSS.
 */
import { join } from 'node:path';
import { Command } from 'commander';
import { startBenchWorker } from './benchWorker';
import { compileManifestText } from '../../shared/model';
import { CapstanClient } from '../client/CapstanClient';
import { startSimServer } from '../sim/server';
import { parseLatencySpec } from '../sim/latencySpec';
import { startDevServer } from '../temporal/devServer';
import { simExampleClusterYaml } from '../manifests/simClusterYaml';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const opts = new Command()
    .option('--clusters <n>', 'clusters to create', '50')
    .option('--workers-per-cluster <n>', 'worker machines per cluster', '2')
    .option('--concurrency <n>', 'applies in flight at once', '25')
    .option('--worker-node-args <args>', 'extra node flags for the worker process, e.g. "--cpu-prof"', '')
    .option('--latency <spec>', 'simulated latencies', 'clusterInfra=200ms,provision=1s,boot=500ms,delete=200ms')
    .parse(process.argv)
    .opts<{ clusters: string; workersPerCluster: string; concurrency: string; latency: string; workerNodeArgs: string }>();
  const n = Number(opts.clusters);
  const workersPer = Number(opts.workersPerCluster);
  const root = join(__dirname, '..', '..');

  const server = await startDevServer({ headless: true });
  const sim = await startSimServer({ host: '127.0.0.1', port: 0, latencies: parseLatencySpec(opts.latency) });
  const worker = startBenchWorker({ root, nodeArgs: opts.workerNodeArgs, env: { TEMPORAL_ADDRESS: server.address, CAPSTAN_SIM_URL: sim.url, CAPSTAN_POLL_INTERVAL_MS: '200' } });
  const client = await CapstanClient.connect({ address: server.address });
  try {
    const clusters = Array.from({ length: n }, (_, i) => {
      const { clusters: cs, issues } = compileManifestText(simExampleClusterYaml(`bench-${i}`, workersPer), 'bench.yaml');
      if (issues.length) throw new Error(JSON.stringify(issues));
      return cs[0]!;
    });
    const appliedAt = new Map<string, number>();
    const readyAfter = new Map<string, number>();
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: Number(opts.concurrency) }, async () => {
        while (next < clusters.length) {
          const c = clusters[next++]!;
          appliedAt.set(c.name, Date.now());
          await client.apply(c);
        }
      }),
    );
    // Watch the simulated cloud (one cheap request) and confirm with a fresh describe when all nodes exist.
    const expected = 1 + workersPer;
    const deadline = Date.now() + 30 * 60_000;
    while (readyAfter.size < n) {
      if (Date.now() > deadline) throw new Error(`only ${readyAfter.size}/${n} clusters ready after 30 minutes`);
      const world = (await (await fetch(`${sim.url}/v1/world`)).json()) as { nodes: Array<{ cluster: string }> };
      const nodes = new Map<string, number>();
      for (const node of world.nodes) nodes.set(node.cluster, (nodes.get(node.cluster) ?? 0) + 1);
      const candidates = clusters.filter((c) => !readyAfter.has(c.name) && (nodes.get(c.name) ?? 0) >= expected);
      await Promise.all(
        candidates.map(async (c) => {
          const d = await client.describe(c);
          if (d.ready) readyAfter.set(c.name, Date.now() - appliedAt.get(c.name)!);
        }),
      );
      await new Promise((r) => setTimeout(r, 100));
    }
    const wall = (Date.now() - started) / 1000;
    const times = [...readyAfter.values()].sort((a, b) => a - b);
    const peakRss = worker.peakRssKiB();
    console.log(`bench:create clusters=${n} shape=1CP+${workersPer}W latencies=${opts.latency}`);
    console.log(`  wall time:              ${wall.toFixed(1)} s`);
    console.log(`  clusters per minute:    ${((n / wall) * 60).toFixed(1)}`);
    console.log(`  time-to-Running p50:    ${(percentile(times, 50) / 1000).toFixed(2)} s`);
    console.log(`  time-to-Running p95:    ${(percentile(times, 95) / 1000).toFixed(2)} s`);
    console.log(`  worker peak RSS:        ${(peakRss / 1024).toFixed(0)} MiB`);
  } finally {
    await client.close();
    await worker.stop();
    await sim.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
