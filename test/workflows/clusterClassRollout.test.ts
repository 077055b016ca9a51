import { compileManifestText } from '../../shared/model';
import type { DesiredCluster } from '../../shared/model/desired';
import type { ClusterDescription } from '../../shared/status/types';
import { rolloutImpact } from '../../shared/planners/gitops';
import { readSimClassExample as read, simClassClusterYaml, withWorkerCommand } from '../support/simClassExample';
import { startHarness, uniqueName, type Harness } from './harness';

/**
 * A ClusterClass edited in place reaches its clusters with Cluster API's rollout rules: a
 * worker KubeadmConfigTemplate's spec change rotates the template and replaces the workers (not
 * the control plane); applying the same class again changes nothing; a class change that only
 * touches in-place fields (machine labels) replaces no machine.
 */

function cluster(name: string, edit: (yaml: { templates: string; clusterclass: string }) => void = () => undefined): DesiredCluster {
  const docs = { templates: read('templates.yaml'), clusterclass: read('clusterclass.yaml') };
  edit(docs);
  const yaml = [docs.clusterclass, docs.templates, simClassClusterYaml(name)].join('\n---\n');
  const { clusters, issues } = compileManifestText(yaml, 'class.yaml');
  expect(issues).toEqual([]);
  return clusters[0]!;
}

const names = (d: ClusterDescription) => ({
  controlPlane: d.controlPlane!.machines.map((m) => m.name).sort(),
  workers: d.machineDeployments.flatMap((md) => md.machines.map((m) => m.name)).sort(),
});

describe('ClusterClass change propagation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('an in-place template edit rolls the workers built from it, once; in-place fields roll nothing', async () => {
    const name = uniqueName('cc');
    const v1 = cluster(name);
    await h.capstan.apply(v1);
    const before = names(await h.capstan.waitForReady(v1, { timeoutMs: 60_000 }));

    // The worker bootstrap template gains a command: every worker is replaced, the control plane is not.
    const v2 = cluster(name, (d) => {
      d.templates = withWorkerCommand(d.templates);
    });
    const applied = (await h.capstan.desired(v1))!.desired;
    expect(rolloutImpact(applied, v2).rollouts).toEqual([
      expect.stringMatching(new RegExp(`^MachineDeployment/${name}-md-0: 2 machine\\(s\\), KubeadmConfigTemplate standard-sim-worker-bootstrap → standard-sim-worker-bootstrap-\\w{6}$`)),
    ]);
    const r2 = await h.capstan.apply(v2);
    expect(r2.changed).toBe(true);
    const rolled = names(await h.capstan.waitFor(v1, (d) => d.ready && d.observedGeneration >= r2.generation && !names(d).workers.some((w) => before.workers.includes(w)), { timeoutMs: 90_000 }));
    expect(rolled.controlPlane).toEqual(before.controlPlane);
    expect(rolled.workers).toHaveLength(2);
    expect((await h.capstan.desired(v1))!.desired.machineDeployments[0]!.template.bootstrap.name).toMatch(/^standard-sim-worker-bootstrap-\w{6}$/);

    // The same class again: nothing to do (the rotated name is kept).
    const again = await h.capstan.apply(cluster(name, (d) => {
      d.templates = withWorkerCommand(d.templates);
    }));
    expect(again).toEqual({ generation: r2.generation, changed: false });

    // A class change of in-place fields only (the workers' labels, the health check's timeout): no machine is replaced.
    const v3 = cluster(name, (d) => {
      d.templates = withWorkerCommand(d.templates);
      d.clusterclass = d.clusterclass.replace('      - class: default-worker\n        template:\n', '      - class: default-worker\n        template:\n          metadata:\n            labels:\n              pool: general\n');
    });
    expect(rolloutImpact((await h.capstan.desired(v1))!.desired, v3)).toEqual({ rollouts: [], inPlace: true });
    const r3 = await h.capstan.apply(v3);
    expect(r3.changed).toBe(true);
    const relabelled = await h.capstan.waitFor(v1, (d) => d.ready && d.observedGeneration >= r3.generation, { timeoutMs: 60_000 });
    expect(names(relabelled)).toEqual(rolled);
  });
});
