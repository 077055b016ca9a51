import { z } from 'zod';
import { resourceSchema, templateOf } from './common/resource';

/**
 * infrastructure.cluster.x-k8s.io/v1beta1 DockerMachineTemplate (CAPD). `extraMounts` is how
 * the seed gives control-plane containers the host's Docker socket.
 */
export const dockerMachineSpec = z
  .object({
    providerID: z.string().optional(),
    customImage: z.string().optional(),
    preLoadImages: z.array(z.string()).optional(),
    extraMounts: z
      .array(
        z
          .object({
            containerPath: z.string().min(1),
            hostPath: z.string().min(1),
            readOnly: z.boolean().optional(),
          })
          .strict(),
      )
      .optional(),
    bootstrapped: z.boolean().optional(),
  })
  .strict();

export const dockerMachineTemplateSchema = resourceSchema(
  'DockerMachineTemplate',
  templateOf(dockerMachineSpec.default({})),
);

export type DockerMachineTemplateObject = z.infer<typeof dockerMachineTemplateSchema>;
