/**
 * Reads an AWSMachineTemplate snapshot (CAPA's AWSMachineSpec) into what a RunInstances needs,
 * refusing — with the field named — what this provider does not implement rather than silently
 * launching something other than what was declared. Pure.
 */
import { z } from 'zod';
import type { TemplateSnapshot } from '../../../shared/model/desired';
import { awsMachineSpec } from '../../../shared/model/kinds/awsMachineTemplate';
import { awsInvalidSpec } from './awsFailure';
import type { Tags } from './awsTags';

/** CAPA's AWSResourceReference: an id, or filters that must match exactly one resource. */
export interface AwsResourceRef {
  id?: string;
  filters?: Array<{ name: string; values: string[] }>;
}

export interface AwsVolume {
  size: number;
  type?: string;
  deviceName?: string;
  iops?: number;
  throughput?: number;
  encrypted?: boolean;
  encryptionKey?: string;
}

/** CAPA's image lookup: `DescribeImages` by name pattern and owner, newest first. */
export interface AmiLookup {
  format: string;
  org: string;
  baseOS: string;
}

export interface AwsMachineParams {
  /** `AWSMachineTemplate/<name>`, for messages */
  template: string;
  instanceType: string;
  ami: { id: string } | { lookup: AmiLookup };
  subnet?: AwsResourceRef;
  securityGroups: AwsResourceRef[];
  sshKeyName?: string;
  iamInstanceProfile?: string;
  additionalTags: Tags;
  publicIP?: boolean;
  rootVolume?: AwsVolume;
  nonRootVolumes: AwsVolume[];
  tenancy?: 'default' | 'dedicated' | 'host';
  placementGroupName?: string;
  placementGroupPartition?: number;
  metadataOptions?: {
    httpEndpoint?: 'enabled' | 'disabled';
    httpPutResponseHopLimit?: number;
    httpTokens?: 'optional' | 'required';
    instanceMetadataTags?: 'enabled' | 'disabled';
  };
  capacityReservationId?: string;
  spot?: { maxPrice?: string };
  /** CAPA gzips user data unless told not to; cloud-init reads both */
  compressUserData: boolean;
}

/** CAPA's defaults for the AMI lookup (AWSMachineSpec.imageLookup*). */
export const DEFAULT_IMAGE_LOOKUP_FORMAT = 'capa-ami-{{.BaseOS}}-?{{.K8sVersion}}-*';
export const DEFAULT_IMAGE_LOOKUP_ORG = '258751437250';
export const DEFAULT_IMAGE_LOOKUP_BASE_OS = 'ubuntu-24.04';

const resourceRef = z
  .object({
    id: z.string().min(1).optional(),
    filters: z
      .array(z.object({ name: z.string().min(1), values: z.array(z.string()).min(1) }).strict())
      .min(1)
      .optional(),
  })
  .strict()
  .refine((r) => (r.id === undefined) !== (r.filters === undefined), {
    message: 'set exactly one of id and filters',
  });

const metadataOptions = z
  .object({
    httpEndpoint: z.enum(['enabled', 'disabled']).optional(),
    httpPutResponseHopLimit: z.number().int().min(1).max(64).optional(),
    httpTokens: z.enum(['optional', 'required']).optional(),
    instanceMetadataTags: z.enum(['enabled', 'disabled']).optional(),
  })
  .strict();

const spotOptions = z.object({ maxPrice: z.string().optional() }).strict();

/** Fields of AWSMachineSpec that need machinery this provider does not have (yet). */
const UNSUPPORTED: Array<[keyof z.infer<typeof awsMachineSpec>, string]> = [
  ['providerID', 'is set per machine by the provider, not in a template'],
  ['instanceID', 'is set per machine by the provider, not in a template'],
  ['networkInterfaces', 'attaching existing network interfaces is not supported'],
  ['networkInterfaceType', 'EFA network interfaces are not supported'],
  ['elasticIpPool', 'Elastic IP pools are not supported; use publicIP'],
  ['ignition', 'Ignition is not supported; the kubeadm bootstrap renders cloud-init'],
  [
    'securityGroupOverrides',
    'Capstan does not manage security groups to override; list them in additionalSecurityGroups',
  ],
  ['privateDnsName', 'private DNS name options are not supported'],
];

