import { z } from 'zod';
import { PROVIDER_NAMES, type DesiredCluster, type ProviderName } from './desired';
import { refineWith } from './kinds/common/refine';
import { checkDns1123Label, checkDns1123Subdomain } from './rules/dns';
import { checkIntOrPercent } from './rules/intOrPercent';
import { checkRfc3339 } from './rules/rfc3339';
import { checkUnhealthyRange } from './rules/unhealthyRange';
import { checkKubeVersion } from './rules/version';
import { checkKcpReplicas } from './rules/controlPlane';
import { addViolation } from './kinds/common/refine';
import { caBundle, extensionUrl } from './kinds/extensionConfig';

/**
 * Zod schema of a DesiredCluster arriving as JSON (Temporal Update arguments, CLI `--desired`).
 * Closed objects and the same format rules as manifests, so a hand-built or tampered desired
 * state is refused by the Update validator before it enters workflow history.
 */
const name = z.string().superRefine(refineWith(checkDns1123Subdomain));
const clusterName = z.string().superRefine(refineWith((v: string) => checkDns1123Label(v, 'cluster-name')));
const namespace = z.string().superRefine(refineWith((v: string) => checkDns1123Label(v)));
const version = z.string().superRefine(refineWith(checkKubeVersion));
const stringMap = z.record(z.string(), z.string());
const intOrPercent = z.union([z.number(), z.string()]).superRefine(refineWith(checkIntOrPercent));
const nonNegativeInt = z.number().int().min(0);
const time = z.string().superRefine(refineWith(checkRfc3339));

const templateSnapshot = z
  .object({
    apiVersion: z.string().min(1),
    kind: z.string().min(1),
    name,
    spec: z.record(z.string(), z.unknown()),
  })
  .strict();

const machineTemplate = z
  .object({
    version,
    infrastructure: templateSnapshot,
    bootstrap: templateSnapshot,
    failureDomain: z.string().optional(),
    labels: stringMap,
    annotations: stringMap,
    minReadySeconds: nonNegativeInt,
    nodeDrainTimeoutSeconds: z.number().min(0).optional(),
    nodeVolumeDetachTimeoutSeconds: z.number().min(0).optional(),
    nodeDeletionTimeoutSeconds: z.number().min(0),
  })
  .strict();

const controlPlane = z
  .object({
    kind: z.literal('KubeadmControlPlane'),
    name,
    replicas: z.number().int(),
    version,
    machineTemplate,
    rollout: z.object({ maxSurge: z.union([z.literal(0), z.literal(1)]), after: time.optional() }).strict(),
    remediation: z
      .object({
        maxRetry: nonNegativeInt.optional(),
        retryPeriodSeconds: z.number().min(0),
        minHealthyPeriodSeconds: z.number().min(0),
      })
      .strict(),
    annotations: stringMap,
  })
  .strict()
  .superRefine((cp, ctx) => {
    // The desired state does not say whether etcd is external; the kubeadm spec does.
    const etcd = (
      cp.machineTemplate.bootstrap.spec.clusterConfiguration as { etcd?: { external?: unknown } } | undefined
    )?.etcd;
    const v = checkKcpReplicas(cp.replicas, etcd?.external !== undefined);
    if (v) addViolation(ctx, v, ['replicas']);
  });

const machineDeployment = z
  .object({
    name,
    replicas: nonNegativeInt,
    template: machineTemplate,
    strategy: z
      .object({
        type: z.enum(['RollingUpdate', 'OnDelete']),
        maxSurge: intOrPercent,
        maxUnavailable: intOrPercent,
        deletePolicy: z.enum(['Random', 'Newest', 'Oldest']),
        remediation: z.object({ maxInFlight: intOrPercent }).strict().optional(),
      })
      .strict(),
    rolloutAfter: time.optional(),
    paused: z.boolean(),
    labels: stringMap,
    annotations: stringMap,
    topologyClass: z.string().optional(),
  })
  .strict();

const machineHealthCheck = z
  .object({
    name,
    selector: z.object({ matchLabels: stringMap }).strict(),
    unhealthyConditions: z.array(
      z
        .object({ type: z.string().min(1), status: z.string().min(1), timeoutSeconds: z.number().min(0) })
        .strict(),
    ),
    nodeStartupTimeoutSeconds: z.number().min(0),
    maxUnhealthy: intOrPercent.optional(),
    unhealthyRange: z.string().superRefine(refineWith(checkUnhealthyRange)).optional(),
    remediationTemplate: z
      .object({
        apiVersion: z.string().min(1),
        kind: z.string().min(1),
        name,
        namespace: namespace.optional(),
      })
      .strict()
      .optional(),
    remediationTemplateSpec: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const labelSelector = z
  .object({
    matchLabels: stringMap.optional(),
    matchExpressions: z
      .array(
        z
          .object({
            key: z.string().min(1),
            operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
            values: z.array(z.string()).optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

const machineDrainRule = z
  .object({
    name,
    behavior: z.enum(['Drain', 'Skip', 'WaitCompleted']),
    order: z.number().int().optional(),
    machines: z
      .array(
        z.object({ selector: labelSelector.optional(), clusterSelector: labelSelector.optional() }).strict(),
      )
      .optional(),
    pods: z
      .array(
        z
          .object({ selector: labelSelector.optional(), namespaceSelector: labelSelector.optional() })
          .strict(),
      )
      .optional(),
  })
  .strict();

const resource = z
  .object({
    apiVersion: z.string().min(1),
    kind: z.string().min(1),
    metadata: z.object({ name: z.string().min(1), namespace: z.string().min(1) }).passthrough(),
  })
  .passthrough();

export const desiredClusterSchema = z
  .object({
    namespace,
    name: clusterName,
    labels: stringMap,
    annotations: stringMap,
    provider: z.enum(PROVIDER_NAMES as [ProviderName, ...ProviderName[]]),
    paused: z.boolean(),
    clusterNetwork: z
      .object({ pods: z.array(z.string()), services: z.array(z.string()), serviceDomain: z.string().min(1) })
      .strict(),
    infrastructure: templateSnapshot,
    controlPlane,
    machineDeployments: z.array(machineDeployment),
    machineHealthChecks: z.array(machineHealthCheck),
    // absent in desired states recorded before MachineDrainRules were supported
    machineDrainRules: z.array(machineDrainRule).default([]),
    runtimeExtensions: z
      .array(
        z
          .object({ name: z.string().min(1), url: extensionUrl, caBundle: caBundle.optional(), settings: stringMap })
          .strict(),
      )
      .optional(),
    topology: z
      .object({ class: z.string().min(1), version, rolloutPolicy: z.literal('Campaign').optional(), kubernetesVersions: z.array(version).optional() })
      .strict()
      .optional(),
    resources: z.array(resource),
  })
  .strict();

// Compile-time proof that the schema and the DesiredCluster interface describe the same shape.
type SchemaOutput = z.infer<typeof desiredClusterSchema>;
type Assert<T extends true> = T;
export type _SchemaMatchesDesired = Assert<
  SchemaOutput extends DesiredCluster ? (DesiredCluster extends SchemaOutput ? true : false) : false
>;
