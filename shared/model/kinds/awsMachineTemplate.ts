import { z } from 'zod';
import { resourceSchema, templateOf } from './common/resource';

/**
 * infrastructure.cluster.x-k8s.io AWSMachineTemplate (CAPA AWSMachineSpec). Closed at the top
 * level; nested CAPA structs pass through. `instanceType` is required, as in CAPA.
 */
const passthroughObject = z.object({}).passthrough();
const volume = z
  .object({
    size: z.number().int().min(8),
    type: z.string().optional(),
    deviceName: z.string().optional(),
    iops: z.number().int().optional(),
    throughput: z.number().int().optional(),
    encrypted: z.boolean().optional(),
    encryptionKey: z.string().optional(),
  })
  .strict();

export const awsMachineSpec = z
  .object({
    providerID: z.string().optional(),
    instanceID: z.string().optional(),
    instanceType: z.string().min(1),
    ami: z.object({ id: z.string().optional(), eksLookupType: z.string().optional() }).strict().optional(),
    imageLookupFormat: z.string().optional(),
    imageLookupOrg: z.string().optional(),
    imageLookupBaseOS: z.string().optional(),
    additionalTags: z.record(z.string(), z.string()).optional(),
    iamInstanceProfile: z.string().optional(),
    publicIP: z.boolean().optional(),
    elasticIpPool: passthroughObject.optional(),
    additionalSecurityGroups: z.array(passthroughObject).optional(),
    securityGroupOverrides: z.record(z.string(), z.string()).optional(),
    subnet: passthroughObject.optional(),
    sshKeyName: z.string().optional(),
    rootVolume: volume.optional(),
    nonRootVolumes: z.array(volume).optional(),
    networkInterfaces: z.array(z.string()).optional(),
    networkInterfaceType: z.string().optional(),
    uncompressedUserData: z.boolean().optional(),
    cloudInit: z
      .object({
        insecureSkipSecretsManager: z.boolean().optional(),
        secretCount: z.number().int().optional(),
        secretPrefix: z.string().optional(),
        secureSecretsBackend: z.string().optional(),
      })
      .strict()
      .optional(),
    ignition: passthroughObject.optional(),
    instanceMetadataOptions: passthroughObject.optional(),
    spotMarketOptions: passthroughObject.optional(),
    placementGroupName: z.string().optional(),
    placementGroupPartition: z.number().int().optional(),
    tenancy: z.enum(['default', 'dedicated', 'host']).optional(),
    privateDnsName: passthroughObject.optional(),
    capacityReservationId: z.string().optional(),
    marketType: z.string().optional(),
  })
  .strict();

export const awsMachineTemplateSchema = resourceSchema('AWSMachineTemplate', templateOf(awsMachineSpec));

export type AWSMachineTemplateObject = z.infer<typeof awsMachineTemplateSchema>;
