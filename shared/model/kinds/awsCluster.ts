import { z } from 'zod';
import { apiEndpoint } from './common/apiEndpoint';
import { resourceSchema } from './common/resource';

/**
 * infrastructure.cluster.x-k8s.io AWSCluster (CAPA; v1beta2 is current, v1beta1 accepted). The
 * top level is closed; network, load balancer and bastion are large CAPA structs that pass
 * through, with the fields Capstan reads typed. Availability zones of the subnets are the
 * cluster's failure domains.
 */
const tags = z.record(z.string(), z.string());
const passthroughObject = z.object({}).passthrough();

export const awsClusterSpec = z
  .object({
    region: z.string().min(1),
    partition: z.string().optional(),
    sshKeyName: z.string().optional(),
    controlPlaneEndpoint: apiEndpoint.optional(),
    additionalTags: tags.optional(),
    network: z
      .object({
        vpc: z
          .object({ id: z.string().optional(), cidrBlock: z.string().optional() })
          .passthrough()
          .optional(),
        subnets: z
          .array(
            z
              .object({
                id: z.string().optional(),
                cidrBlock: z.string().optional(),
                availabilityZone: z.string().optional(),
                isPublic: z.boolean().optional(),
              })
              .passthrough(),
          )
          .optional(),
      })
      .passthrough()
      .optional(),
    controlPlaneLoadBalancer: z
      .object({
        name: z.string().optional(),
        scheme: z.enum(['internet-facing', 'internal']).optional(),
        loadBalancerType: z.enum(['classic', 'elb', 'alb', 'nlb', 'disabled']).optional(),
      })
      .passthrough()
      .optional(),
    secondaryControlPlaneLoadBalancer: passthroughObject.optional(),
    imageLookupFormat: z.string().optional(),
    imageLookupOrg: z.string().optional(),
    imageLookupBaseOS: z.string().optional(),
    bastion: z.object({ enabled: z.boolean().optional() }).passthrough().optional(),
    identityRef: z
      .object({ kind: z.string().min(1), name: z.string().min(1) })
      .strict()
      .optional(),
    s3Bucket: passthroughObject.optional(),
  })
  .strict();

export const awsClusterSchema = resourceSchema('AWSCluster', awsClusterSpec);

export type AWSClusterObject = z.infer<typeof awsClusterSchema>;
