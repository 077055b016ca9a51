import { z } from 'zod';

/** clusterv1beta1.APIEndpoint: where the workload cluster's API server answers. */
export const apiEndpoint = z
  .object({
    host: z.string(),
    port: z.number().int().min(0).max(65535),
  })
  .strict();
