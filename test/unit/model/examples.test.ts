import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileClusters, parseManifests, totalMachines } from '../../../shared/model';
import { readRepoFile } from './fixtures';

/** examples/ is applied as a whole by the main job (`capstan up --apply examples/`). */
function exampleFiles(dir = 'examples'): string[] {
  return readdirSync(join(__dirname, '..', '..', '..', dir), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) =>
      e.isDirectory() ? exampleFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
    );
}

describe('examples/', () => {
  const files = exampleFiles();
  const docs = files.flatMap((f) => {
    const parsed = parseManifests(readRepoFile(f), f);
    expect(parsed.issues).toEqual([]);
    return parsed.docs;
  });
  const { clusters, issues } = compileClusters(docs);

  test('compile together without issues, all on the sim provider in namespace default', () => {
    expect(issues).toEqual([]);
    expect(clusters.map((c) => [c.namespace, c.name, c.provider]).sort()).toEqual([
      ['default', 'dev-cluster-01', 'sim'],
      ['default', 'dev-cluster-02', 'sim'],
    ]);
  });

  test('sim-dev-cluster.yaml is the seed dev-cluster-01 on sim: 1 CP + 2 workers with env/region/upgrade-wave labels', () => {
    const c = clusters.find((x) => x.name === 'dev-cluster-01')!;
    expect(totalMachines(c)).toEqual({ controlPlane: 1, workers: 2 });
    expect(c.labels).toEqual({ env: 'dev', region: 'local', 'upgrade-wave': '1' });
    expect(c.machineHealthChecks.map((m) => m.name)).toEqual(['dev-cluster-01-worker-mhc']);
  });

  test('the ClusterClass example is one thin topology cluster', () => {
    const c = clusters.find((x) => x.name === 'dev-cluster-02')!;
    expect(c.topology).toEqual({ class: 'standard-sim', version: 'v1.31.4' });
    expect(totalMachines(c)).toEqual({ controlPlane: 1, workers: 2 });
    expect(c.infrastructure.spec).toEqual({ failureDomains: ['sim-a', 'sim-b'] });
  });

  test('stay small: at most 6 machines in total', () => {
    const machines = clusters.reduce(
      (n, c) => n + totalMachines(c).controlPlane + totalMachines(c).workers,
      0,
    );
    expect(machines).toBeLessThanOrEqual(6);
  });
});
