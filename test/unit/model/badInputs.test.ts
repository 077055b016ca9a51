import { formatIssue, type ValidationIssue } from '../../../shared/errors';
import { compileManifestText } from '../../../shared/model';
import { explicitCluster, topologyCluster, toYaml, V1BETA1, type Doc } from './manifestBuilders';

/**
 * One broken thing per case, on top of a manifest set that is otherwise valid. Each case asserts
 * the rule, the field path, the document (`bad.yaml#N`) and the `Kind/name`, and that the
 * formatted message names the document and the resource, so a user can go straight to the line.
 */
interface BadCase {
  name: string;
  yaml: () => string;
  expect: { doc: number; resource: string; path: string; rule: string; message?: RegExp };
}

const SOURCE = 'bad.yaml';

/** The explicit cluster c1 with `mutate` applied to its documents. */
function c1(mutate: (d: Doc[]) => void): () => string {
  return () => {
    const docs = explicitCluster();
    mutate(docs);
    return toYaml(docs);
  };
}

/** The topology cluster t1 (and its class) with `mutate` applied. */
function t1(mutate: (d: Doc[]) => void): () => string {
  return () => {
    const docs = topologyCluster();
    mutate(docs);
    return toYaml(docs);
  };
}

const at = (docs: Doc[], i: number): Doc => docs[i - 1] as Doc;
const cluster = (d: Doc[]) => at(d, 1);
const simCluster = (d: Doc[]) => at(d, 2);
const cpMachine = (d: Doc[]) => at(d, 3);
const kcp = (d: Doc[]) => at(d, 4);
const mdMachine = (d: Doc[]) => at(d, 5);
const md = (d: Doc[]) => at(d, 7);
const mhc = (d: Doc[]) => at(d, 8);
const cls = (d: Doc[]) => at(d, 1);
const topo = (d: Doc[]) => at(d, 7).spec.topology;

