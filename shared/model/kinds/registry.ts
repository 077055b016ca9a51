import type { z } from 'zod';
import type { ProviderName } from '../desired';
import { awsClusterSchema, type AWSClusterObject } from './awsCluster';
import { awsClusterTemplateSchema, type AWSClusterTemplateObject } from './awsClusterTemplate';
import { awsMachineTemplateSchema, type AWSMachineTemplateObject } from './awsMachineTemplate';
import { bareMetalClusterSchema, type BareMetalClusterObject } from './bareMetalCluster';
import {
  bareMetalClusterTemplateSchema,
  type BareMetalClusterTemplateObject,
} from './bareMetalClusterTemplate';
import { bareMetalHostSchema, type BareMetalHostObject } from './bareMetalHost';
import {
  bareMetalMachineTemplateSchema,
  type BareMetalMachineTemplateObject,
} from './bareMetalMachineTemplate';
import { byoClusterSchema, byoClusterTemplateSchema, type ByoClusterObject, type ByoClusterTemplateObject } from './byoCluster';
import { byoMachineTemplateSchema, type ByoMachineTemplateObject } from './byoMachineTemplate';
import { clusterSchema, type ClusterObject } from './cluster';
import { clusterClassSchema, type ClusterClassObject } from './clusterClass';
import { dockerClusterSchema, type DockerClusterObject } from './dockerCluster';
import { dockerClusterTemplateSchema, type DockerClusterTemplateObject } from './dockerClusterTemplate';
import { dockerMachineTemplateSchema, type DockerMachineTemplateObject } from './dockerMachineTemplate';
import { extensionConfigSchema, type ExtensionConfigObject } from './extensionConfig';
import { kubeadmConfigSchema, type KubeadmConfigObject } from './kubeadmConfig';
import { kubeadmConfigTemplateSchema, type KubeadmConfigTemplateObject } from './kubeadmConfigTemplate';
import { kubeadmControlPlaneSchema, type KubeadmControlPlaneObject } from './kubeadmControlPlane';
import {
  kubeadmControlPlaneTemplateSchema,
  type KubeadmControlPlaneTemplateObject,
} from './kubeadmControlPlaneTemplate';
import { machineSchema, type MachineObject } from './machine';
import { machineDeploymentSchema, type MachineDeploymentObject } from './machineDeployment';
import { machineDrainRuleSchema, type MachineDrainRuleObject } from './machineDrainRule';
import { machineHealthCheckSchema, type MachineHealthCheckObject } from './machineHealthCheck';
import { machineSetSchema, type MachineSetObject } from './machineSet';
import {
  rebootRemediationTemplateSchema,
  type RebootRemediationTemplateObject,
} from './rebootRemediationTemplate';
import { simClusterSchema, type SimClusterObject } from './simCluster';
import { simClusterTemplateSchema, type SimClusterTemplateObject } from './simClusterTemplate';
import { simMachineTemplateSchema, type SimMachineTemplateObject } from './simMachineTemplate';

/** Every kind Capstan understands, with the typed object its schema produces. */
export interface KindObjects {
  Cluster: ClusterObject;
  KubeadmControlPlane: KubeadmControlPlaneObject;
  KubeadmControlPlaneTemplate: KubeadmControlPlaneTemplateObject;
  MachineDeployment: MachineDeploymentObject;
  MachineSet: MachineSetObject;
  Machine: MachineObject;
  MachineHealthCheck: MachineHealthCheckObject;
  MachineDrainRule: MachineDrainRuleObject;
  KubeadmConfig: KubeadmConfigObject;
  KubeadmConfigTemplate: KubeadmConfigTemplateObject;
  ClusterClass: ClusterClassObject;
  DockerCluster: DockerClusterObject;
  DockerClusterTemplate: DockerClusterTemplateObject;
  DockerMachineTemplate: DockerMachineTemplateObject;
  AWSCluster: AWSClusterObject;
  AWSClusterTemplate: AWSClusterTemplateObject;
  AWSMachineTemplate: AWSMachineTemplateObject;
  BareMetalHost: BareMetalHostObject;
  BareMetalCluster: BareMetalClusterObject;
  BareMetalClusterTemplate: BareMetalClusterTemplateObject;
  BareMetalMachineTemplate: BareMetalMachineTemplateObject;
  ByoCluster: ByoClusterObject;
  ByoClusterTemplate: ByoClusterTemplateObject;
  ByoMachineTemplate: ByoMachineTemplateObject;
  SimCluster: SimClusterObject;
  SimClusterTemplate: SimClusterTemplateObject;
  SimMachineTemplate: SimMachineTemplateObject;
  RebootRemediationTemplate: RebootRemediationTemplateObject;
  ExtensionConfig: ExtensionConfigObject;
}

