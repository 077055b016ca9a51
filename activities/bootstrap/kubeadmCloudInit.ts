import { stringify } from 'yaml';

/**
 * Renders cloud-init user data for `kubeadm init` / `kubeadm join`, the way CABPK does: kubeadm
 * configuration written to /run/kubeadm/kubeadm.yaml, then the kubeadm command, then the
 * bootstrap sentinel file. The lifecycle/real-provider issues extend this (certs, files, users);
 * the shape of the output is already the real one.
 */
export type BootstrapMode = 'init' | 'join-control-plane' | 'join-worker';

export interface KubeadmRenderInput {
  mode: BootstrapMode;
  clusterName: string;
  namespace: string;
  version: string;
  controlPlaneEndpoint: { host: string; port: number };
  /** KubeadmConfig spec (KCP kubeadmConfigSpec or KubeadmConfigTemplate spec.template.spec) */
  kubeadmConfigSpec: Record<string, unknown>;
  podCIDRs: string[];
  serviceCIDRs: string[];
  serviceDomain: string;
  token: string;
  nodeName: string;
}

const SENTINEL = '/run/cluster-api/bootstrap-success.complete';

function record(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function renderKubeadmCloudInit(input: KubeadmRenderInput): string {
  const spec = input.kubeadmConfigSpec;
  const endpoint = `${input.controlPlaneEndpoint.host}:${input.controlPlaneEndpoint.port}`;
  const documents: Record<string, unknown>[] = [];
  if (input.mode === 'init') {
    documents.push({
      apiVersion: 'kubeadm.k8s.io/v1beta3',
      kind: 'ClusterConfiguration',
      ...record(spec.clusterConfiguration),
      clusterName: input.clusterName,
      kubernetesVersion: input.version,
      controlPlaneEndpoint: endpoint,
      networking: {
        dnsDomain: input.serviceDomain,
        ...(input.podCIDRs.length ? { podSubnet: input.podCIDRs.join(',') } : {}),
        ...(input.serviceCIDRs.length ? { serviceSubnet: input.serviceCIDRs.join(',') } : {}),
      },
    });
    const init = record(spec.initConfiguration);
    documents.push({
      apiVersion: 'kubeadm.k8s.io/v1beta3',
      kind: 'InitConfiguration',
      ...init,
      bootstrapTokens: [{ token: input.token, ttl: '15m0s', usages: ['signing', 'authentication'] }],
      nodeRegistration: { ...record(init.nodeRegistration), name: input.nodeName },
    });
  } else {
    const join = record(spec.joinConfiguration);
    documents.push({
      apiVersion: 'kubeadm.k8s.io/v1beta3',
      kind: 'JoinConfiguration',
      ...join,
      discovery: {
        bootstrapToken: { apiServerEndpoint: endpoint, token: input.token, unsafeSkipCAVerification: true },
      },
      nodeRegistration: { ...record(join.nodeRegistration), name: input.nodeName },
      ...(input.mode === 'join-control-plane' ? { controlPlane: record(join.controlPlane) } : {}),
    });
  }
  const kubeadmYaml = documents.map((d) => stringify(d)).join('---\n');
  const kubeadmCommand =
    input.mode === 'init'
      ? 'kubeadm init --config /run/kubeadm/kubeadm.yaml'
      : 'kubeadm join --config /run/kubeadm/kubeadm-join-config.yaml';
  const cloudConfig = {
    write_files: [
      {
        path: input.mode === 'init' ? '/run/kubeadm/kubeadm.yaml' : '/run/kubeadm/kubeadm-join-config.yaml',
        owner: 'root:root',
        permissions: '0640',
        content: kubeadmYaml,
      },
      ...((Array.isArray(spec.files) ? spec.files : []) as unknown[]).map(record),
    ],
    runcmd: [
      ...stringList(spec.preKubeadmCommands),
      kubeadmCommand,
      ...stringList(spec.postKubeadmCommands),
      `mkdir -p /run/cluster-api && echo success > ${SENTINEL}`,
    ],
  };
  return `#cloud-config\n${stringify(cloudConfig)}`;
}
