import type { z } from 'zod';
import { bareMetalClusterSpec } from './bareMetalCluster';
import { resourceSchema, templateOf } from './common/resource';

/** infrastructure.cluster.x-k8s.io/v1beta1 BareMetalClusterTemplate, for ClusterClass infrastructure. */
export const bareMetalClusterTemplateSchema = resourceSchema(
  'BareMetalClusterTemplate',
  templateOf(bareMetalClusterSpec),
);

export type BareMetalClusterTemplateObject = z.infer<typeof bareMetalClusterTemplateSchema>;