export type KindName = keyof KindObjects;
export type CapiObject = KindObjects[KindName];

/** What a kind is for; the compiler checks refs by role ("controlPlaneRef must be a control plane"). */
export type KindRole =
  | 'cluster'
  | 'controlPlane'
  | 'controlPlaneTemplate'
  | 'machineDeployment'
  | 'machineSet'
  | 'machine'
  | 'machineHealthCheck'
  | 'machineDrainRule'
  | 'bootstrapConfig'
  | 'bootstrapConfigTemplate'
  | 'clusterClass'
  | 'infraCluster'
  | 'infraClusterTemplate'
  | 'infraMachineTemplate'
  | 'bareMetalHost'
  | 'remediationTemplate'
  | 'runtimeExtension';

export interface KindDefinition {
  kind: KindName;
  /** API group; the version must be one of `versions` */
  group: string;
  versions: readonly string[];
  /** extra accepted group (Metal3's own group for BareMetalHost) */
  alternateGroups?: readonly { group: string; versions: readonly string[] }[];
  role: KindRole;
  /** infrastructure kinds: which provider implements them */
  provider?: ProviderName;
  /** infra cluster templates: the kind a template stamps out */
  stamps?: KindName;
  schema: z.ZodTypeAny;
}

const CORE = 'cluster.x-k8s.io';
const CONTROL_PLANE = 'controlplane.cluster.x-k8s.io';
const BOOTSTRAP = 'bootstrap.cluster.x-k8s.io';
const INFRA = 'infrastructure.cluster.x-k8s.io';
const RUNTIME = 'runtime.cluster.x-k8s.io';
const V1BETA1 = ['v1beta1'] as const;
// MachineDrainRule arrived in CAPI 1.9 at v1beta1 and is served at v1beta2 since 1.11; same spec.
const DRAIN_RULE_VERSIONS = ['v1beta1', 'v1beta2'] as const;
// CAPA serves v1beta2 today and v1beta1 for older manifests; both shapes are the same for our fields.
const AWS_VERSIONS = ['v1beta1', 'v1beta2'] as const;

