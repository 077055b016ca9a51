import { compileManifestText } from '../../../shared/model';
import type { DesiredCluster } from '../../../shared/model/desired';
import { rotateTemplate, rotateTopologyTemplates } from '../../../shared/planners/topologyTemplateRotation';
import { simClusterYaml } from '../../../scripts/manifests/simClusterYaml';
import { topologyCluster, toYaml, type Doc } from '../model/manifestBuilders';

function compile(docs: Doc[] | string): DesiredCluster {
  const { clusters, issues } = compileManifestText(typeof docs === 'string' ? docs : toYaml(docs), 't.yaml');
  expect(issues).toEqual([]);
  return clusters[0]!;
}

function withWorkerCommands(commands?: string[]): DesiredCluster {
  const docs = topologyCluster('t1');
  const tpl = docs.find((d) => d.kind === 'KubeadmConfigTemplate')!;
  (tpl.spec as { template: { spec: Record<string, unknown> } }).template.spec = commands ? { preKubeadmCommands: commands } : {};
  return compile(docs);
}

const workerBootstrap = (d: DesiredCluster) => d.machineDeployments[0]!.template.bootstrap.name;

describe('rotateTopologyTemplates: CAPI template rotation for ClusterClass templates edited in place', () => {
  test('same spec keeps the name; a new spec rotates it; a later apply of that spec keeps the rotated name', () => {
    const v0 = withWorkerCommands();
    expect(workerBootstrap(rotateTopologyTemplates(v0, withWorkerCommands()))).toBe('sim-class-worker');
    const v1 = rotateTopologyTemplates(v0, withWorkerCommands(['echo 1']));
    expect(workerBootstrap(v1)).toMatch(/^sim-class-worker-\w{6}$/);
    // the control plane's templates did not change: untouched
    expect(v1.controlPlane.machineTemplate.infrastructure.name).toBe('sim-class-cp-machine');
    expect(workerBootstrap(rotateTopologyTemplates(v1, withWorkerCommands(['echo 1'])))).toBe(workerBootstrap(v1));
    const v2 = rotateTopologyTemplates(v1, withWorkerCommands(['echo 2']));
    expect(workerBootstrap(v2)).toMatch(/^sim-class-worker-\w{6}$/);
    expect(workerBootstrap(v2)).not.toBe(workerBootstrap(v1));
    // back to the original spec: a rotation too (the machines run v2's), named by its content
    expect(workerBootstrap(rotateTopologyTemplates(v2, withWorkerCommands()))).toMatch(/^sim-class-worker-\w{6}$/);
  });

  test('a template referenced under another name is a rotation already; a different kind is left alone', () => {
    const prev = { apiVersion: 'x/v1', kind: 'SimMachineTemplate', name: 'a', spec: { x: 1 } };
    expect(rotateTemplate(prev, { ...prev, name: 'b', spec: { x: 2 } }).name).toBe('b');
    expect(rotateTemplate(prev, { ...prev, kind: 'DockerMachineTemplate', spec: { x: 2 } }).name).toBe('a');
    expect(rotateTemplate(undefined, prev)).toBe(prev);
  });

  test('explicit clusters are untouched: an in-place template edit does not roll their MachineDeployments (CAPI)', () => {
    const before = compile(simClusterYaml({ name: 'c', workers: 1 }));
    const after = compile(simClusterYaml({ name: 'c', workers: 1 }));
    const edited: DesiredCluster = {
      ...after,
      machineDeployments: after.machineDeployments.map((md) => ({
        ...md,
        template: { ...md.template, bootstrap: { ...md.template.bootstrap, spec: { preKubeadmCommands: ['x'] } } },
      })),
    };
    expect(rotateTopologyTemplates(before, edited)).toBe(edited);
  });
});
