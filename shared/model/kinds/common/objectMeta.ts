import { z } from 'zod';
import { annotationMap, dnsLabelName, dnsSubdomainName, labelMap } from './formats';

/**
 * metav1.ObjectMeta as it may appear in a manifest (server-populated fields included so that
 * `kubectl get -o yaml` output round-trips). Closed, like the real type. `name` is mandatory:
 * Capstan keys workflows by name, so `generateName` alone cannot work and is refused.
 */
export function objectMetaSchema(name: z.ZodType<string, z.ZodTypeDef, string> = dnsSubdomainName) {
  return z
    .object({
      name,
      namespace: dnsLabelName.default('default'),
      labels: labelMap.default({}),
      annotations: annotationMap.default({}),
      generateName: z.string().optional(),
      uid: z.string().optional(),
      resourceVersion: z.string().optional(),
      generation: z.number().int().optional(),
      creationTimestamp: z.union([z.string(), z.null()]).optional(),
      deletionTimestamp: z.string().optional(),
      deletionGracePeriodSeconds: z.number().int().optional(),
      selfLink: z.string().optional(),
      ownerReferences: z.array(z.record(z.string(), z.unknown())).optional(),
      finalizers: z.array(z.string()).optional(),
      managedFields: z.array(z.record(z.string(), z.unknown())).optional(),
    })
    .strict();
}

export const objectMeta = objectMetaSchema();

/** clusterv1.ObjectMeta: the labels/annotations-only metadata of templates and topology entries. */
export const templateMeta = z
  .object({
    labels: labelMap.default({}),
    annotations: annotationMap.default({}),
  })
  .strict();