const cases: BadCase[] = [
  // --- YAML and document level -------------------------------------------------------------
  {
    name: 'tab used for indentation',
    yaml: () => `apiVersion: ${V1BETA1.core}\nkind: Cluster\nmetadata:\n\tname: c1\n`,
    expect: { doc: 1, resource: 'Cluster/<unnamed>', path: '', rule: 'yaml-tab-indent', message: /tabs/i },
  },
  {
    name: 'duplicate key in a mapping',
    yaml: () => `apiVersion: ${V1BETA1.core}\nkind: Cluster\nmetadata:\n  name: c1\n  name: c2\n`,
    expect: { doc: 1, resource: 'Cluster/c1', path: '', rule: 'yaml-duplicate-key', message: /unique/ },
  },
  {
    name: 'alias expansion beyond the budget',
    yaml: () => billionLaughs(),
    expect: {
      doc: 1,
      resource: 'ConfigMap/lol',
      path: '',
      rule: 'yaml-alias-limit',
      message: /billion laughs/,
    },
  },
  {
    name: 'document that is a list, not a mapping',
    yaml: () => `- a\n- b\n`,
    expect: { doc: 1, resource: '<unknown kind>/<unnamed>', path: '', rule: 'document-not-object' },
  },
  {
    name: 'unknown kind',
    yaml: () => `apiVersion: ${V1BETA1.infra}\nkind: VSphereCluster\nmetadata:\n  name: v1\n`,
    expect: {
      doc: 1,
      resource: 'VSphereCluster/v1',
      path: 'kind',
      rule: 'unknown-kind',
      message: /supported kinds: Cluster/,
    },
  },
  {
    name: 'kind (Kubernetes IN Docker) config is not a CAPI resource',
    yaml: () => `kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nname: capi-mgmt\n`,
    expect: {
      doc: 1,
      resource: 'Cluster/<unnamed>',
      path: 'kind',
      rule: 'out-of-scope-kind',
      message: /kind \(Kubernetes IN Docker\)/,
    },
  },
  {
    name: 'unsupported apiVersion of a known kind',
    yaml: c1((d) => (cluster(d).apiVersion = 'cluster.x-k8s.io/v1beta2')),
    expect: {
      doc: 1,
      resource: 'Cluster/c1',
      path: 'apiVersion',
      rule: 'unsupported-api-version',
      message: /v1beta1/,
    },
  },
  {
    name: 'missing metadata.name',
    yaml: c1((d) => delete simCluster(d).metadata.name),
    expect: { doc: 2, resource: 'SimCluster/<unnamed>', path: 'metadata.name', rule: 'name-required' },
  },
  {
    name: 'missing kind',
    yaml: () => `apiVersion: ${V1BETA1.core}\nmetadata:\n  name: x\n`,
    expect: { doc: 1, resource: '<unknown kind>/x', path: 'kind', rule: 'kind-required' },
  },
  // --- schema: unknown fields, types, names --------------------------------------------------
  {
    name: 'unknown field in Cluster spec (typo)',
    yaml: c1((d) => (cluster(d).spec.controlPlaneRefs = {})),
    expect: {
      doc: 1,
      resource: 'Cluster/c1',
      path: 'spec.controlPlaneRefs',
      rule: 'unknown-field',
      message: /controlPlaneRefs/,
    },
  },
  {
    name: 'unknown field deep in a MachineDeployment template',
    yaml: c1((d) => (md(d).spec.template.spec.versoin = 'v1.31.4')),
    expect: {
      doc: 7,
      resource: 'MachineDeployment/c1-md-0',
      path: 'spec.template.spec.versoin',
      rule: 'unknown-field',
    },
  },
  {
    name: 'unknown field in a SimMachineTemplate spec',
    yaml: c1((d) => (mdMachine(d).spec.template.spec.cpus = 4)),
    expect: {
      doc: 5,
      resource: 'SimMachineTemplate/c1-md-0',
      path: 'spec.template.spec.cpus',
      rule: 'unknown-field',
    },
  },
  {
    name: 'replicas given as a string',
    yaml: c1((d) => (kcp(d).spec.replicas = '3')),
    expect: {
      doc: 4,
      resource: 'KubeadmControlPlane/c1-cp',
      path: 'spec.replicas',
      rule: 'type',
      message: /expected a number/,
    },
  },
  {
    name: 'cluster name longer than 63 characters',
    yaml: () =>
      toYaml([{ ...explicitCluster()[0], metadata: { name: 'c'.repeat(64), namespace: 'default' } }]),
    expect: {
      doc: 1,
      resource: `Cluster/${'c'.repeat(64)}`,
      path: 'metadata.name',
      rule: 'cluster-name',
      message: /DNS-1123 label/,
    },
  },
  {
    name: 'cluster name with upper-case letters',
    yaml: () => toYaml([{ ...explicitCluster()[0], metadata: { name: 'Dev01' } }]),
    expect: { doc: 1, resource: 'Cluster/Dev01', path: 'metadata.name', rule: 'cluster-name' },
  },
  {
    name: 'object name that is not a DNS-1123 subdomain',
    yaml: c1((d) => (mdMachine(d).metadata.name = 'c1_md_0')),
    expect: {
      doc: 5,
      resource: 'SimMachineTemplate/c1_md_0',
      path: 'metadata.name',
      rule: 'dns1123-subdomain',
    },
  },
  {
    name: 'namespace that is not a DNS-1123 label',
    yaml: c1((d) => (simCluster(d).metadata.namespace = 'team.a')),
    expect: { doc: 2, resource: 'SimCluster/c1', path: 'metadata.namespace', rule: 'dns1123-label' },
  },
  {
    name: 'invalid label key',
    yaml: c1((d) => (cluster(d).metadata.labels['bad key'] = 'x')),
    expect: { doc: 1, resource: 'Cluster/c1', path: 'metadata.labels["bad key"]', rule: 'label-key' },
  },
  {
    name: 'label value longer than 63 characters',
    yaml: c1((d) => (cluster(d).metadata.labels.env = 'x'.repeat(64))),
    expect: { doc: 1, resource: 'Cluster/c1', path: 'metadata.labels.env', rule: 'label-value' },
  },
  {
    name: 'invalid annotation key',
    yaml: c1((d) => (kcp(d).metadata.annotations = { '/nope': 'x' })),
    expect: {
      doc: 4,
      resource: 'KubeadmControlPlane/c1-cp',
      path: 'metadata.annotations["/nope"]',
      rule: 'annotation-key',
    },
  },
  {
    name: 'pod CIDR that is not a CIDR',
    yaml: c1((d) => (cluster(d).spec.clusterNetwork.pods.cidrBlocks = ['192.168.0.0/33'])),
    expect: { doc: 1, resource: 'Cluster/c1', path: 'spec.clusterNetwork.pods.cidrBlocks[0]', rule: 'cidr' },
  },
  // --- versions --------------------------------------------------------------------------------
  {
    name: 'KCP version without a patch number',
    yaml: c1((d) => (kcp(d).spec.version = 'v1.31')),
    expect: {
      doc: 4,
      resource: 'KubeadmControlPlane/c1-cp',
      path: 'spec.version',
      rule: 'version-format',
      message: /vMAJOR\.MINOR\.PATCH/,
    },
  },
  {
    name: 'MachineDeployment version that is not semver',
    yaml: c1((d) => (md(d).spec.template.spec.version = 'latest')),
    expect: {
      doc: 7,
      resource: 'MachineDeployment/c1-md-0',
      path: 'spec.template.spec.version',
      rule: 'version-format',
    },
  },
  {
    name: 'worker version newer than the control plane',
    yaml: c1((d) => (md(d).spec.template.spec.version = 'v1.31.5')),
    expect: {
      doc: 7,
      resource: 'MachineDeployment/c1-md-0',
      path: 'spec.template.spec.version',
      rule: 'md-version-above-control-plane',
    },
  },
  {
    name: 'worker version more than 3 minors behind the control plane',
    yaml: c1((d) => (md(d).spec.template.spec.version = 'v1.27.9')),
    expect: {
      doc: 7,
      resource: 'MachineDeployment/c1-md-0',
      path: 'spec.template.spec.version',
      rule: 'kubelet-version-skew',
      message: /3 minor/,
    },
  },
  {
    name: 'worker version missing',
    yaml: c1((d) => delete md(d).spec.template.spec.version),
    expect: {
      doc: 7,
      resource: 'MachineDeployment/c1-md-0',
      path: 'spec.template.spec.version',
      rule: 'md-version-required',
    },
  },
  // --- KubeadmControlPlane webhook rules ------------------------------------------------------
  {
    name: 'even KCP replicas with stacked etcd',
    yaml: c1((d) => (kcp(d).spec.replicas = 2)),
    expect: {
      doc: 4,
      resource: 'KubeadmControlPlane/c1-cp',
      path: 'spec.replicas',
      rule: 'kcp-replicas-odd',
      message: /even/,
    },
  },
  {
    name: 'zero KCP replicas',
    yaml: c1((d) => (kcp(d).spec.replicas = 0)),
    expect: {
      doc: 4,
      resource: 'KubeadmControlPlane/c1-cp',
      path: 'spec.replicas',
      rule: 'kcp-replicas-min',
    },
  },
  {
    name: 'KCP maxSurge other than 0 or 1',
    yaml: c1((d) => (kcp(d).spec.rolloutStrategy = { rollingUpdate: { maxSurge: 2 } })),
    expect: {
      doc: 4,
      resource: 'KubeadmControlPlane/c1-cp',
      path: 'spec.rolloutStrategy.rollingUpdate.maxSurge',
      rule: 'kcp-max-surge',
    },
  },
  {
    name: 'KCP maxSurge 0 with fewer than 3 replicas',
    yaml: c1((d) => (kcp(d).spec.rolloutStrategy = { rollingUpdate: { maxSurge: 0 } })),
    expect: {
      doc: 4,
      resource: 'KubeadmControlPlane/c1-cp',
      path: 'spec.rolloutStrategy.rollingUpdate.maxSurge',
      rule: 'kcp-scale-in-min-replicas',
      message: /at least 3 replicas/,
    },
  },
  {
    name: 'KCP rollout strategy other than RollingUpdate',
    yaml: c1((d) => (kcp(d).spec.rolloutStrategy = { type: 'OnDelete' })),
    expect: {
      doc: 4,
      resource: 'KubeadmControlPlane/c1-cp',
      path: 'spec.rolloutStrategy.type',
      rule: 'enum',
    },
  },
  {
    name: 'negative KCP remediation retry period',
    yaml: c1((d) => (kcp(d).spec.remediationStrategy = { retryPeriod: '-5m' })),
    expect: {
      doc: 4,
      resource: 'KubeadmControlPlane/c1-cp',
      path: 'spec.remediationStrategy.retryPeriod',
      rule: 'duration-non-negative',
    },
  },
  // --- MachineDeployment webhook rules --------------------------------------------------------
  {
    name: 'negative MachineDeployment replicas',
    yaml: c1((d) => (md(d).spec.replicas = -1)),
    expect: { doc: 7, resource: 'MachineDeployment/c1-md-0', path: 'spec.replicas', rule: 'md-replicas-min' },
  },
  {
    name: 'maxSurge that is neither an integer nor a percentage',
    yaml: c1((d) => (md(d).spec.strategy = { rollingUpdate: { maxSurge: 'abc' } })),
    expect: {
      doc: 7,
      resource: 'MachineDeployment/c1-md-0',
      path: 'spec.strategy.rollingUpdate.maxSurge',
      rule: 'int-or-percent',
    },
  },
  {
    name: 'negative maxUnavailable',
    yaml: c1((d) => (md(d).spec.strategy = { rollingUpdate: { maxUnavailable: -1 } })),
    expect: {
      doc: 7,
      resource: 'MachineDeployment/c1-md-0',
      path: 'spec.strategy.rollingUpdate.maxUnavailable',
      rule: 'int-or-percent',
    },
  },
  {
    name: 'remediation maxInFlight that is neither an integer nor a percentage',
    yaml: c1((d) => (md(d).spec.strategy = { remediation: { maxInFlight: 'one' } })),
    expect: {
      doc: 7,
      resource: 'MachineDeployment/c1-md-0',
      path: 'spec.strategy.remediation.maxInFlight',
      rule: 'int-or-percent',
      message: /"one" must be a non-negative integer or a percentage/,
    },
  },
  {
    name: 'negative remediation maxInFlight',
    yaml: c1((d) => (md(d).spec.strategy = { remediation: { maxInFlight: -1 } })),
    expect: {
      doc: 7,
      resource: 'MachineDeployment/c1-md-0',
      path: 'spec.strategy.remediation.maxInFlight',
      rule: 'int-or-percent',
    },
  },
  {
    name: 'maxSurge and maxUnavailable both 0',
    yaml: c1((d) => (md(d).spec.strategy = { rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } })),
    expect: {
      doc: 7,
      resource: 'MachineDeployment/c1-md-0',
      path: 'spec.strategy.rollingUpdate.maxSurge',
      rule: 'md-surge-and-unavailable-zero',
    },
  },
  {
    name: 'unknown deletePolicy',
    yaml: c1((d) => (md(d).spec.strategy = { rollingUpdate: { deletePolicy: 'Largest' } })),
    expect: {
      doc: 7,
      resource: 'MachineDeployment/c1-md-0',
      path: 'spec.strategy.rollingUpdate.deletePolicy',
      rule: 'enum',
    },
  },
  {
    name: 'unknown strategy type',
    yaml: c1((d) => (md(d).spec.strategy = { type: 'Recreate' })),
    expect: { doc: 7, resource: 'MachineDeployment/c1-md-0', path: 'spec.strategy.type', rule: 'enum' },
  },
  {
    name: 'template clusterName differs from spec.clusterName',
    yaml: c1((d) => (md(d).spec.template.spec.clusterName = 'other')),
    expect: {
      doc: 7,
      resource: 'MachineDeployment/c1-md-0',
      path: 'spec.template.spec.clusterName',
      rule: 'cluster-name-mismatch',
    },
  },
  {
    name: 'selector that does not match the template labels',
    yaml: c1((d) => (md(d).spec.selector = { matchLabels: { pool: 'gpu' } })),
    expect: {
      doc: 7,
      resource: 'MachineDeployment/c1-md-0',
      path: 'spec.selector',
      rule: 'selector-matches-template',
    },
  },
  {
    name: 'drain timeout that is not a Go duration',
    yaml: c1((d) => (md(d).spec.template.spec.nodeDrainTimeout = 'forever')),
    expect: {
      doc: 7,
      resource: 'MachineDeployment/c1-md-0',
      path: 'spec.template.spec.nodeDrainTimeout',
      rule: 'duration-format',
    },
  },
  {
    name: 'rolloutAfter that is not an RFC 3339 time',
    yaml: c1((d) => (md(d).spec.rolloutAfter = 'tomorrow')),
    expect: { doc: 7, resource: 'MachineDeployment/c1-md-0', path: 'spec.rolloutAfter', rule: 'time-format' },
  },
  {
    name: 'machine template without any bootstrap',
    yaml: c1((d) => (md(d).spec.template.spec.bootstrap = {})),
    expect: {
      doc: 7,
      resource: 'MachineDeployment/c1-md-0',
      path: 'spec.template.spec.bootstrap',
      rule: 'bootstrap-required',
    },
  },
  {
    name: 'pre-made bootstrap secret instead of a KubeadmConfigTemplate',
    yaml: c1((d) => (md(d).spec.template.spec.bootstrap = { dataSecretName: 'my-data' })),
    expect: {
      doc: 7,
      resource: 'MachineDeployment/c1-md-0',
      path: 'spec.template.spec.bootstrap.configRef',
      rule: 'bootstrap-config-template-required',
    },
  },
  // --- references --------------------------------------------------------------------------
  {
    name: 'configRef to a KubeadmConfigTemplate that does not exist',
    yaml: c1((d) => (md(d).spec.template.spec.bootstrap.configRef.name = 'foo')),
    expect: {
      doc: 7,
      resource: 'MachineDeployment/c1-md-0',
      path: 'spec.template.spec.bootstrap.configRef',
      rule: 'ref-not-found',
      message:
        /KubeadmConfigTemplate default\/foo referenced by MachineDeployment\/c1-md-0 spec\.template\.spec\.bootstrap\.configRef does not exist/,
    },
  },
  {
    name: 'infrastructureRef of a MachineDeployment that does not exist',
    yaml: c1((d) => (md(d).spec.template.spec.infrastructureRef.name = 'missing')),
    expect: {
      doc: 7,
      resource: 'MachineDeployment/c1-md-0',
      path: 'spec.template.spec.infrastructureRef',
      rule: 'ref-not-found',
    },
  },
  {
    name: 'controlPlaneRef to a KubeadmControlPlane that does not exist',
    yaml: c1((d) => (cluster(d).spec.controlPlaneRef.name = 'nope')),
    expect: {
      doc: 1,
      resource: 'Cluster/c1',
      path: 'spec.controlPlaneRef',
      rule: 'ref-not-found',
      message: /KubeadmControlPlane default\/nope/,
    },
  },
  {
    name: 'controlPlaneRef pointing at an infrastructure cluster',
    yaml: c1(
      (d) =>
        (cluster(d).spec.controlPlaneRef = { apiVersion: V1BETA1.infra, kind: 'DockerCluster', name: 'c1' }),
    ),
    expect: {
      doc: 1,
      resource: 'Cluster/c1',
      path: 'spec.controlPlaneRef.kind',
      rule: 'ref-kind',
      message: /control plane.*not DockerCluster/,
    },
  },
  {
    name: 'infrastructureRef pointing at a control plane',
    yaml: c1(
      (d) =>
        (cluster(d).spec.infrastructureRef = {
          apiVersion: V1BETA1.controlPlane,
          kind: 'KubeadmControlPlane',
          name: 'c1-cp',
        }),
    ),
    expect: { doc: 1, resource: 'Cluster/c1', path: 'spec.infrastructureRef.kind', rule: 'ref-kind' },
  },
  {
    name: 'configRef to a KubeadmConfig instead of a template',
    yaml: c1((d) => (md(d).spec.template.spec.bootstrap.configRef.kind = 'KubeadmConfig')),
    expect: {
      doc: 7,
      resource: 'MachineDeployment/c1-md-0',
      path: 'spec.template.spec.bootstrap.configRef.kind',
      rule: 'ref-kind',
    },
  },
  {
    name: 'reference with the wrong API group',
    yaml: c1((d) => (cluster(d).spec.controlPlaneRef.apiVersion = V1BETA1.infra)),
    expect: {
      doc: 1,
      resource: 'Cluster/c1',
      path: 'spec.controlPlaneRef.apiVersion',
      rule: 'ref-api-group',
    },
  },
  {
    name: 'reference into another namespace',
    yaml: c1((d) => (cluster(d).spec.infrastructureRef.namespace = 'other')),
    expect: {
      doc: 1,
      resource: 'Cluster/c1',
      path: 'spec.infrastructureRef.namespace',
      rule: 'ref-namespace',
    },
  },
  {
    name: 'Cluster without infrastructureRef',
    yaml: c1((d) => delete cluster(d).spec.infrastructureRef),
    expect: {
      doc: 1,
      resource: 'Cluster/c1',
      path: 'spec.infrastructureRef',
      rule: 'infrastructure-ref-required',
    },
  },
  {
    name: 'Cluster without controlPlaneRef',
    yaml: c1((d) => delete cluster(d).spec.controlPlaneRef),
    expect: {
      doc: 1,
      resource: 'Cluster/c1',
      path: 'spec.controlPlaneRef',
      rule: 'control-plane-ref-required',
    },
  },
  {
    name: 'workers from another provider than the cluster (DockerMachineTemplate in a sim cluster)',
    yaml: c1((d) => {
      mdMachine(d).kind = 'DockerMachineTemplate';
      md(d).spec.template.spec.infrastructureRef.kind = 'DockerMachineTemplate';
    }),
    expect: {
      doc: 7,
      resource: 'MachineDeployment/c1-md-0',
      path: 'spec.template.spec.infrastructureRef',
      rule: 'provider-mismatch',
      message: /docker.*sim/,
    },
  },
  {
    name: 'control plane machines from another provider (AWSMachineTemplate in a sim cluster)',
    yaml: c1((d) => {
      cpMachine(d).kind = 'AWSMachineTemplate';
      cpMachine(d).spec.template.spec = { instanceType: 't3.large' };
      kcp(d).spec.machineTemplate.infrastructureRef.kind = 'AWSMachineTemplate';
    }),
    expect: {
      doc: 4,
      resource: 'KubeadmControlPlane/c1-cp',
      path: 'spec.machineTemplate.infrastructureRef',
      rule: 'provider-mismatch',
    },
  },
  {
    name: 'the same object declared twice',
    yaml: c1((d) => d.push(structuredClone(kcp(d)))),
    expect: {
      doc: 9,
      resource: 'KubeadmControlPlane/c1-cp',
      path: 'metadata.name',
      rule: 'duplicate-resource',
      message: /first in bad\.yaml#4/,
    },
  },
  {
    name: 'MachineDeployment of a cluster that does not exist',
    yaml: c1((d) => {
      md(d).spec.clusterName = 'ghost';
      md(d).spec.template.spec.clusterName = 'ghost';
    }),
    expect: {
      doc: 7,
      resource: 'MachineDeployment/c1-md-0',
      path: 'spec.clusterName',
      rule: 'cluster-not-found',
      message: /Cluster default\/ghost/,
    },
  },
  {
    name: 'hand-written MachineSet',
    yaml: c1((d) =>
      d.push({
        apiVersion: V1BETA1.core,
        kind: 'MachineSet',
        metadata: { name: 'ms' },
        spec: { clusterName: 'c1', template: md(d).spec.template },
      }),
    ),
    expect: { doc: 9, resource: 'MachineSet/ms', path: 'kind', rule: 'standalone-machines-unsupported' },
  },
  // --- MachineHealthCheck ----------------------------------------------------------------------
  {
    name: 'maxUnhealthy that is neither an integer nor a percentage',
    yaml: c1((d) => (mhc(d).spec.maxUnhealthy = '40')),
    expect: {
      doc: 8,
      resource: 'MachineHealthCheck/c1-mhc',
      path: 'spec.maxUnhealthy',
      rule: 'int-or-percent',
    },
  },
  {
    name: 'unhealthyRange without brackets',
    yaml: c1((d) => (mhc(d).spec.unhealthyRange = '3-5')),
    expect: {
      doc: 8,
      resource: 'MachineHealthCheck/c1-mhc',
      path: 'spec.unhealthyRange',
      rule: 'unhealthy-range-format',
      message: /\[min-max\]/,
    },
  },
  {
    name: 'unhealthyRange with min above max',
    yaml: c1((d) => (mhc(d).spec.unhealthyRange = '[5-3]')),
    expect: {
      doc: 8,
      resource: 'MachineHealthCheck/c1-mhc',
      path: 'spec.unhealthyRange',
      rule: 'unhealthy-range-order',
    },
  },
  {
    name: 'nodeStartupTimeout that is not a Go duration',
    yaml: c1((d) => (mhc(d).spec.nodeStartupTimeout = '10 minutes')),
    expect: {
      doc: 8,
      resource: 'MachineHealthCheck/c1-mhc',
      path: 'spec.nodeStartupTimeout',
      rule: 'duration-format',
    },
  },
  {
    name: 'nodeStartupTimeout below 30s',
    yaml: c1((d) => (mhc(d).spec.nodeStartupTimeout = '10s')),
    expect: {
      doc: 8,
      resource: 'MachineHealthCheck/c1-mhc',
      path: 'spec.nodeStartupTimeout',
      rule: 'mhc-node-startup-timeout-min',
    },
  },
  {
    name: 'unhealthy condition timeout without a unit',
    yaml: c1((d) => (mhc(d).spec.unhealthyConditions[0].timeout = '300')),
    expect: {
      doc: 8,
      resource: 'MachineHealthCheck/c1-mhc',
      path: 'spec.unhealthyConditions[0].timeout',
      rule: 'duration-format',
    },
  },
  {
    name: 'empty health-check selector',
    yaml: c1((d) => (mhc(d).spec.selector = { matchLabels: {} })),
    expect: {
      doc: 8,
      resource: 'MachineHealthCheck/c1-mhc',
      path: 'spec.selector',
      rule: 'mhc-selector-not-empty',
    },
  },
  {
    name: 'health check selecting by expression',
    yaml: c1((d) => (mhc(d).spec.selector.matchExpressions = [{ key: 'pool', operator: 'Exists' }])),
    expect: {
      doc: 8,
      resource: 'MachineHealthCheck/c1-mhc',
      path: 'spec.selector.matchExpressions',
      rule: 'mhc-match-expressions-unsupported',
    },
  },
  {
    name: 'health check of a cluster that does not exist',
    yaml: c1((d) => (mhc(d).spec.clusterName = 'ghost')),
    expect: {
      doc: 8,
      resource: 'MachineHealthCheck/c1-mhc',
      path: 'spec.clusterName',
      rule: 'cluster-not-found',
    },
  },
  // --- provider kinds -------------------------------------------------------------------------
  {
    name: 'negative simulated boot delay',
    yaml: c1((d) => (mdMachine(d).spec.template.spec.bootDelaySeconds = -1)),
    expect: {
      doc: 5,
      resource: 'SimMachineTemplate/c1-md-0',
      path: 'spec.template.spec.bootDelaySeconds',
      rule: 'sim-boot-delay-min',
    },
  },
  {
    name: 'BMC address with a driver Capstan does not speak',
    yaml: () => bareMetalHost({ address: 'idrac-virtualmedia://10.0.0.5/redfish/v1/Systems/1' }),
    expect: {
      doc: 1,
      resource: 'BareMetalHost/node-1',
      path: 'spec.bmc.address',
      rule: 'bmc-driver',
      message: /redfish\+http/,
    },
  },
  {
    name: 'boot MAC address that is not a MAC',
    yaml: () => bareMetalHost({ mac: '52:54:00:zz:00:01' }),
    expect: { doc: 1, resource: 'BareMetalHost/node-1', path: 'spec.bootMACAddress', rule: 'mac-address' },
  },
  {
    name: 'bare-metal host without `online`',
    yaml: () => bareMetalHost({ online: undefined }),
    expect: { doc: 1, resource: 'BareMetalHost/node-1', path: 'spec.online', rule: 'required' },
  },
  // --- ClusterClass topology --------------------------------------------------------------------
  {
    name: 'topology class that does not exist',
    yaml: t1((d) => (topo(d).class = 'nope')),
    expect: {
      doc: 7,
      resource: 'Cluster/t1',
      path: 'spec.topology.class',
      rule: 'topology-class-not-found',
      message: /ClusterClass default\/nope/,
    },
  },
  {
    name: 'required variable missing',
    yaml: t1((d) => (topo(d).variables = [])),
    expect: {
      doc: 7,
      resource: 'Cluster/t1',
      path: 'spec.topology.variables',
      rule: 'variable-required',
      message: /"region"/,
    },
  },
  {
    name: 'variable the class does not define',
    yaml: t1((d) => topo(d).variables.unshift({ name: 'colour', value: 'red' })),
    expect: {
      doc: 7,
      resource: 'Cluster/t1',
      path: 'spec.topology.variables[0].name',
      rule: 'variable-undefined',
    },
  },
  {
    name: 'variable of the wrong type',
    yaml: t1((d) => topo(d).variables.push({ name: 'workerCount', value: 'three' })),
    expect: {
      doc: 7,
      resource: 'Cluster/t1',
      path: 'spec.topology.variables[1].value',
      rule: 'variable-type',
    },
  },
  {
    name: 'variable above its maximum',
    yaml: t1((d) => topo(d).variables.push({ name: 'workerCount', value: 11 })),
    expect: {
      doc: 7,
      resource: 'Cluster/t1',
      path: 'spec.topology.variables[1].value',
      rule: 'variable-maximum',
    },
  },
  {
    name: 'variable outside its enum',
    yaml: t1((d) => (topo(d).variables[0].value = 'ap')),
    expect: {
      doc: 7,
      resource: 'Cluster/t1',
      path: 'spec.topology.variables[0].value',
      rule: 'variable-enum',
    },
  },
  {
    name: 'variable not matching its pattern',
    yaml: t1((d) => topo(d).variables.push({ name: 'zonePrefix', value: 'Zone-1' })),
    expect: {
      doc: 7,
      resource: 'Cluster/t1',
      path: 'spec.topology.variables[1].value',
      rule: 'variable-pattern',
    },
  },
  {
    name: 'object variable missing a required field',
    yaml: t1((d) => topo(d).variables.push({ name: 'network', value: { mtu: 9000 } })),
    expect: {
      doc: 7,
      resource: 'Cluster/t1',
      path: 'spec.topology.variables[1].value.cidr',
      rule: 'variable-required-field',
    },
  },
  {
    name: 'topology MachineDeployment of an undefined worker class',
    yaml: t1((d) => (topo(d).workers.machineDeployments[0].class = 'gpu-worker')),
    expect: {
      doc: 7,
      resource: 'Cluster/t1',
      path: 'spec.topology.workers.machineDeployments[0].class',
      rule: 'topology-md-class-not-found',
    },
  },
  {
    name: 'even control-plane replicas in a topology',
    yaml: t1((d) => (topo(d).controlPlane.replicas = 2)),
    expect: {
      doc: 7,
      resource: 'Cluster/t1',
      path: 'spec.topology.controlPlane.replicas',
      rule: 'kcp-replicas-odd',
    },
  },
  {
    name: 'topology version without a patch number',
    yaml: t1((d) => (topo(d).version = '1.31')),
    expect: { doc: 7, resource: 'Cluster/t1', path: 'spec.topology.version', rule: 'version-format' },
  },
  {
    name: 'two topology MachineDeployments with one name',
    yaml: t1((d) => topo(d).workers.machineDeployments.push({ class: 'default-worker', name: 'md-0' })),
    expect: {
      doc: 7,
      resource: 'Cluster/t1',
      path: 'spec.topology.workers.machineDeployments[1].name',
      rule: 'topology-md-name-unique',
    },
  },
  {
    name: 'topology cluster that also sets controlPlaneRef',
    yaml: t1(
      (d) =>
        (at(d, 7).spec.controlPlaneRef = {
          apiVersion: V1BETA1.controlPlane,
          kind: 'KubeadmControlPlane',
          name: 'x',
        }),
    ),
    expect: { doc: 7, resource: 'Cluster/t1', path: 'spec.controlPlaneRef', rule: 'topology-managed-refs' },
  },
  {
    name: 'ClusterClass pointing at an infrastructure template that does not exist',
    yaml: t1((d) => (cls(d).spec.infrastructure.ref.name = 'gone')),
    expect: {
      doc: 1,
      resource: 'ClusterClass/sim-class',
      path: 'spec.infrastructure.ref',
      rule: 'ref-not-found',
      message: /SimClusterTemplate default\/gone/,
    },
  },
  {
    name: 'ClusterClass without control-plane machine infrastructure',
    yaml: t1((d) => delete cls(d).spec.controlPlane.machineInfrastructure),
    expect: {
      doc: 1,
      resource: 'ClusterClass/sim-class',
      path: 'spec.controlPlane.machineInfrastructure',
      rule: 'class-machine-infrastructure-required',
    },
  },
  {
    name: 'ClusterClass patch with a Go-template value',
    yaml: t1(
      (d) =>
        (cls(d).spec.patches = [
          {
            name: 'p',
            definitions: [
              {
                selector: {
                  apiVersion: V1BETA1.infra,
                  kind: 'SimClusterTemplate',
                  matchResources: { infrastructureCluster: true },
                },
                jsonPatches: [
                  {
                    op: 'add',
                    path: '/spec/template/spec/failureDomains',
                    valueFrom: { template: '[{{ .zonePrefix }}]' },
                  },
                ],
              },
            ],
          },
        ]),
    ),
    expect: {
      doc: 1,
      resource: 'ClusterClass/sim-class',
      path: 'spec.patches[0].definitions[0].jsonPatches[0].valueFrom.template',
      rule: 'patch-unsupported',
    },
  },
  {
    name: 'variable schema using a combinator Capstan cannot evaluate',
    yaml: t1((d) => (cls(d).spec.variables[1].schema.openAPIV3Schema.anyOf = [{ minimum: 1 }])),
    expect: {
      doc: 1,
      resource: 'ClusterClass/sim-class',
      path: 'spec.variables[1].schema.openAPIV3Schema.anyOf',
      rule: 'variable-schema-unsupported',
    },
  },
];

