import { z } from 'zod';
import { isZeroIntOrPercent } from '../../rules/intOrPercent';
import { violation } from '../../rules/violation';
import { intOrPercent } from './formats';
import { addViolation } from './refine';

/**
 * clusterv1beta1.MachineDeploymentStrategy. On a MachineDeployment the webhook defaults it
 * (RollingUpdate, maxSurge 1, maxUnavailable 0; deletePolicy Random is the MachineSet default);
 * in a ClusterClass or topology it stays partial, because unset means "take the class's value".
 */
const deletePolicy = z.enum(['Random', 'Newest', 'Oldest']);
const strategyType = z.enum(['RollingUpdate', 'OnDelete']);
const remediation = z.object({ maxInFlight: intOrPercent.optional() }).strict();

export const partialMachineDeploymentStrategy = z
  .object({
    type: strategyType.optional(),
    rollingUpdate: z
      .object({
        maxUnavailable: intOrPercent.optional(),
        maxSurge: intOrPercent.optional(),
        deletePolicy: deletePolicy.optional(),
      })
      .strict()
      .optional(),
    remediation: remediation.optional(),
  })
  .strict();

export const defaultedMachineDeploymentStrategy = z
  .object({
    type: strategyType.default('RollingUpdate'),
    rollingUpdate: z
      .object({
        maxUnavailable: intOrPercent.default(0),
        maxSurge: intOrPercent.default(1),
        deletePolicy: deletePolicy.default('Random'),
      })
      .strict()
      .default({}),
    remediation: remediation.optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const { maxSurge, maxUnavailable } = s.rollingUpdate;
    if (s.type === 'RollingUpdate' && isZeroIntOrPercent(maxSurge) && isZeroIntOrPercent(maxUnavailable)) {
      addViolation(
        ctx,
        violation(
          'md-surge-and-unavailable-zero',
          'maxUnavailable and maxSurge cannot both be 0: the rollout could never make progress',
        ),
        ['rollingUpdate', 'maxSurge'],
      );
    }
  });

export type PartialMachineDeploymentStrategy = z.infer<typeof partialMachineDeploymentStrategy>;
export type MachineDeploymentStrategy = z.infer<typeof defaultedMachineDeploymentStrategy>;
