import { z } from 'zod';
import { violation } from '../rules/violation';
import { apiEndpoint } from './common/apiEndpoint';
import { dnsLabelName } from './common/formats';
import { addViolation } from './common/refine';
import { resourceSchema } from './common/resource';

/**
 * infrastructure.cluster.x-k8s.io/v1beta1 SimCluster: the simulated cloud's cluster
 * infrastructure (`capstan sim serve`). `failureDomains` names the zones the sim reports: a name
 * is eligible for control-plane machines; `{name, controlPlane: false}` is a workers-only zone.
 * Unset, the sim reports its default zones.
 */
export const simClusterSpec = z
  .object({
    controlPlaneEndpoint: apiEndpoint.optional(),
    failureDomains: z
      .array(
        z.union([
          dnsLabelName,
          z.object({ name: dnsLabelName, controlPlane: z.boolean().optional() }).strict(),
        ]),
      )
      .optional()
      .superRefine((domains, ctx) => {
        const seen = new Set<string>();
        (domains ?? []).forEach((d, i) => {
          const n = typeof d === 'string' ? d : d.name;
          if (seen.has(n))
            addViolation(ctx, violation('failure-domain-unique', `failure domain "${n}" is listed twice`), [
              i,
            ]);
          seen.add(n);
        });
      }),
  })
  .strict();

export const simClusterSchema = resourceSchema('SimCluster', simClusterSpec.default({}));

export type SimClusterObject = z.infer<typeof simClusterSchema>;
