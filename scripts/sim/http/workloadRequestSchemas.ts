/**
 * zod schemas of the workload-cluster and fault requests (simWorkloadApi.ts). Like the cloud's,
 * they run once at the edge, so the world model only sees well-formed requests.
 */
import { z } from 'zod';
import type {
  SimChaosRequest,
  SimEtcdLeaderRequest,
  SimEvictionRequest,
  SimFaultRequest,
  SimSettings,
  SimWorkloadRequest,
} from '../../../activities/providers/sim/simWorkloadApi';
import { SIM_CHAOS_SCENARIOS } from '../../../activities/providers/sim/simWorkloadApi';
import { DNS1123_LABEL, DNS1123_SUBDOMAIN } from './requestSchemas';

const ms = z.number().finite().min(0);
const positiveMs = z.number().finite().positive();
const namespace = z.string().max(63).regex(DNS1123_LABEL, 'must be a DNS-1123 label');
/** Room for the 6 characters a controller appends to name its Pods. */
const workloadName = z
  .string()
  .max(57)
  .regex(DNS1123_LABEL, 'must be a DNS-1123 label of at most 57 characters');
const objectName = z.string().max(253).regex(DNS1123_SUBDOMAIN, 'must be a DNS-1123 subdomain');
const intOrPercent = z.union([
  z.number().int().min(0),
  z.string().regex(/^(0|[1-9][0-9]*)%$/, 'must be an integer >= 0 or a percentage like "50%"'),
]);
const conditionStatus = z.enum(['True', 'False', 'Unknown']);

export const workloadRequestSchema: z.ZodType<SimWorkloadRequest> = z
  .object({
    name: workloadName,
    namespace: namespace.optional(),
    replicas: z.number().int().min(0).max(1000),
    podLabels: z
      .record(z.string().min(1).max(63))
      .refine((l) => Object.keys(l).length > 0, 'needs at least one label')
      .optional(),
    pdb: z
      .object({ minAvailable: intOrPercent.optional(), maxUnavailable: intOrPercent.optional() })
      .strict()
      .refine(
        (p) => (p.minAvailable === undefined) !== (p.maxUnavailable === undefined),
        'takes exactly one of minAvailable and maxUnavailable',
      )
      .optional(),
    drainLabel: z.enum(['skip', 'wait-completed']).optional(),
    volumes: z
      .object({ emptyDir: z.boolean().optional(), claims: z.array(objectName).optional() })
      .strict()
      .optional(),
    runForMs: positiveMs.optional(),
  })
  .strict();

export const evictionRequestSchema: z.ZodType<SimEvictionRequest> = z
  .object({ gracePeriodSeconds: z.number().int().min(0).optional() })
  .strict();

export const nodePatchSchema = z.object({ unschedulable: z.boolean() }).strict();

export const bootstrapTokenRequestSchema = z
  .object({ token: z.string().regex(/^[a-z0-9]{6}\.[a-z0-9]{16}$/, 'must be a kubeadm bootstrap token'), ttlSeconds: z.number().int().min(1).max(7 * 24 * 3600) })
  .strict();
export const bootstrapTokenRefreshSchema = z.object({ ttlSeconds: z.number().int().min(1).max(7 * 24 * 3600) }).strict();

export const etcdLeaderRequestSchema: z.ZodType<SimEtcdLeaderRequest> = z
  .object({ toMemberId: z.string().min(1).optional(), toMemberName: z.string().min(1).optional() })
  .strict()
  .refine(
    (r) => (r.toMemberId === undefined) !== (r.toMemberName === undefined),
    'takes exactly one of toMemberId and toMemberName',
  );

export const faultRequestSchema: z.ZodType<SimFaultRequest> = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('nodeCondition'),
        node: objectName,
        type: z.string().min(1).optional(),
        status: conditionStatus,
        reason: z.string().min(1).optional(),
        message: z.string().optional(),
        forMs: positiveMs.optional(),
        persistent: z.boolean().optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal('apiServerOutage'),
        forMs: positiveMs.optional(),
        message: z.string().min(1).optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal('etcdMember'),
        member: z.string().min(1),
        healthy: z.boolean().optional(),
        learner: z.boolean().optional(),
        forMs: positiveMs.optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal('failProvisioning'),
        count: z.number().int().min(1),
        namePrefix: z.string().min(1).optional(),
        reason: z.string().min(1).optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal('slowBoot'),
        extraMs: positiveMs,
        count: z.number().int().min(1).optional(),
        namePrefix: z.string().min(1).optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal('staticPod'),
        node: objectName,
        component: z.enum(['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd']),
        ready: z.boolean(),
        forMs: positiveMs.optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal('volume'),
        node: objectName,
        claim: z.object({ namespace, name: objectName }).strict().optional(),
        detachAfterMs: ms,
      })
      .strict(),
  ])
  .refine(
    (f) => f.kind !== 'etcdMember' || f.healthy !== undefined || f.learner !== undefined,
    'an etcdMember fault says nothing: set healthy and/or learner',
  ) as z.ZodType<SimFaultRequest>;

export const chaosRequestSchema: z.ZodType<SimChaosRequest> = z
  .object({
    cluster: z.object({ namespace, name: objectName }).strict(),
    seed: z.number().int(),
    scenario: z.enum(SIM_CHAOS_SCENARIOS as [SimChaosRequest['scenario'], ...SimChaosRequest['scenario'][]]),
    durationMs: positiveMs,
    events: z.number().int().min(1).max(1000).optional(),
    minDownMs: positiveMs.optional(),
    maxDownMs: positiveMs.optional(),
  })
  .strict()
  .refine(
    (c) => c.minDownMs === undefined || c.maxDownMs === undefined || c.minDownMs <= c.maxDownMs,
    'minDownMs exceeds maxDownMs',
  );

export const settingsUpdateSchema: z.ZodType<Partial<SimSettings>> = z
  .object({ quorumLossTakesApiServerDown: z.boolean() })
  .partial()
  .strict();
