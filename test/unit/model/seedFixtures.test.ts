import { compileClusters, compileManifestText, parseManifests, totalMachines } from '../../../shared/model';
import { joinDocs, seed } from './fixtures';

/**
 * The seed article's manifests (test/fixtures/seed, re-indented, content unchanged) must load as
 * written: Capstan speaks the CAPI v1beta1 users already have.
 */
describe('seed article fixtures', () => {
  test.each([
    ['dev-cluster-01.yaml', 7],
    ['mhc.yaml', 1],
    ['clusterclass-standard-dev.yaml', 1],
    ['clusterclass-standard-dev-templates.yaml', 5],
    ['dev-cluster-02-topology.yaml', 1],
  ])('%s parses and validates unchanged', (file, count) => {
    const { docs, issues } = parseManifests(seed(file), file);
    expect(issues).toEqual([]);
    expect(docs).toHaveLength(count);
    expect(docs.every((d) => d.object !== undefined)).toBe(true);
  });

  test('dev-cluster-01 compiles to a docker cluster with 1 control-plane machine and 2 workers at v1.31.4', () => {
    const { clusters, issues } = compileManifestText(seed('dev-cluster-01.yaml'), 'dev-cluster-01.yaml');
    expect(issues).toEqual([]);
    expect(clusters).toHaveLength(1);
    const c = clusters[0]!;
    expect(c).toMatchObject({
      namespace: 'default',
      name: 'dev-cluster-01',
      provider: 'docker',
      labels: { env: 'dev', region: 'local' },
    });
    expect(totalMachines(c)).toEqual({ controlPlane: 1, workers: 2 });
    expect(c.controlPlane.version).toBe('v1.31.4');
    expect(c.machineDeployments.map((md) => md.template.version)).toEqual(['v1.31.4']);
    expect(c.controlPlane.machineTemplate.infrastructure).toMatchObject({
      kind: 'DockerMachineTemplate',
      name: 'dev-cluster-01-cp',
    });
    expect(c.controlPlane.machineTemplate.bootstrap.spec).toMatchObject({
      clusterConfiguration: {
        apiServer: { certSANs: ['localhost', '127.0.0.1', '0.0.0.0', 'host.docker.internal'] },
      },
    });
    expect(c.clusterNetwork).toEqual({
      pods: ['192.168.0.0/16'],
      services: [],
      serviceDomain: 'cluster.local',
    });
    expect(c.resources.map((r) => r.kind).sort()).toEqual(
      [
        'Cluster',
        'DockerCluster',
        'DockerMachineTemplate',
        'DockerMachineTemplate',
        'KubeadmConfigTemplate',
        'KubeadmControlPlane',
        'MachineDeployment',
      ].sort(),
    );
  });

  test('the seed MachineDeployment with `selector: matchLabels: null` gets CAPI’s defaulted selector', () => {
    const { docs } = parseManifests(seed('dev-cluster-01.yaml'), 'dev-cluster-01.yaml');
    const md = docs.find((d) => d.kind === 'MachineDeployment')!;
    expect(md.raw).toMatchObject({ spec: { selector: { matchLabels: null } } });
    expect(md.object).toMatchObject({
      spec: {
        selector: {
          matchLabels: {
            'cluster.x-k8s.io/cluster-name': 'dev-cluster-01',
            'cluster.x-k8s.io/deployment-name': 'dev-cluster-01-md-0',
          },
        },
        template: { metadata: { labels: { 'cluster.x-k8s.io/deployment-name': 'dev-cluster-01-md-0' } } },
      },
    });
  });

  test('the seed MachineHealthCheck attaches to dev-cluster-01 and selects its workers', () => {
    const { clusters, issues } = compileManifestText(
      joinDocs(seed('dev-cluster-01.yaml'), seed('mhc.yaml')),
      'seed',
    );
    expect(issues).toEqual([]);
    const c = clusters[0]!;
    expect(c.machineHealthChecks).toEqual([
      {
        name: 'dev-cluster-01-worker-mhc',
        selector: { matchLabels: { 'cluster.x-k8s.io/deployment-name': 'dev-cluster-01-md-0' } },
        unhealthyConditions: [
          { type: 'Ready', status: 'Unknown', timeoutSeconds: 300 },
          { type: 'Ready', status: 'False', timeoutSeconds: 300 },
        ],
        nodeStartupTimeoutSeconds: 600,
        maxUnhealthy: '40%',
      },
    ]);
    // The selector matches the labels the workers are stamped with.
    expect(c.machineDeployments[0]!.template.labels).toMatchObject(
      c.machineHealthChecks[0]!.selector.matchLabels,
    );
  });

  test('the MHC alone names its missing cluster', () => {
    const { issues } = compileManifestText(seed('mhc.yaml'), 'mhc.yaml');
    expect(issues.map((i) => i.rule)).toEqual(['cluster-not-found']);
  });

  test('a ClusterClass alone is fine: its refs are checked when a cluster uses it, as in CAPI', () => {
    expect(compileManifestText(seed('clusterclass-standard-dev.yaml'), 'cc.yaml')).toEqual({
      clusters: [],
      issues: [],
    });
  });

  test('dev-cluster-02 (topology) compiles with its class to 1 control-plane machine + 3 workers', () => {
    const text = joinDocs(
      seed('clusterclass-standard-dev.yaml'),
      seed('clusterclass-standard-dev-templates.yaml'),
      seed('dev-cluster-02-topology.yaml'),
    );
    const { clusters, issues } = compileManifestText(text, 'topology');
    expect(issues).toEqual([]);
    const c = clusters[0]!;
    expect(c).toMatchObject({
      name: 'dev-cluster-02',
      provider: 'docker',
      topology: { class: 'standard-dev', version: 'v1.31.4' },
    });
    expect(totalMachines(c)).toEqual({ controlPlane: 1, workers: 3 });
    expect(c.machineDeployments.map((md) => [md.name, md.replicas, md.topologyClass])).toEqual([
      ['dev-cluster-02-md-0', 3, 'default-worker'],
    ]);
    expect(c.infrastructure).toMatchObject({ kind: 'DockerCluster', name: 'dev-cluster-02' });
    expect(c.controlPlane.machineTemplate.infrastructure.name).toBe('standard-dev-cp-machine');
  });

  test('dev-cluster-02 without the class names the missing ClusterClass', () => {
    const { issues } = compileManifestText(
      seed('dev-cluster-02-topology.yaml'),
      'dev-cluster-02-topology.yaml',
    );
    expect(issues).toEqual([
      expect.objectContaining({
        document: 'dev-cluster-02-topology.yaml#1',
        resource: 'Cluster/dev-cluster-02',
        path: 'spec.topology.class',
        rule: 'topology-class-not-found',
      }),
    ]);
  });

  test('all seed CAPI fixtures together compile to both clusters', () => {
    const files = [
      'dev-cluster-01.yaml',
      'mhc.yaml',
      'clusterclass-standard-dev.yaml',
      'clusterclass-standard-dev-templates.yaml',
      'dev-cluster-02-topology.yaml',
    ];
    const docs = files.flatMap((f) => parseManifests(seed(f), f).docs);
    const { clusters, issues } = compileClusters(docs);
    expect(issues).toEqual([]);
    expect(clusters.map((c) => c.name)).toEqual(['dev-cluster-01', 'dev-cluster-02']);
  });

  // kind-mgmt.yaml is the article's kind (Kubernetes IN Docker) config: kind.x-k8s.io/v1alpha4
  // Cluster, which creates a local *management* cluster for CAPI's controllers. Capstan has no
  // management cluster (Temporal holds the desired state), so the model recognises that group and
  // refuses the document as out of scope with that explanation, instead of a bare "unknown kind"
  // (it is a `kind: Cluster`, which would otherwise look like a broken CAPI Cluster).
  test('kind-mgmt.yaml is refused as a kind config, not a CAPI resource', () => {
    const { clusters, issues } = compileManifestText(seed('kind-mgmt.yaml'), 'kind-mgmt.yaml');
    expect(clusters).toEqual([]);
    expect(issues).toEqual([
      {
        document: 'kind-mgmt.yaml#1',
        resource: 'Cluster/<unnamed>',
        path: 'kind',
        rule: 'out-of-scope-kind',
        message: expect.stringMatching(
          /kind\.x-k8s\.io\/v1alpha4 Cluster is a kind \(Kubernetes IN Docker\) configuration .* not a Cluster API resource/,
        ),
      },
    ]);
  });
});
