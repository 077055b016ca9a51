import type { z } from 'zod';
import { kubeadmConfigSpec } from './common/kubeadmConfigSpec';
import { resourceSchema, templateOf } from './common/resource';

/** bootstrap.cluster.x-k8s.io/v1beta1 KubeadmConfigTemplate: the worker bootstrap template. */
export const kubeadmConfigTemplateSchema = resourceSchema(
  'KubeadmConfigTemplate',
  templateOf(kubeadmConfigSpec.default({})),
);

export type KubeadmConfigTemplateObject = z.infer<typeof kubeadmConfigTemplateSchema>;
