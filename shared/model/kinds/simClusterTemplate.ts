import type { z } from 'zod';
import { simClusterSpec } from './simCluster';
import { resourceSchema, templateOf } from './common/resource';

/** infrastructure.cluster.x-k8s.io/v1beta1 SimClusterTemplate, for ClusterClass infrastructure. */
export const simClusterTemplateSchema = resourceSchema(
  'SimClusterTemplate',
  templateOf(simClusterSpec.default({})),
);

export type SimClusterTemplateObject = z.infer<typeof simClusterTemplateSchema>;
