import { z } from 'zod';
import { violation } from '../../rules/violation';
import { parseGoDuration } from '../../rules/duration';
import { goDuration, intOrPercent, unhealthyRange } from './formats';
import { objectReference } from './references';
import { addViolation } from './refine';

/**
 * The health-check fields shared by MachineHealthCheck.spec, ClusterClass machineHealthCheck and
 * topology machineHealthCheck (v1beta1 MachineHealthCheckClass). Defaults (maxUnhealthy 100%,
 * nodeStartupTimeout 10m) are applied on the MachineHealthCheck kind, not on the partial forms.
 */
export const unhealthyCondition = z
  .object({
    type: z.string().min(1),
    status: z.string().min(1),
    timeout: goDuration,
  })
  .strict();

export const machineHealthCheckClassShape = {
  unhealthyConditions: z.array(unhealthyCondition).optional(),
  maxUnhealthy: intOrPercent.optional(),
  unhealthyRange: unhealthyRange.optional(),
  nodeStartupTimeout: goDuration.optional(),
  remediationTemplate: objectReference.optional(),
};

export const machineHealthCheckClass = z
  .object(machineHealthCheckClassShape)
  .strict()
  .superRefine(checkStartupTimeout);

export const machineHealthCheckTopology = z
  .object({ enable: z.boolean().optional(), ...machineHealthCheckClassShape })
  .strict()
  .superRefine(checkStartupTimeout);

export type MachineHealthCheckClass = z.infer<typeof machineHealthCheckClass>;
export type MachineHealthCheckTopology = z.infer<typeof machineHealthCheckTopology>;

/** CAPI's MHC webhook: nodeStartupTimeout is 0 (disabled) or at least 30s. */
export function checkStartupTimeout(
  v: { nodeStartupTimeout?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (v.nodeStartupTimeout === undefined) return;
  const seconds = parseGoDuration(v.nodeStartupTimeout);
  if (seconds !== undefined && seconds !== 0 && seconds < 30) {
    addViolation(
      ctx,
      violation(
        'mhc-node-startup-timeout-min',
        `nodeStartupTimeout must be 0 (disabled) or at least 30s (got ${v.nodeStartupTimeout})`,
      ),
      ['nodeStartupTimeout'],
    );
  }
}