const definitions: readonly KindDefinition[] = [
  { kind: 'Cluster', group: CORE, versions: V1BETA1, role: 'cluster', schema: clusterSchema },
  { kind: 'ClusterClass', group: CORE, versions: V1BETA1, role: 'clusterClass', schema: clusterClassSchema },
  {
    kind: 'MachineDeployment',
    group: CORE,
    versions: V1BETA1,
    role: 'machineDeployment',
    schema: machineDeploymentSchema,
  },
  { kind: 'MachineSet', group: CORE, versions: V1BETA1, role: 'machineSet', schema: machineSetSchema },
  { kind: 'Machine', group: CORE, versions: V1BETA1, role: 'machine', schema: machineSchema },
  {
    kind: 'MachineHealthCheck',
    group: CORE,
    versions: V1BETA1,
    role: 'machineHealthCheck',
    schema: machineHealthCheckSchema,
  },
  {
    kind: 'MachineDrainRule',
    group: CORE,
    versions: DRAIN_RULE_VERSIONS,
    role: 'machineDrainRule',
    schema: machineDrainRuleSchema,
  },
  {
    kind: 'KubeadmControlPlane',
    group: CONTROL_PLANE,
    versions: V1BETA1,
    role: 'controlPlane',
    schema: kubeadmControlPlaneSchema,
  },
  {
    kind: 'KubeadmControlPlaneTemplate',
    group: CONTROL_PLANE,
    versions: V1BETA1,
    role: 'controlPlaneTemplate',
    stamps: 'KubeadmControlPlane',
    schema: kubeadmControlPlaneTemplateSchema,
  },
  {
    kind: 'KubeadmConfig',
    group: BOOTSTRAP,
    versions: V1BETA1,
    role: 'bootstrapConfig',
    schema: kubeadmConfigSchema,
  },
  {
    kind: 'KubeadmConfigTemplate',
    group: BOOTSTRAP,
    versions: V1BETA1,
    role: 'bootstrapConfigTemplate',
    schema: kubeadmConfigTemplateSchema,
  },
  {
    kind: 'DockerCluster',
    group: INFRA,
    versions: V1BETA1,
    role: 'infraCluster',
    provider: 'docker',
    schema: dockerClusterSchema,
  },
  {
    kind: 'DockerClusterTemplate',
    group: INFRA,
    versions: V1BETA1,
    role: 'infraClusterTemplate',
    provider: 'docker',
    stamps: 'DockerCluster',
    schema: dockerClusterTemplateSchema,
  },
  {
    kind: 'DockerMachineTemplate',
    group: INFRA,
    versions: V1BETA1,
    role: 'infraMachineTemplate',
    provider: 'docker',
    schema: dockerMachineTemplateSchema,
  },
  {
    kind: 'AWSCluster',
    group: INFRA,
    versions: AWS_VERSIONS,
    role: 'infraCluster',
    provider: 'aws',
    schema: awsClusterSchema,
  },
  {
    kind: 'AWSClusterTemplate',
    group: INFRA,
    versions: AWS_VERSIONS,
    role: 'infraClusterTemplate',
    provider: 'aws',
    stamps: 'AWSCluster',
    schema: awsClusterTemplateSchema,
  },
  {
    kind: 'AWSMachineTemplate',
    group: INFRA,
    versions: AWS_VERSIONS,
    role: 'infraMachineTemplate',
    provider: 'aws',
    schema: awsMachineTemplateSchema,
  },
  {
    kind: 'BareMetalHost',
    group: INFRA,
    versions: V1BETA1,
    alternateGroups: [{ group: 'metal3.io', versions: ['v1alpha1'] }],
    role: 'bareMetalHost',
    provider: 'baremetal',
    schema: bareMetalHostSchema,
  },
  {
    kind: 'BareMetalCluster',
    group: INFRA,
    versions: V1BETA1,
    role: 'infraCluster',
    provider: 'baremetal',
    schema: bareMetalClusterSchema,
  },
  {
    kind: 'BareMetalClusterTemplate',
    group: INFRA,
    versions: V1BETA1,
    role: 'infraClusterTemplate',
    provider: 'baremetal',
    stamps: 'BareMetalCluster',
    schema: bareMetalClusterTemplateSchema,
  },
  {
    kind: 'BareMetalMachineTemplate',
    group: INFRA,
    versions: V1BETA1,
    role: 'infraMachineTemplate',
    provider: 'baremetal',
    schema: bareMetalMachineTemplateSchema,
  },
  {
    kind: 'ByoCluster',
    group: INFRA,
    versions: V1BETA1,
    role: 'infraCluster',
    provider: 'ssh',
    schema: byoClusterSchema,
  },
  {
    kind: 'ByoClusterTemplate',
    group: INFRA,
    versions: V1BETA1,
    role: 'infraClusterTemplate',
    provider: 'ssh',
    stamps: 'ByoCluster',
    schema: byoClusterTemplateSchema,
  },
  {
    kind: 'ByoMachineTemplate',
    group: INFRA,
    versions: V1BETA1,
    role: 'infraMachineTemplate',
    provider: 'ssh',
    schema: byoMachineTemplateSchema,
  },
  {
    kind: 'SimCluster',
    group: INFRA,
    versions: V1BETA1,
    role: 'infraCluster',
    provider: 'sim',
    schema: simClusterSchema,
  },
  {
    kind: 'SimClusterTemplate',
    group: INFRA,
    versions: V1BETA1,
    role: 'infraClusterTemplate',
    provider: 'sim',
    stamps: 'SimCluster',
    schema: simClusterTemplateSchema,
  },
  {
    kind: 'SimMachineTemplate',
    group: INFRA,
    versions: V1BETA1,
    role: 'infraMachineTemplate',
    provider: 'sim',
    schema: simMachineTemplateSchema,
  },
  // Provider-agnostic (no `provider`): the power cycle goes through whichever provider runs the machine.
  {
    kind: 'RebootRemediationTemplate',
    group: INFRA,
    versions: V1BETA1,
    role: 'remediationTemplate',
    schema: rebootRemediationTemplateSchema,
  },
  // Runtime SDK: v1alpha1 until CAPI 1.10, v1beta2 since 1.11; the fields Capstan reads are the same.
  {
    kind: 'ExtensionConfig',
    group: RUNTIME,
    versions: ['v1alpha1', 'v1beta2'],
    role: 'runtimeExtension',
    schema: extensionConfigSchema,
  },
];

const byKind = new Map<string, KindDefinition>(definitions.map((d) => [d.kind, d]));

export const KIND_DEFINITIONS = definitions;

export function kindDefinition(kind: string): KindDefinition | undefined {
  return byKind.get(kind);
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** All `group/version` strings a definition accepts, for messages. */
export function acceptedApiVersions(def: KindDefinition): string[] {
  const groups = [{ group: def.group, versions: def.versions }, ...(def.alternateGroups ?? [])];
  return groups.flatMap((g) => g.versions.map((v) => `${g.group}/${v}`));
}

export function acceptsApiVersion(def: KindDefinition, apiVersion: string): boolean {
  return acceptedApiVersions(def).includes(apiVersion);
}

/** Whether `apiVersion`'s group is one this kind lives in (refs are checked by group, not version). */
export function acceptsGroup(def: KindDefinition, apiVersion: string): boolean {
  const { group } = splitApiVersion(apiVersion);
  return group === def.group || (def.alternateGroups ?? []).some((g) => g.group === group);
}
