import { z } from 'zod';
import { dnsLabelName, dnsSubdomainName } from './formats';

/**
 * corev1.ObjectReference, as v1beta1 uses it for controlPlaneRef, infrastructureRef, configRef and
 * template refs. CAPI resolves refs by apiVersion + kind + name in the referrer's namespace.
 */
export const objectReference = z
  .object({
    apiVersion: z.string().min(1),
    kind: z.string().min(1),
    name: dnsSubdomainName,
    namespace: dnsLabelName.optional(),
    uid: z.string().optional(),
    resourceVersion: z.string().optional(),
    fieldPath: z.string().optional(),
  })
  .strict();

export type ObjectReferenceSpec = z.infer<typeof objectReference>;

/** ClusterClass `{ ref: ObjectReference }` wrappers (LocalObjectTemplate). */
export const localObjectTemplate = z.object({ ref: objectReference }).strict();

/** A reference to a Secret or ConfigMap by name (credentialsName, dataSecretName...). */
export const secretName = dnsSubdomainName;
