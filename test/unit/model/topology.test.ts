import { compileManifestText, totalMachines } from '../../../shared/model';
import { topologyCluster, toYaml, V1BETA1, type Doc } from './manifestBuilders';

/** ClusterClass + spec.topology expansion into the objects CAPI's topology controller creates. */
describe('topology expansion', () => {
  const compile = (mutate: (d: Doc[]) => void = () => undefined) => {
    const docs = topologyCluster();
    mutate(docs);
    const r = compileManifestText(toYaml(docs), 'topo.yaml');
    expect(r.issues).toEqual([]);
    return r.clusters[0]!;
  };
  const cls = (d: Doc[]) => d[0] as Doc;
  const topo = (d: Doc[]) => (d[6] as Doc).spec.topology;

  test('KCP from the KubeadmControlPlaneTemplate with the topology replicas and version', () => {
    const c = compile();
    expect(c.provider).toBe('sim');
    expect(c.topology).toEqual({ class: 'sim-class', version: 'v1.31.4' });
    expect(c.controlPlane).toMatchObject({ name: 't1-cp', replicas: 3, version: 'v1.31.4' });
    expect(c.controlPlane.machineTemplate.bootstrap).toMatchObject({
      kind: 'KubeadmControlPlane',
      name: 't1-cp',
      spec: { clusterConfiguration: { apiServer: { certSANs: ['localhost'] } } },
    });
    expect(c.controlPlane.machineTemplate.infrastructure).toMatchObject({
      kind: 'SimMachineTemplate',
      name: 'sim-class-cp-machine',
    });
  });

  test('MachineDeployments named <cluster>-<topology name> from their worker class, with CAPI labels', () => {
    const c = compile((d) =>
      topo(d).workers.machineDeployments.push({
        class: 'default-worker',
        name: 'md-1',
        replicas: 1,
        failureDomain: 'sim-b',
      }),
    );
    expect(totalMachines(c)).toEqual({ controlPlane: 3, workers: 3 });
    expect(
      c.machineDeployments.map((m) => [m.name, m.replicas, m.topologyClass, m.template.failureDomain]),
    ).toEqual([
      ['t1-md-0', 2, 'default-worker', undefined],
      ['t1-md-1', 1, 'default-worker', 'sim-b'],
    ]);
    const md = c.machineDeployments[0]!;
    expect(md.labels).toMatchObject({
      'cluster.x-k8s.io/cluster-name': 't1',
      'cluster.x-k8s.io/deployment-name': 't1-md-0',
      'topology.cluster.x-k8s.io/owned': '',
      'topology.cluster.x-k8s.io/deployment-name': 'md-0',
      pool: 'default',
    });
    expect(md.template.labels).toMatchObject({
      'cluster.x-k8s.io/deployment-name': 't1-md-0',
      pool: 'default',
    });
    expect(md.template).toMatchObject({
      version: 'v1.31.4',
      bootstrap: { kind: 'KubeadmConfigTemplate', name: 'sim-class-worker' },
      infrastructure: { kind: 'SimMachineTemplate', name: 'sim-class-worker-machine' },
    });
  });

  test('the InfraCluster is stamped from the class template and named after the cluster', () => {
    const c = compile();
    expect(c.infrastructure).toEqual({ apiVersion: V1BETA1.infra, kind: 'SimCluster', name: 't1', spec: {} });
    const kinds = c.resources.map((r) => `${r.kind}/${r.metadata.name}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'Cluster/t1',
        'ClusterClass/sim-class',
        'SimCluster/t1',
        'KubeadmControlPlane/t1-cp',
        'MachineDeployment/t1-md-0',
      ]),
    );
  });

  test('topology replicas left unset take CAPI defaults (KCP 1, MD 1)', () => {
    const c = compile((d) => {
      delete topo(d).controlPlane.replicas;
      delete topo(d).workers.machineDeployments[0].replicas;
    });
    expect(totalMachines(c)).toEqual({ controlPlane: 1, workers: 1 });
  });

  test('a topology strategy replaces the class strategy; node timeouts fall back to the class', () => {
    const c = compile((d) => {
      cls(d).spec.workers.machineDeployments[0].strategy = {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 2 },
      };
      cls(d).spec.workers.machineDeployments[0].nodeDrainTimeout = '10m';
      topo(d).workers.machineDeployments[0].strategy = {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 1 },
      };
    });
    const md = c.machineDeployments[0]!;
    expect(md.strategy).toEqual({
      type: 'RollingUpdate',
      maxSurge: 1,
      maxUnavailable: 1,
      deletePolicy: 'Random',
    });
    expect(md.template.nodeDrainTimeoutSeconds).toBe(600);
  });

  test('a class strategy carries remediation maxInFlight into the MachineDeployment', () => {
    const c = compile((d) => {
      cls(d).spec.workers.machineDeployments[0].strategy = { remediation: { maxInFlight: '50%' } };
    });
    expect(c.machineDeployments[0]!.strategy.remediation).toEqual({ maxInFlight: '50%' });
  });

  test('variable defaults come from openAPIV3Schema.default, nested ones included', () => {
    // Observed through a patch that copies the variables into the worker template.
    const c = compile((d) => {
      topo(d).variables.push({ name: 'network', value: { cidr: '10.0.0.0/8' } });
      cls(d).spec.patches = [
        patchFromVariable('workerCount', '/spec/template/spec/bootDelaySeconds'),
        patchFromVariable('network.mtu', '/spec/template/spec/bootDelaySeconds', 'mtu'),
      ];
    });
    // The later patch wins: network.mtu defaulted to 1500.
    expect(c.machineDeployments[0]!.template.infrastructure.spec).toMatchObject({ bootDelaySeconds: 1500 });
  });

  test('patches write variable values into templates and the patched template gets a derived name', () => {
    const c = compile((d) => {
      topo(d).variables.push({ name: 'workerCount', value: 7 });
      cls(d).spec.patches = [patchFromVariable('workerCount', '/spec/template/spec/bootDelaySeconds')];
    });
    const infra = c.machineDeployments[0]!.template.infrastructure;
    expect(infra.spec).toEqual({ bootDelaySeconds: 7, failProvisioning: false });
    expect(infra.name).toMatch(/^sim-class-worker-machine-[a-z0-9]{6}$/);
    expect(c.resources.some((r) => r.kind === 'SimMachineTemplate' && r.metadata.name === infra.name)).toBe(
      true,
    );
    // The control plane's machine template is not selected by the MD patch.
    expect(c.controlPlane.machineTemplate.infrastructure.name).toBe('sim-class-cp-machine');
  });

  test('a different variable value yields a different template name, so machines roll', () => {
    const nameFor = (value: number) =>
      compile((d) => {
        topo(d).variables.push({ name: 'workerCount', value });
        cls(d).spec.patches = [patchFromVariable('workerCount', '/spec/template/spec/bootDelaySeconds')];
      }).machineDeployments[0]!.template.infrastructure.name;
    expect(nameFor(3)).not.toBe(nameFor(4));
    expect(nameFor(3)).toBe(nameFor(3));
  });

  test('per-MachineDeployment variable overrides are seen by that MachineDeployment only', () => {
    const c = compile((d) => {
      topo(d).workers.machineDeployments.push({
        class: 'default-worker',
        name: 'md-1',
        variables: { overrides: [{ name: 'workerCount', value: 9 }] },
      });
      cls(d).spec.patches = [patchFromVariable('workerCount', '/spec/template/spec/bootDelaySeconds')];
    });
    expect(c.machineDeployments.map((m) => m.template.infrastructure.spec.bootDelaySeconds)).toEqual([2, 9]);
  });

  test('builtin variables and enabledIf', () => {
    const c = compile((d) => {
      cls(d).spec.variables.push({
        name: 'spread',
        required: false,
        schema: { openAPIV3Schema: { type: 'boolean', default: false } },
      });
      topo(d).variables.push({ name: 'spread', value: true });
      cls(d).spec.patches = [
        {
          name: 'fd',
          enabledIf: '{{ .spread }}',
          definitions: [
            {
              selector: {
                apiVersion: V1BETA1.infra,
                kind: 'SimClusterTemplate',
                matchResources: { infrastructureCluster: true },
              },
              jsonPatches: [
                { op: 'add', path: '/spec/template/spec/failureDomains', value: ['sim-a', 'sim-b', 'sim-c'] },
              ],
            },
          ],
        },
        {
          name: 'never',
          enabledIf: '{{ not .spread }}',
          definitions: [
            {
              selector: {
                apiVersion: V1BETA1.infra,
                kind: 'SimClusterTemplate',
                matchResources: { infrastructureCluster: true },
              },
              jsonPatches: [{ op: 'add', path: '/spec/template/spec/failureDomains', value: ['never'] }],
            },
          ],
        },
        patchFromVariable('builtin.machineDeployment.replicas', '/spec/template/spec/bootDelaySeconds'),
      ];
    });
    expect(c.infrastructure.spec).toEqual({ failureDomains: ['sim-a', 'sim-b', 'sim-c'] });
    expect(c.machineDeployments[0]!.template.infrastructure.spec.bootDelaySeconds).toBe(2);
  });

  test('MachineHealthChecks from the class, for the control plane and each MachineDeployment', () => {
    const check = {
      maxUnhealthy: '40%',
      nodeStartupTimeout: '15m',
      unhealthyConditions: [{ type: 'Ready', status: 'False', timeout: '5m' }],
    };
    const c = compile((d) => {
      cls(d).spec.controlPlane.machineHealthCheck = check;
      cls(d).spec.workers.machineDeployments[0].machineHealthCheck = check;
    });
    expect(c.machineHealthChecks).toEqual([
      {
        name: 't1-cp',
        selector: {
          matchLabels: { 'cluster.x-k8s.io/cluster-name': 't1', 'cluster.x-k8s.io/control-plane': '' },
        },
        unhealthyConditions: [{ type: 'Ready', status: 'False', timeoutSeconds: 300 }],
        nodeStartupTimeoutSeconds: 900,
        maxUnhealthy: '40%',
      },
      {
        name: 't1-md-0',
        selector: {
          matchLabels: {
            'cluster.x-k8s.io/cluster-name': 't1',
            'cluster.x-k8s.io/deployment-name': 't1-md-0',
          },
        },
        unhealthyConditions: [{ type: 'Ready', status: 'False', timeoutSeconds: 300 }],
        nodeStartupTimeoutSeconds: 900,
        maxUnhealthy: '40%',
      },
    ]);
    // Selectors select the machines they are meant for.
    expect(c.controlPlane.machineTemplate.labels).toMatchObject(
      c.machineHealthChecks[0]!.selector.matchLabels,
    );
    expect(c.machineDeployments[0]!.template.labels).toMatchObject(
      c.machineHealthChecks[1]!.selector.matchLabels,
    );
  });

  test('machineHealthCheck.enable: false in the topology switches a class health check off', () => {
    const c = compile((d) => {
      cls(d).spec.controlPlane.machineHealthCheck = { maxUnhealthy: '100%' };
      topo(d).controlPlane.machineHealthCheck = { enable: false };
    });
    expect(c.machineHealthChecks).toEqual([]);
  });

  test('machineHealthCheck.enable: true without any definition is refused', () => {
    const docs = topologyCluster();
    topo(docs).controlPlane.machineHealthCheck = { enable: true };
    const { issues } = compileManifestText(toYaml(docs), 'topo.yaml');
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'spec.topology.controlPlane.machineHealthCheck.enable',
        rule: 'mhc-definition-required',
      }),
    ]);
  });

  test('a MachineDeployment declared separately for a topology cluster is attached too', () => {
    const docs = topologyCluster();
    docs.push(
      {
        apiVersion: V1BETA1.infra,
        kind: 'SimMachineTemplate',
        metadata: { name: 'extra' },
        spec: { template: { spec: {} } },
      },
      {
        apiVersion: V1BETA1.core,
        kind: 'MachineDeployment',
        metadata: { name: 't1-extra' },
        spec: {
          clusterName: 't1',
          replicas: 1,
          template: {
            spec: {
              clusterName: 't1',
              version: 'v1.30.2',
              bootstrap: {
                configRef: {
                  apiVersion: V1BETA1.bootstrap,
                  kind: 'KubeadmConfigTemplate',
                  name: 'sim-class-worker',
                },
              },
              infrastructureRef: { apiVersion: V1BETA1.infra, kind: 'SimMachineTemplate', name: 'extra' },
            },
          },
        },
      },
    );
    const { clusters, issues } = compileManifestText(toYaml(docs), 'topo.yaml');
    expect(issues).toEqual([]);
    expect(clusters[0]!.machineDeployments.map((m) => [m.name, m.template.version, m.topologyClass])).toEqual(
      [
        ['t1-extra', 'v1.30.2', undefined],
        ['t1-md-0', 'v1.31.4', 'default-worker'],
      ],
    );
  });

  test('two clusters of one class report the class’s problem once', () => {
    const docs = topologyCluster();
    const second = structuredClone(docs[6] as Doc);
    second.metadata.name = 't2';
    cls(docs).spec.infrastructure.ref.name = 'gone';
    const { issues } = compileManifestText(toYaml([...docs, second]), 'topo.yaml');
    expect(issues.filter((i) => i.rule === 'ref-not-found')).toHaveLength(1);
  });
});

function patchFromVariable(variable: string, path: string, name = variable): Doc {
  return {
    name: `from-${name.replace(/\./g, '-')}`,
    definitions: [
      {
        selector: {
          apiVersion: V1BETA1.infra,
          kind: 'SimMachineTemplate',
          matchResources: { machineDeploymentClass: { names: ['default-worker'] } },
        },
        jsonPatches: [{ op: 'add', path, valueFrom: { variable } }],
      },
    ],
  };
}
