import { z } from 'zod';
import { isEmptySelector } from '../rules/labelSelector';
import { violation } from '../rules/violation';
import { CLUSTER_NAME_LABEL } from './common/capiLabels';
import { dnsLabelName, goDuration, intOrPercent, unhealthyRange } from './common/formats';
import { checkStartupTimeout, unhealthyCondition } from './common/healthCheck';
import { labelSelector } from './common/labelSelector';
import { objectReference } from './common/references';
import { addViolation } from './common/refine';
import { resourceSchema } from './common/resource';

/**
 * cluster.x-k8s.io/v1beta1 MachineHealthCheck with the webhook's defaults: maxUnhealthy 100%
 * (short-circuit off), nodeStartupTimeout 10m, the cluster-name label on the object.
 */
export const machineHealthCheckSpec = z
  .object({
    clusterName: dnsLabelName,
    selector: labelSelector,
    unhealthyConditions: z.array(unhealthyCondition).default([]),
    maxUnhealthy: intOrPercent.default('100%'),
    unhealthyRange: unhealthyRange.optional(),
    nodeStartupTimeout: goDuration.default('10m'),
    remediationTemplate: objectReference.optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    checkStartupTimeout(spec, ctx);
    if (isEmptySelector(spec.selector)) {
      addViolation(
        ctx,
        violation(
          'mhc-selector-not-empty',
          'selector must not be empty: an empty selector would health-check every machine of the cluster',
        ),
        ['selector'],
      );
    }
  });

export const machineHealthCheckSchema = resourceSchema(
  'MachineHealthCheck',
  machineHealthCheckSpec,
).transform((mhc) => ({
  ...mhc,
  metadata: {
    ...mhc.metadata,
    labels: { ...mhc.metadata.labels, [CLUSTER_NAME_LABEL]: mhc.spec.clusterName },
  },
}));

export type MachineHealthCheckObject = z.infer<typeof machineHealthCheckSchema>;
