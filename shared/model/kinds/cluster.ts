import { z } from 'zod';
import { checkDns1123Label } from '../rules/dns';
import { violation } from '../rules/violation';
import { cidrBlocks, dnsLabelName, goDuration, intAtLeast, kubeVersion, rfc3339Time } from './common/formats';
import { machineHealthCheckTopology } from './common/healthCheck';
import { partialMachineDeploymentStrategy } from './common/machineDeploymentStrategy';
import { objectMetaSchema, templateMeta } from './common/objectMeta';
import { objectReference } from './common/references';
import { addViolation, refineWith } from './common/refine';
import { resourceSchema } from './common/resource';

/**
 * cluster.x-k8s.io/v1beta1 Cluster. The name becomes a label value
 * (`cluster.x-k8s.io/cluster-name`) and a prefix of every machine's host name, so it must be a
 * DNS-1123 label (≤ 63), stricter than other objects' subdomain names.
 */
const clusterName = z.string().superRefine(refineWith((v: string) => checkDns1123Label(v, 'cluster-name')));

export const clusterVariable = z
  .object({
    name: z.string().min(1),
    definitionFrom: z.string().optional(),
    value: z.unknown(),
  })
  .strict();

const variableOverrides = z.object({ overrides: z.array(clusterVariable).optional() }).strict();

const nodeTimeouts = {
  nodeDrainTimeout: goDuration.optional(),
  nodeVolumeDetachTimeout: goDuration.optional(),
  nodeDeletionTimeout: goDuration.optional(),
};

const readinessGates = z.array(z.object({ conditionType: z.string().min(1) }).strict()).optional();

export const machineDeploymentTopology = z
  .object({
    metadata: templateMeta.default({}),
    class: z.string().min(1),
    name: dnsLabelName,
    failureDomain: z.string().optional(),
    replicas: intAtLeast(0, 'md-replicas-min', 'replicas').optional(),
    machineHealthCheck: machineHealthCheckTopology.optional(),
    ...nodeTimeouts,
    minReadySeconds: intAtLeast(0, 'min-ready-seconds-min', 'minReadySeconds').optional(),
    readinessGates,
    strategy: partialMachineDeploymentStrategy.optional(),
    variables: variableOverrides.optional(),
  })
  .strict();

export const topology = z
  .object({
    class: z.string().min(1),
    classNamespace: dnsLabelName.optional(),
    version: kubeVersion,
    rolloutAfter: rfc3339Time.optional(),
    controlPlane: z
      .object({
        metadata: templateMeta.default({}),
        replicas: z.number().int().optional(),
        machineHealthCheck: machineHealthCheckTopology.optional(),
        ...nodeTimeouts,
        readinessGates,
        variables: variableOverrides.optional(),
      })
      .strict()
      .default({}),
    workers: z
      .object({
        machineDeployments: z.array(machineDeploymentTopology).default([]),
        // Parsed so the compiler can refuse them by name instead of as an unknown field.
        machinePools: z.array(z.record(z.string(), z.unknown())).optional(),
      })
      .strict()
      .default({}),
    variables: z.array(clusterVariable).default([]),
  })
  .strict()
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.workers.machineDeployments.forEach((md, i) => {
      if (seen.has(md.name)) {
        addViolation(
          ctx,
          violation(
            'topology-md-name-unique',
            `machineDeployment topology name "${md.name}" is used more than once`,
          ),
          ['workers', 'machineDeployments', i, 'name'],
        );
      }
      seen.add(md.name);
    });
  });

const networkRanges = z.object({ cidrBlocks: cidrBlocks }).strict();

export const clusterSpec = z
  .object({
    paused: z.boolean().default(false),
    clusterNetwork: z
      .object({
        apiServerPort: z.number().int().optional(),
        services: networkRanges.optional(),
        pods: networkRanges.optional(),
        serviceDomain: z.string().optional(),
      })
      .strict()
      .optional(),
    controlPlaneEndpoint: z.object({ host: z.string(), port: z.number().int() }).strict().optional(),
    controlPlaneRef: objectReference.optional(),
    infrastructureRef: objectReference.optional(),
    topology: topology.optional(),
    availabilityGates: z
      .array(
        z
          .object({ conditionType: z.string().min(1), polarity: z.enum(['Positive', 'Negative']).optional() })
          .strict(),
      )
      .optional(),
  })
  .strict();

export const clusterSchema = resourceSchema(
  'Cluster',
  clusterSpec.default({}),
  objectMetaSchema(clusterName),
);

export type ClusterObject = z.infer<typeof clusterSchema>;
export type ClusterTopology = z.infer<typeof topology>;
export type MachineDeploymentTopology = z.infer<typeof machineDeploymentTopology>;
export type ClusterVariable = z.infer<typeof clusterVariable>;
