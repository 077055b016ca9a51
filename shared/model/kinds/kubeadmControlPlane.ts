import { z } from 'zod';
import { checkKcpMaxSurge, checkKcpReplicas } from '../rules/controlPlane';
import { kcpMachineTemplateShape, kcpSharedShape } from './common/controlPlaneSpec';
import { kubeVersion } from './common/formats';
import { usesExternalEtcd } from './common/kubeadmConfigSpec';
import { objectReference } from './common/references';
import { addViolation } from './common/refine';
import { resourceSchema } from './common/resource';

/** controlplane.cluster.x-k8s.io/v1beta1 KubeadmControlPlane (capi-behaviour.md §4.1). */
export const kubeadmControlPlaneSpec = z
  .object({
    replicas: z.number().int().default(1),
    version: kubeVersion,
    machineTemplate: z.object({ ...kcpMachineTemplateShape, infrastructureRef: objectReference }).strict(),
    ...kcpSharedShape,
  })
  .strict()
  .superRefine((spec, ctx) => {
    const replicas = checkKcpReplicas(spec.replicas, usesExternalEtcd(spec.kubeadmConfigSpec));
    if (replicas) addViolation(ctx, replicas, ['replicas']);
    const surge = checkKcpMaxSurge(spec.rolloutStrategy.rollingUpdate.maxSurge, spec.replicas);
    if (surge) addViolation(ctx, surge, ['rolloutStrategy', 'rollingUpdate', 'maxSurge']);
  });

export const kubeadmControlPlaneSchema = resourceSchema('KubeadmControlPlane', kubeadmControlPlaneSpec);

export type KubeadmControlPlaneObject = z.infer<typeof kubeadmControlPlaneSchema>;
