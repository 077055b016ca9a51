import type { z } from 'zod';
import { kubeadmConfigSpec } from './common/kubeadmConfigSpec';
import { resourceSchema } from './common/resource';

/** bootstrap.cluster.x-k8s.io/v1beta1 KubeadmConfig (the per-machine bootstrap config). */
export const kubeadmConfigSchema = resourceSchema('KubeadmConfig', kubeadmConfigSpec.default({}));

export type KubeadmConfigObject = z.infer<typeof kubeadmConfigSchema>;
