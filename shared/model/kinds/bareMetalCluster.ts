import { z } from 'zod';
import { apiEndpoint } from './common/apiEndpoint';
import { resourceSchema } from './common/resource';

/**
 * infrastructure.cluster.x-k8s.io/v1beta1 BareMetalCluster (Metal3Cluster-like). There is no
 * cloud load balancer to create, so the control-plane endpoint (a VIP or DNS name) is required.
 */
export const bareMetalClusterSpec = z
  .object({
    controlPlaneEndpoint: apiEndpoint,
    noCloudProvider: z.boolean().optional(),
    cloudProviderEnabled: z.boolean().optional(),
  })
  .strict();

export const bareMetalClusterSchema = resourceSchema('BareMetalCluster', bareMetalClusterSpec);

export type BareMetalClusterObject = z.infer<typeof bareMetalClusterSchema>;
