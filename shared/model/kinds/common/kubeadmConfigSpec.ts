import { z } from 'zod';
import { dnsSubdomainName } from './formats';

/**
 * bootstrapv1beta1.KubeadmConfigSpec. The top level is closed like CAPI's; the kubeadm API
 * objects inside (ClusterConfiguration, InitConfiguration, JoinConfiguration) are large and
 * versioned by kubeadm, so they pass unknown fields through, but the fields Capstan reads
 * (certSANs, criSocket, etcd, networking...) are typed.
 */
const stringMap = z.record(z.string(), z.string());

const nodeRegistration = z
  .object({
    name: z.string().optional(),
    criSocket: z.string().optional(),
    taints: z.array(z.record(z.string(), z.unknown())).optional(),
    kubeletExtraArgs: stringMap.optional(),
    ignorePreflightErrors: z.array(z.string()).optional(),
    imagePullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).optional(),
  })
  .passthrough();

const controlPlaneComponent = z
  .object({
    extraArgs: stringMap.optional(),
    extraVolumes: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .passthrough();

const clusterConfiguration = z
  .object({
    apiServer: controlPlaneComponent
      .extend({ certSANs: z.array(z.string()).optional(), timeoutForControlPlane: z.string().optional() })
      .passthrough()
      .optional(),
    controllerManager: controlPlaneComponent.optional(),
    scheduler: controlPlaneComponent.optional(),
    etcd: z
      .object({
        local: z.record(z.string(), z.unknown()).optional(),
        external: z
          .object({ endpoints: z.array(z.string()).min(1) })
          .passthrough()
          .optional(),
      })
      .passthrough()
      .optional(),
    networking: z
      .object({
        serviceSubnet: z.string().optional(),
        podSubnet: z.string().optional(),
        dnsDomain: z.string().optional(),
      })
      .passthrough()
      .optional(),
    kubernetesVersion: z.string().optional(),
    controlPlaneEndpoint: z.string().optional(),
    clusterName: z.string().optional(),
    imageRepository: z.string().optional(),
    featureGates: z.record(z.string(), z.boolean()).optional(),
    dns: z
      .object({ imageRepository: z.string().optional(), imageTag: z.string().optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();

const initConfiguration = z
  .object({
    nodeRegistration: nodeRegistration.optional(),
    bootstrapTokens: z.array(z.record(z.string(), z.unknown())).optional(),
    localAPIEndpoint: z
      .object({ advertiseAddress: z.string().optional(), bindPort: z.number().int().optional() })
      .passthrough()
      .optional(),
    skipPhases: z.array(z.string()).optional(),
  })
  .passthrough();

const joinConfiguration = z
  .object({
    nodeRegistration: nodeRegistration.optional(),
    caCertPath: z.string().optional(),
    discovery: z.record(z.string(), z.unknown()).optional(),
    controlPlane: z.record(z.string(), z.unknown()).optional(),
    skipPhases: z.array(z.string()).optional(),
  })
  .passthrough();

const file = z
  .object({
    path: z.string().min(1),
    owner: z.string().optional(),
    permissions: z.string().optional(),
    encoding: z.enum(['base64', 'gzip', 'gzip+base64']).optional(),
    append: z.boolean().optional(),
    content: z.string().optional(),
    contentFrom: z
      .object({ secret: z.object({ name: dnsSubdomainName, key: z.string().min(1) }).strict() })
      .strict()
      .optional(),
  })
  .strict();

const user = z
  .object({
    name: z.string().min(1),
    gecos: z.string().optional(),
    groups: z.string().optional(),
    homeDir: z.string().optional(),
    inactive: z.boolean().optional(),
    shell: z.string().optional(),
    passwd: z.string().optional(),
    passwdFrom: z.record(z.string(), z.unknown()).optional(),
    primaryGroup: z.string().optional(),
    lockPassword: z.boolean().optional(),
    sudo: z.string().optional(),
    sshAuthorizedKeys: z.array(z.string()).optional(),
  })
  .strict();

export const kubeadmConfigSpec = z
  .object({
    clusterConfiguration: clusterConfiguration.optional(),
    initConfiguration: initConfiguration.optional(),
    joinConfiguration: joinConfiguration.optional(),
    files: z.array(file).optional(),
    diskSetup: z.record(z.string(), z.unknown()).optional(),
    mounts: z.array(z.array(z.string())).optional(),
    bootCommands: z.array(z.string()).optional(),
    preKubeadmCommands: z.array(z.string()).optional(),
    postKubeadmCommands: z.array(z.string()).optional(),
    users: z.array(user).optional(),
    ntp: z
      .object({ servers: z.array(z.string()).optional(), enabled: z.boolean().optional() })
      .strict()
      .optional(),
    format: z.enum(['cloud-config', 'ignition']).default('cloud-config'),
    verbosity: z.number().int().optional(),
    useExperimentalRetryJoin: z.boolean().optional(),
    ignition: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export type KubeadmConfigSpec = z.infer<typeof kubeadmConfigSpec>;

/** Stacked etcd unless `clusterConfiguration.etcd.external` is set: decides the odd-replicas rule. */
export function usesExternalEtcd(spec: KubeadmConfigSpec | undefined): boolean {
  return spec?.clusterConfiguration?.etcd?.external !== undefined;
}
