import { z } from 'zod';
import { labelMap } from './formats';

/**
 * metav1.LabelSelector. `matchLabels: null` is accepted (the seed MachineDeployment has it):
 * CAPI's MachineDeployment webhook then defaults the selector from the cluster and MD names.
 */
export const labelSelector = z
  .object({
    matchLabels: labelMap.nullable().optional(),
    matchExpressions: z
      .array(
        z
          .object({
            key: z.string().min(1),
            operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
            values: z.array(z.string()).optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

export type LabelSelectorSpec = z.infer<typeof labelSelector>;