function billionLaughs(): string {
  const lines = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: lol',
    'data:',
    '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) {
    const prev = names[i - 1];
    lines.push(`  ${names[i]}: &${names[i]} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return lines.join('\n') + '\n';
}

function bareMetalHost(o: { address?: string; mac?: string; online?: boolean | undefined }): string {
  const spec: Doc = {
    bmc: {
      address: o.address ?? 'redfish+http://10.0.0.5/redfish/v1/Systems/1',
      credentialsName: 'node-1-bmc',
    },
    bootMACAddress: o.mac ?? '52:54:00:12:34:56',
  };
  if (!('online' in o)) spec.online = true;
  else if (o.online !== undefined) spec.online = o.online;
  return toYaml([{ apiVersion: V1BETA1.infra, kind: 'BareMetalHost', metadata: { name: 'node-1' }, spec }]);
}

describe('bad manifests are refused with the rule, the path, the document and the resource', () => {
  test('there are at least 45 distinct cases', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(45);
  });

  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { clusters, issues } = compileManifestText(c.yaml(), SOURCE);
    const document = `${SOURCE}#${c.expect.doc}`;
    const found = issues.find(
      (i: ValidationIssue) =>
        i.rule === c.expect.rule &&
        i.path === c.expect.path &&
        i.document === document &&
        i.resource === c.expect.resource,
    );
    if (!found)
      throw new Error(
        `expected ${c.expect.rule} at ${document} ${c.expect.resource} ${c.expect.path}; got:\n${issues.map(formatIssue).join('\n')}`,
      );
    const text = formatIssue(found);
    expect(text).toContain(document);
    expect(text).toContain(c.expect.resource);
    expect(text).toContain(`[${c.expect.rule}]`);
    expect(found.message.length).toBeGreaterThan(10);
    if (c.expect.message) expect(found.message).toMatch(c.expect.message);
    // A manifest set with an issue never yields the affected cluster.
    expect(clusters.map((x) => x.name)).not.toContain(
      c.expect.resource.startsWith('Cluster/') ? c.expect.resource.slice(8) : '\u0000',
    );
  });
});
