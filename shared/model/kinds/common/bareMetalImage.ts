import { z } from 'zod';

/** Metal3 image: what the host is provisioned with. */
export const bareMetalImage = z
  .object({
    url: z.string().min(1),
    checksum: z.string().optional(),
    checksumType: z.enum(['md5', 'sha256', 'sha512', 'auto']).optional(),
    format: z.enum(['raw', 'qcow2', 'vdi', 'vmdk', 'live-iso']).optional(),
  })
  .strict();

/** corev1.SecretReference as Metal3 uses it for userData/networkData/metaData. */
export const secretReference = z
  .object({ name: z.string().min(1), namespace: z.string().optional() })
  .strict();