export function readAwsMachineSpec(snapshot: TemplateSnapshot): AwsMachineParams {
  const template = `${snapshot.kind}/${snapshot.name}`;
  if (snapshot.kind !== 'AWSMachineTemplate') {
    throw awsInvalidSpec(
      `the aws provider cannot create machines from ${template}: it needs an AWSMachineTemplate`,
    );
  }
  const parsed = awsMachineSpec.safeParse(snapshot.spec);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw awsInvalidSpec(`${template} spec.${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`);
  }
  const s = parsed.data;
  const problems: string[] = [];
  for (const [field, why] of UNSUPPORTED) if (s[field] !== undefined) problems.push(`spec.${field} ${why}`);
  if (s.ami?.eksLookupType !== undefined)
    problems.push('spec.ami.eksLookupType (EKS images) is not supported');
  if (s.cloudInit?.secureSecretsBackend !== undefined || s.cloudInit?.secretPrefix !== undefined) {
    problems.push(
      'spec.cloudInit secret backends are not supported: the bootstrap data goes into the instance user data, ' +
        "as with CAPA's insecureSkipSecretsManager: true",
    );
  }
  if (s.marketType !== undefined && s.marketType !== 'OnDemand' && s.marketType !== 'Spot') {
    problems.push(`spec.marketType ${s.marketType} is not supported (OnDemand or Spot)`);
  }
  const subnet = field(problems, 'spec.subnet', resourceRef, s.subnet);
  const securityGroups = (s.additionalSecurityGroups ?? []).map((g, i) =>
    field(problems, `spec.additionalSecurityGroups[${i}]`, resourceRef, g),
  );
  const metadata = field(
    problems,
    'spec.instanceMetadataOptions',
    metadataOptions,
    s.instanceMetadataOptions,
  );
  const spot = field(problems, 'spec.spotMarketOptions', spotOptions, s.spotMarketOptions);
  (s.nonRootVolumes ?? []).forEach((v, i) => {
    if (!v.deviceName) problems.push(`spec.nonRootVolumes[${i}].deviceName is required`);
  });
  if (problems.length > 0) throw awsInvalidSpec(`${template}: ${problems.join('; ')}`);

  const amiId = s.ami?.id;
  return {
    template,
    instanceType: s.instanceType,
    ami: amiId
      ? { id: amiId }
      : {
          lookup: {
            format: s.imageLookupFormat || DEFAULT_IMAGE_LOOKUP_FORMAT,
            org: s.imageLookupOrg || DEFAULT_IMAGE_LOOKUP_ORG,
            baseOS: s.imageLookupBaseOS || DEFAULT_IMAGE_LOOKUP_BASE_OS,
          },
        },
    ...(subnet ? { subnet } : {}),
    securityGroups: securityGroups.filter((g): g is AwsResourceRef => g !== undefined),
    // CAPA: an empty sshKeyName means "no key pair".
    ...(s.sshKeyName ? { sshKeyName: s.sshKeyName } : {}),
    ...(s.iamInstanceProfile ? { iamInstanceProfile: s.iamInstanceProfile } : {}),
    additionalTags: { ...(s.additionalTags ?? {}) },
    ...(s.publicIP !== undefined ? { publicIP: s.publicIP } : {}),
    ...(s.rootVolume ? { rootVolume: s.rootVolume } : {}),
    nonRootVolumes: s.nonRootVolumes ?? [],
    ...(s.tenancy ? { tenancy: s.tenancy } : {}),
    ...(s.placementGroupName ? { placementGroupName: s.placementGroupName } : {}),
    ...(s.placementGroupPartition !== undefined
      ? { placementGroupPartition: s.placementGroupPartition }
      : {}),
    ...(metadata ? { metadataOptions: metadata } : {}),
    ...(s.capacityReservationId ? { capacityReservationId: s.capacityReservationId } : {}),
    ...(spot || s.marketType === 'Spot' ? { spot: spot ?? {} } : {}),
    compressUserData: s.uncompressedUserData !== true,
  };
}

/** Parses one pass-through CAPA struct with its own schema, collecting the problem instead of throwing. */
function field<T>(problems: string[], path: string, schema: z.ZodType<T>, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  for (const issue of r.error.issues) {
    const at = issue.path.length > 0 ? `${path}.${issue.path.join('.')}` : path;
    problems.push(`${at}: ${issue.message}`);
  }
  return undefined;
}
