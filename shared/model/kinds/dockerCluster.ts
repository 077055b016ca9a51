import { z } from 'zod';
import { apiEndpoint } from './common/apiEndpoint';
import { resourceSchema } from './common/resource';

/**
 * infrastructure.cluster.x-k8s.io/v1beta1 DockerCluster (CAPD): the load-balancer container of
 * a Docker-backed cluster. An empty spec is valid (the seed's DockerCluster has none).
 */
export const dockerClusterSpec = z
  .object({
    controlPlaneEndpoint: apiEndpoint.optional(),
    failureDomains: z
      .record(
        z.string(),
        z
          .object({
            controlPlane: z.boolean().optional(),
            attributes: z.record(z.string(), z.string()).optional(),
          })
          .strict(),
      )
      .optional(),
    loadBalancer: z
      .object({
        imageRepository: z.string().optional(),
        imageTag: z.string().optional(),
        customHAProxyConfigTemplateRef: z
          .object({ name: z.string().min(1) })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const dockerClusterSchema = resourceSchema('DockerCluster', dockerClusterSpec.default({}));

export type DockerClusterObject = z.infer<typeof dockerClusterSchema>;
