import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileManifestText } from '../../../shared/model';
import { explicitCluster, toYaml, V1BETA1, type Doc } from './manifestBuilders';

/** The provider is chosen by the infrastructure kind: Sim* → sim, Docker* → docker, AWS* → aws, BareMetal* → baremetal, Byo* → ssh. */
describe('provider from the infrastructure kinds', () => {
  function withInfra(
    clusterKind: string,
    machineKind: string,
    clusterSpec: Doc,
    machineSpec: Doc,
    apiVersion = V1BETA1.infra,
  ): Doc[] {
    const docs = explicitCluster();
    const [cluster, infra, cpMachine, kcp, mdMachine, , md] = docs as [
      Doc,
      Doc,
      Doc,
      Doc,
      Doc,
      Doc,
      Doc,
      Doc,
    ];
    cluster.spec.infrastructureRef = { apiVersion, kind: clusterKind, name: 'c1' };
    Object.assign(infra, { apiVersion, kind: clusterKind, spec: clusterSpec });
    for (const m of [cpMachine, mdMachine])
      Object.assign(m, { apiVersion, kind: machineKind, spec: { template: { spec: machineSpec } } });
    kcp.spec.machineTemplate.infrastructureRef = { apiVersion, kind: machineKind, name: 'c1-cp' };
    md.spec.template.spec.infrastructureRef = { apiVersion, kind: machineKind, name: 'c1-md-0' };
    return docs;
  }

  test.each([
    ['sim', 'SimCluster', 'SimMachineTemplate', {}, {}],
    ['docker', 'DockerCluster', 'DockerMachineTemplate', {}, { customImage: 'kindest/node:v1.31.4' }],
    ['aws', 'AWSCluster', 'AWSMachineTemplate', { region: 'eu-west-1' }, { instanceType: 't3.large' }],
    [
      'baremetal',
      'BareMetalCluster',
      'BareMetalMachineTemplate',
      { controlPlaneEndpoint: { host: '10.0.0.10', port: 6443 } },
      { image: { url: 'http://images/ubuntu.qcow2', format: 'qcow2' } },
    ],
    ['ssh', 'ByoCluster', 'ByoMachineTemplate', { controlPlaneEndpoint: { host: '10.0.0.10', port: 6443 } }, { selector: { matchLabels: { pool: 'workers' } } }],
  ])('%s', (provider, clusterKind, machineKind, clusterSpec, machineSpec) => {
    const { clusters, issues } = compileManifestText(
      toYaml(withInfra(clusterKind, machineKind, clusterSpec, machineSpec)),
      'p.yaml',
    );
    expect(issues).toEqual([]);
    expect(clusters[0]).toMatchObject({
      provider,
      infrastructure: { kind: clusterKind, name: 'c1', spec: clusterSpec },
    });
    expect(clusters[0]!.controlPlane.machineTemplate.infrastructure).toMatchObject({
      kind: machineKind,
      spec: machineSpec,
    });
  });

  test('AWS kinds are accepted at CAPA’s v1beta2 too', () => {
    const v1beta2 = 'infrastructure.cluster.x-k8s.io/v1beta2';
    const { clusters, issues } = compileManifestText(
      toYaml(
        withInfra(
          'AWSCluster',
          'AWSMachineTemplate',
          { region: 'us-east-1' },
          { instanceType: 'm5.large' },
          v1beta2,
        ),
      ),
      'aws.yaml',
    );
    expect(issues).toEqual([]);
    expect(clusters[0]!.provider).toBe('aws');
  });

  test('bare-metal hosts that the machine templates may claim are part of the cluster’s resources', () => {
    const docs = withInfra(
      'BareMetalCluster',
      'BareMetalMachineTemplate',
      { controlPlaneEndpoint: { host: '10.0.0.10', port: 6443 } },
      {
        image: { url: 'http://images/ubuntu.raw' },
        hostSelector: { matchLabels: { rack: 'r1' } },
      },
    );
    const host = (name: string, rack: string, address: string): Doc => ({
      apiVersion: 'metal3.io/v1alpha1',
      kind: 'BareMetalHost',
      metadata: { name, labels: { rack } },
      spec: {
        online: true,
        bootMACAddress: '52:54:00:00:00:01',
        bmc: { address, credentialsName: `${name}-bmc` },
        sshAddress: '10.0.1.5:22',
      },
    });
    docs.push(
      host('h1', 'r1', 'redfish+http://10.0.0.5/redfish/v1/Systems/1'),
      host('h2', 'r1', 'ipmi://10.0.0.6:623'),
      host('h3', 'r2', '10.0.0.7'),
    );
    const { clusters, issues } = compileManifestText(toYaml(docs), 'bm.yaml');
    expect(issues).toEqual([]);
    const hosts = clusters[0]!.resources
      .filter((r) => r.kind === 'BareMetalHost')
      .map((r) => r.metadata.name);
    expect(hosts).toEqual(['h1', 'h2']);
  });

  test('ByoCluster (existing hosts over SSH) requires the control-plane endpoint; ByoMachineTemplate refuses what Capstan does not do', () => {
    const { issues } = compileManifestText(toYaml(withInfra('ByoCluster', 'ByoMachineTemplate', {}, { installerRef: { kind: 'K8sInstallerConfigTemplate', name: 'x' } })), 'byo.yaml');
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ resource: 'ByoCluster/c1', path: 'spec.controlPlaneEndpoint' }),
        expect.objectContaining({ resource: 'ByoMachineTemplate/c1-cp', path: expect.stringMatching(/^spec\.template\.spec/), message: expect.stringMatching(/installerRef/) }),
      ]),
    );
  });

  test('the SSH example (test/fixtures/providers/ssh-hosts.yaml) compiles to the ssh provider, each pool by its selector', () => {
    const { clusters, issues } = compileManifestText(readFileSync(join(__dirname, '../../fixtures/providers/ssh-hosts.yaml'), 'utf8'), 'ssh-hosts.yaml');
    expect(issues).toEqual([]);
    expect(clusters.map((c) => [c.name, c.provider, c.infrastructure.spec])).toEqual([['rack1-cluster', 'ssh', { controlPlaneEndpoint: { host: '10.0.0.10', port: 6443 } }]]);
    expect(clusters[0]!.controlPlane.machineTemplate.infrastructure.spec).toEqual({ selector: { matchLabels: { pool: 'control-plane' } } });
    expect(clusters[0]!.machineDeployments[0]!.template.infrastructure.spec).toEqual({ selector: { matchLabels: { pool: 'workers' } } });
  });

  test('AWSMachineTemplate requires instanceType, as CAPA does', () => {
    const { issues } = compileManifestText(
      toYaml(withInfra('AWSCluster', 'AWSMachineTemplate', { region: 'eu-west-1' }, {})),
      'aws.yaml',
    );
    expect(issues.map((i) => `${i.document} ${i.path} ${i.rule}`)).toEqual([
      'aws.yaml#3 spec.template.spec.instanceType required',
      'aws.yaml#5 spec.template.spec.instanceType required',
    ]);
  });

  test('a name that YAML reads as a number is reported as such', () => {
    const docs = explicitCluster();
    (docs[1] as Doc).metadata.name = 2024;
    const { issues } = compileManifestText(toYaml(docs), 'n.yaml');
    expect(issues).toContainEqual(
      expect.objectContaining({ document: 'n.yaml#2', path: 'metadata.name', rule: 'type' }),
    );
  });
});
