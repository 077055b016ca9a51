/**
 * ClusterClass spec.kubernetesVersions (CAPI v1.12): ordered, one version per minor at least; a
 * cluster of the class uses a listed version (at creation and on every version change).
 */
import { compileManifestText, validateClusterUpdate } from '../../../shared/model';
import type { DesiredCluster } from '../../../shared/model/desired';
import { checkClassVersions } from '../../../shared/model/rules/classVersions';
import { topologyCluster, toYaml, type Doc } from './manifestBuilders';

function docs(o: { versions?: string[]; version?: string }): Doc[] {
  const d = topologyCluster('t1');
  const cls = d.find((x) => x.kind === 'ClusterClass')!;
  if (o.versions) (cls.spec as Record<string, unknown>).kubernetesVersions = o.versions;
  if (o.version) (d.find((x) => x.kind === 'Cluster')!.spec as { topology: { version: string } }).topology.version = o.version;
  return d;
}

const compile = (o: Parameters<typeof docs>[0]) => compileManifestText(toYaml(docs(o)), 't.yaml');

describe('checkClassVersions', () => {
  it('accepts an ordered list with every minor in between, several patches of a minor included', () => {
    expect(checkClassVersions(['v1.30.5', 'v1.31.2', 'v1.31.4', 'v1.32.0'])).toEqual([]);
  });
  it.each([
    [['v1.31.4', 'v1.31.4'], 1, 'class-versions-ordered'],
    [['v1.32.0', 'v1.31.4'], 1, 'class-versions-ordered'],
    [['v1.30.0', 'v1.32.0'], 1, 'class-versions-every-minor'],
    [['v1.31', 'v1.32.0'], 0, 'version-format'],
  ])('%j: entry %i breaks %s', (list, index, rule) => {
    expect(checkClassVersions(list)).toEqual([{ index, violation: expect.objectContaining({ rule }) }]);
  });
});

describe('a ClusterClass with kubernetesVersions', () => {
  it('compiles the list into the topology, v-prefixed', () => {
    const { clusters, issues } = compile({ versions: ['1.30.5', 'v1.31.4', 'v1.32.0'] });
    expect(issues).toEqual([]);
    expect(clusters[0]!.topology!.kubernetesVersions).toEqual(['v1.30.5', 'v1.31.4', 'v1.32.0']);
  });

  it('refuses a bad list on the ClusterClass, naming the entry', () => {
    const { issues } = compile({ versions: ['v1.29.0', 'v1.31.4'] });
    expect(issues).toEqual([expect.objectContaining({ resource: 'ClusterClass/sim-class', path: 'spec.kubernetesVersions[1]', rule: 'class-versions-every-minor' })]);
  });

  it('refuses a cluster whose topology.version the class does not list', () => {
    const { issues } = compile({ versions: ['v1.31.2', 'v1.32.0'] });
    expect(issues).toEqual([
      expect.objectContaining({
        resource: 'Cluster/t1',
        path: 'spec.topology.version',
        rule: 'topology-version-not-in-class',
        message: "v1.31.4 is not one of ClusterClass sim-class's kubernetesVersions (v1.31.2, v1.32.0)",
      }),
    ]);
  });

  it('an update to a version the class does not list is refused; a listed one passes', () => {
    const prev: DesiredCluster = compile({ versions: ['v1.31.4', 'v1.32.0', 'v1.32.1'] }).clusters[0]!;
    const to = (version: string): DesiredCluster => ({ ...prev, topology: { ...prev.topology!, version }, controlPlane: { ...prev.controlPlane, version } });
    expect(validateClusterUpdate(prev, to('v1.32.1'))).toEqual([]);
    expect(validateClusterUpdate(prev, to('v1.32.3'))).toEqual([expect.objectContaining({ path: 'spec.topology.version', rule: 'topology-version-not-in-class' })]);
  });
});
