import { z } from 'zod';
import { violation } from '../rules/violation';
import { addViolation } from './common/refine';
import { resourceSchema, templateOf } from './common/resource';

/**
 * infrastructure.cluster.x-k8s.io/v1beta1 SimMachineTemplate: per-machine knobs of the simulated
 * cloud. `bootDelaySeconds` is added to the sim's provisioning latency for these machines (a slow boot);
 * `failProvisioning` makes every machine from this template fail to provision (for remediation
 * and error-path tests).
 */
export const simMachineSpec = z
  .object({
    providerID: z.string().optional(),
    bootDelaySeconds: z
      .number()
      .superRefine((v, ctx) => {
        if (v < 0)
          addViolation(
            ctx,
            violation('sim-boot-delay-min', `bootDelaySeconds must be at least 0 (got ${v})`),
          );
      })
      .optional(),
    failProvisioning: z.boolean().default(false),
  })
  .strict();

export const simMachineTemplateSchema = resourceSchema(
  'SimMachineTemplate',
  templateOf(simMachineSpec.default({})),
);

export type SimMachineTemplateObject = z.infer<typeof simMachineTemplateSchema>;
