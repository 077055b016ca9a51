import { z } from 'zod';
import { apiEndpoint } from './common/apiEndpoint';
import { resourceSchema, templateOf } from './common/resource';

/**
 * infrastructure.cluster.x-k8s.io/v1beta1 ByoCluster (cluster-api-provider-bringyourownhost): a
 * cluster of hosts that already exist, reached over SSH (the `ssh` provider). There is nothing to
 * create for the cluster itself, so the control-plane endpoint (a VIP, a load balancer the
 * operator runs, or the first control-plane host) is required.
 */
export const byoClusterSpec = z
  .object({
    controlPlaneEndpoint: apiEndpoint,
    /** BYOH's registry of installer bundles; Capstan installs nothing, so it is accepted and unused */
    bundleLookupBaseRegistry: z.string().min(1).optional(),
  })
  .strict();

export const byoClusterSchema = resourceSchema('ByoCluster', byoClusterSpec);
export type ByoClusterObject = z.infer<typeof byoClusterSchema>;

/** ByoClusterTemplate, for ClusterClass infrastructure. */
export const byoClusterTemplateSchema = resourceSchema('ByoClusterTemplate', templateOf(byoClusterSpec));
export type ByoClusterTemplateObject = z.infer<typeof byoClusterTemplateSchema>;
