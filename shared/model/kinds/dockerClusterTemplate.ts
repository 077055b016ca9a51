import type { z } from 'zod';
import { dockerClusterSpec } from './dockerCluster';
import { resourceSchema, templateOf } from './common/resource';

/** infrastructure.cluster.x-k8s.io/v1beta1 DockerClusterTemplate, for ClusterClass infrastructure. */
export const dockerClusterTemplateSchema = resourceSchema(
  'DockerClusterTemplate',
  templateOf(dockerClusterSpec.default({})),
);

export type DockerClusterTemplateObject = z.infer<typeof dockerClusterTemplateSchema>;
