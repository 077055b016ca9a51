import { z } from 'zod';
import { violation } from '../rules/violation';
import { bareMetalImage, secretReference } from './common/bareMetalImage';
import { labelSelector } from './common/labelSelector';
import { addViolation } from './common/refine';
import { resourceSchema, templateOf } from './common/resource';

/**
 * infrastructure.cluster.x-k8s.io/v1beta1 BareMetalMachineTemplate (Metal3MachineSpec-like):
 * which hosts a machine may claim (`hostSelector`) and what to put on them (`image` or
 * `customDeploy`, one of them required as in Metal3).
 */
export const bareMetalMachineSpec = z
  .object({
    providerID: z.string().optional(),
    image: bareMetalImage.optional(),
    customDeploy: z
      .object({ method: z.string().min(1) })
      .strict()
      .optional(),
    userData: secretReference.optional(),
    metaData: secretReference.optional(),
    networkData: secretReference.optional(),
    dataTemplate: z
      .object({ name: z.string().min(1), namespace: z.string().optional() })
      .strict()
      .optional(),
    hostSelector: labelSelector.optional(),
    automatedCleaningMode: z.enum(['metadata', 'disabled']).optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    if (spec.image === undefined && spec.customDeploy === undefined) {
      addViolation(
        ctx,
        violation(
          'baremetal-image-required',
          'one of image or customDeploy must be set: the host needs something to boot',
        ),
        ['image'],
      );
    }
  });

export const bareMetalMachineTemplateSchema = resourceSchema(
  'BareMetalMachineTemplate',
  templateOf(bareMetalMachineSpec),
);

export type BareMetalMachineTemplateObject = z.infer<typeof bareMetalMachineTemplateSchema>;
