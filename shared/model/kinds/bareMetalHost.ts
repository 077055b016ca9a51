import { z } from 'zod';
import { checkBmcAddress, checkHostPort, checkMacAddress } from '../rules/bareMetal';
import { bareMetalImage, secretReference } from './common/bareMetalImage';
import { dnsSubdomainName } from './common/formats';
import { objectReference } from './common/references';
import { refineWith } from './common/refine';
import { resourceSchema } from './common/resource';

/**
 * A bare-metal host in the inventory, shaped like Metal3's BareMetalHost (metal3.io/v1alpha1;
 * the infrastructure.cluster.x-k8s.io group is accepted too). It belongs to no cluster: machines
 * claim hosts through BareMetalMachineTemplate `hostSelector`. `sshAddress` is Capstan's
 * addition: where the provider reaches the provisioned OS (DESIGN.md: BMC + SSH).
 */
export const bareMetalHostSpec = z
  .object({
    bmc: z
      .object({
        address: z.string().superRefine(refineWith(checkBmcAddress)),
        credentialsName: dnsSubdomainName,
        disableCertificateVerification: z.boolean().optional(),
      })
      .strict(),
    bootMACAddress: z.string().superRefine(refineWith(checkMacAddress)).optional(),
    online: z.boolean(),
    image: bareMetalImage.optional(),
    userData: secretReference.optional(),
    networkData: secretReference.optional(),
    metaData: secretReference.optional(),
    consumerRef: objectReference.optional(),
    externallyProvisioned: z.boolean().optional(),
    automatedCleaningMode: z.enum(['metadata', 'disabled']).default('metadata'),
    rootDeviceHints: z.record(z.string(), z.unknown()).optional(),
    raid: z.record(z.string(), z.unknown()).optional(),
    firmware: z.record(z.string(), z.unknown()).optional(),
    bootMode: z.enum(['UEFI', 'UEFISecureBoot', 'legacy']).optional(),
    hardwareProfile: z.string().optional(),
    description: z.string().optional(),
    architecture: z.string().optional(),
    customDeploy: z
      .object({ method: z.string().min(1) })
      .strict()
      .optional(),
    preprovisioningNetworkDataName: z.string().optional(),
    sshAddress: z.string().superRefine(refineWith(checkHostPort)).optional(),
  })
  .strict();

export const bareMetalHostSchema = resourceSchema('BareMetalHost', bareMetalHostSpec);

export type BareMetalHostObject = z.infer<typeof bareMetalHostSchema>;
