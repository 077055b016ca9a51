import { z } from 'zod';
import { objectMeta, templateMeta } from './objectMeta';

/**
 * The envelope every kind shares: apiVersion, kind, metadata, spec and an ignored `status`
 * (manifests exported from a live cluster carry one; desired state never reads it).
 * apiVersion and kind were already matched against the registry before the schema runs.
 */
export function resourceSchema<K extends string, S extends z.ZodTypeAny>(
  kind: K,
  spec: S,
  meta: typeof objectMeta = objectMeta,
) {
  return z
    .object({
      apiVersion: z.string(),
      kind: z.literal(kind),
      metadata: meta,
      spec,
      status: z.unknown().optional(),
    })
    .strict();
}

/** `spec.template: { metadata?, spec }` of the *Template kinds. */
export function templateOf<S extends z.ZodTypeAny>(spec: S) {
  return z
    .object({
      template: z
        .object({
          metadata: templateMeta.default({}),
          spec,
        })
        .strict(),
    })
    .strict();
}
