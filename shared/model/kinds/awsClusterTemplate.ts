import type { z } from 'zod';
import { awsClusterSpec } from './awsCluster';
import { resourceSchema, templateOf } from './common/resource';

/** infrastructure.cluster.x-k8s.io AWSClusterTemplate, for ClusterClass infrastructure on AWS. */
export const awsClusterTemplateSchema = resourceSchema('AWSClusterTemplate', templateOf(awsClusterSpec));

export type AWSClusterTemplateObject = z.infer<typeof awsClusterTemplateSchema>;
