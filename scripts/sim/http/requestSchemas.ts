/**
 * zod schemas of what the API accepts: path names and request bodies. Validation happens at the
 * edge, once, so the world model only ever sees well-formed requests.
 */
import { z } from 'zod';
import type {
  SimClusterInfraRequest,
  SimLatencies,
  SimMachineRequest,
  SimRebootRequest,
} from '../../../activities/providers/sim/simApi';
import type { SimExternalMachineRequest } from '../../../activities/providers/standIn/simStandInApi';
import { SimError } from '../world/simError';

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const templateSnapshotSchema = z.object({
  apiVersion: z.string().min(1),
  kind: z.string().min(1),
  name: z.string().min(1),
  spec: z.record(z.unknown()),
});

export const clusterInfraRequestSchema: z.ZodType<SimClusterInfraRequest> = z.object({
  infrastructure: templateSnapshotSchema,
  labels: z.record(z.string()).optional(),
});

export const machineRequestSchema: z.ZodType<SimMachineRequest> = z.object({
  role: z.enum(['control-plane', 'worker']),
  version: z
    .string()
    .regex(/^v\d+\.\d+\.\d+([-+][0-9A-Za-z.+-]+)?$/, 'must be a Kubernetes version like v1.31.4'),
  failureDomain: z.string().min(1).optional(),
  infrastructure: templateSnapshotSchema,
  bootstrapData: z.string().min(1, 'is empty: a machine is created only once its bootstrap data is ready'),
});

/** PUT .../external-machines/:machine: a machine another provider made (the Docker kubelet stand-in). */
export const externalMachineRequestSchema: z.ZodType<SimExternalMachineRequest> = z.object({
  role: z.enum(['control-plane', 'worker']),
  version: z
    .string()
    .regex(/^v\d+\.\d+\.\d+([-+][0-9A-Za-z.+-]+)?$/, 'must be a Kubernetes version like v1.31.4'),
  providerID: z.string().min(1),
  address: z.string().min(1),
  failureDomain: z.string().min(1).optional(),
  infrastructure: templateSnapshotSchema,
  bootstrapData: z.string().min(1, 'is empty: the machine was bootstrapped from some user data'),
});

export const rebootRequestSchema: z.ZodType<SimRebootRequest> = z
  .object({ key: z.string().min(1).max(512).optional() })
  .strict();

const durationMs = z.number().finite().min(0);
export const latenciesUpdateSchema: z.ZodType<Partial<SimLatencies>> = z
  .object({
    clusterInfraMs: durationMs,
    provisionMs: durationMs,
    bootMs: durationMs,
    deleteMs: durationMs,
    rescheduleMs: durationMs,
    podTerminationMs: durationMs,
    volumeDetachMs: durationMs,
    notReadyEvictionMs: durationMs,
    jitter: z.number().min(0).max(1),
  })
  .partial()
  .strict();

/** Parses a body against a schema, turning zod's issues into one InvalidSpec message. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  if (body === undefined) throw SimError.invalidSpec(`${what}: a JSON request body is required`);
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues.map(
    (i) => `${i.path.length > 0 ? i.path.join('.') : '(body)'}: ${i.message}`,
  );
  throw SimError.invalidSpec(`${what}: ${issues.join('; ')}`);
}

export function namespaceParam(value: string): string {
  if (value.length > 63 || !DNS1123_LABEL.test(value)) {
    throw SimError.invalidSpec(`namespace "${value}" is not a DNS-1123 label`);
  }
  return value;
}

export function nameParam(value: string, what: string): string {
  if (value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
    throw SimError.invalidSpec(`${what} name "${value}" is not a DNS-1123 subdomain`);
  }
  return value;
}
