import { stringify } from 'yaml';
import type { ClusterCertificates } from './clusterCertificates';

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
  /**
   * The cluster's CAs and service-account keys (clusterCertificates.ts). Control-plane machines
   * get them as files under /etc/kubernetes/pki, as CABPK writes them, so every one of them uses
   * the same CAs; a worker never gets them.
   */
  certificates?: ClusterCertificates;
}

/** CABPK's file layout for the cluster certificates of a control-plane machine. */
function certificateFiles(c: ClusterCertificates): Record<string, unknown>[] {
  const file = (path: string, content: string, secret: boolean) => ({ path, owner: 'root:root', permissions: secret ? '0600' : '0640', content });
  return [
    file('/etc/kubernetes/pki/ca.crt', c.ca.cert, false),
    file('/etc/kubernetes/pki/ca.key', c.ca.key, true),
    file('/etc/kubernetes/pki/etcd/ca.crt', c.etcdCa.cert, false),
    file('/etc/kubernetes/pki/etcd/ca.key', c.etcdCa.key, true),
    file('/etc/kubernetes/pki/front-proxy-ca.crt', c.frontProxyCa.cert, false),
    file('/etc/kubernetes/pki/front-proxy-ca.key', c.frontProxyCa.key, true),
    file('/etc/kubernetes/pki/sa.pub', c.serviceAccount.pub, false),
    file('/etc/kubernetes/pki/sa.key', c.serviceAccount.key, true),
  ];
}

const SENTINEL = '/run/cluster-api/bootstrap-success.complete';

function record(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** CABPK's `users` (KubeadmConfigSpec) in cloud-init's spelling. */
function cloudInitUsers(v: unknown): Record<string, unknown>[] {
  if (!Array.isArray(v)) return [];
  const rename: Record<string, string> = {
    homeDir: 'homedir',
    primaryGroup: 'primary_group',
    lockPassword: 'lock_passwd',
    sshAuthorizedKeys: 'ssh_authorized_keys',
  };
  return v.map(record).map((u) => Object.fromEntries(Object.entries(u).map(([k, x]) => [rename[k] ?? k, x])));
}

/** CABPK's `ntp: {servers, enabled}`, as cloud-init's ntp module takes it. */
function cloudInitNtp(v: unknown): Record<string, unknown> | undefined {
  const ntp = record(v);
  if (Object.keys(ntp).length === 0) return undefined;
  return { ...(ntp.enabled !== undefined ? { enabled: ntp.enabled } : {}), ...(Array.isArray(ntp.servers) ? { servers: ntp.servers } : {}) };
}

/**
 * `caCertHash` (kubeadm's `sha256:<SPKI hash>` of the cluster CA) pins the API server a joining
 * machine trusts; without certificates the join falls back to `unsafeSkipCAVerification`.
 */
export function renderKubeadmCloudInit(input: KubeadmRenderInput & { caCertHash?: string }): string {
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
        bootstrapToken: {
          apiServerEndpoint: endpoint,
          token: input.token,
          ...(input.caCertHash ? { caCertHashes: [input.caCertHash] } : { unsafeSkipCAVerification: true }),
        },
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
      ...(input.certificates && input.mode !== 'join-worker' ? certificateFiles(input.certificates) : []),
      ...((Array.isArray(spec.files) ? spec.files : []) as unknown[]).map(record),
    ],
    ...(cloudInitUsers(spec.users).length ? { users: cloudInitUsers(spec.users) } : {}),
    ...(cloudInitNtp(spec.ntp) ? { ntp: cloudInitNtp(spec.ntp) } : {}),
    runcmd: [
      ...stringList(spec.preKubeadmCommands),
      kubeadmCommand,
      ...stringList(spec.postKubeadmCommands),
      `mkdir -p /run/cluster-api && echo success > ${SENTINEL}`,
    ],
  };
  return `#cloud-config\n${stringify(cloudConfig)}`;
}
