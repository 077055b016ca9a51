import { z } from 'zod';
import { formatGoDuration } from '../../planners/goDuration';
import {
  DEFAULT_REBOOT_RETRY_LIMIT,
  DEFAULT_REBOOT_TIMEOUT_SECONDS,
} from '../../planners/externalRemediation/strategy';
import { parseGoDuration } from '../rules/duration';
import { violation } from '../rules/violation';
import { goDuration } from './common/formats';
import { addViolation } from './common/refine';
import { resourceSchema, templateOf } from './common/resource';

/**
 * `spec.template.spec.strategy` of a RebootRemediationTemplate, shaped like Metal3's
 * `Metal3RemediationTemplate` (metal3-io/cluster-api-provider-metal3 docs/remediation-controller.md):
 * power-cycle the machine through its infrastructure provider up to `retryLimit` times, waiting
 * `timeout` after each for the MachineHealthCheck to find it healthy; then hand it to its owner.
 */
export const rebootStrategy = z
  .object({
    type: z.literal('Reboot'),
    retryLimit: z
      .number()
      .int()
      .superRefine((v, ctx) => {
        if (v < 1)
          addViolation(
            ctx,
            violation(
              'reboot-retry-limit-min',
              `retryLimit must be at least 1 (got ${v}): a Reboot strategy that never reboots is owner remediation; drop remediationTemplate from the MachineHealthCheck instead`,
            ),
          );
      })
      .default(DEFAULT_REBOOT_RETRY_LIMIT),
    timeout: goDuration
      .superRefine((v, ctx) => {
        if (parseGoDuration(v) === 0)
          addViolation(
            ctx,
            violation('reboot-timeout-positive', `timeout must be longer than 0 (got "${v}"): it is how long a rebooted machine has to become healthy`),
          );
      })
      .default(formatGoDuration(DEFAULT_REBOOT_TIMEOUT_SECONDS)),
  })
  .strict();

export const rebootRemediationSpec = z.object({ strategy: rebootStrategy }).strict();

/**
 * infrastructure.cluster.x-k8s.io/v1beta1 RebootRemediationTemplate: Capstan's built-in external
 * remediation for `MachineHealthCheck.spec.remediationTemplate`. It lives in the infrastructure
 * group because external remediation templates are infrastructure-provider objects in CAPI
 * (Metal3RemediationTemplate is there too) and the power cycle goes through the infrastructure
 * provider; a Metal3 manifest switches to it by changing only the kind.
 */
export const rebootRemediationTemplateSchema = resourceSchema(
  'RebootRemediationTemplate',
  templateOf(rebootRemediationSpec),
);

export type RebootRemediationTemplateObject = z.infer<typeof rebootRemediationTemplateSchema>;
export type RebootStrategySpec = z.infer<typeof rebootStrategy>;
