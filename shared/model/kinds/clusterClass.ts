import { z } from 'zod';
import { checkClassVersions } from '../rules/classVersions';
import { violation } from '../rules/violation';
import { goDuration, intAtLeast } from './common/formats';
import { machineHealthCheckClass } from './common/healthCheck';
import { partialMachineDeploymentStrategy } from './common/machineDeploymentStrategy';
import { templateMeta } from './common/objectMeta';
import { openApiSchema } from './common/openApiSchema';
import { localObjectTemplate } from './common/references';
import { addViolation } from './common/refine';
import { resourceSchema } from './common/resource';

/**
 * cluster.x-k8s.io/v1beta1 ClusterClass (capi-behaviour.md §7). Its refs are checked only when a
 * Cluster uses the class, as CAPI's webhooks do: a class alone may point at templates that are
 * applied later.
 */
const namingStrategy = z.object({ template: z.string().optional() }).strict().optional();
const readinessGates = z.array(z.object({ conditionType: z.string().min(1) }).strict()).optional();
const nodeTimeouts = {
  nodeDrainTimeout: goDuration.optional(),
  nodeVolumeDetachTimeout: goDuration.optional(),
  nodeDeletionTimeout: goDuration.optional(),
};

export const machineDeploymentClass = z
  .object({
    class: z.string().min(1),
    template: z
      .object({
        metadata: templateMeta.default({}),
        bootstrap: localObjectTemplate,
        infrastructure: localObjectTemplate,
      })
      .strict(),
    machineHealthCheck: machineHealthCheckClass.optional(),
    failureDomain: z.string().optional(),
    namingStrategy,
    ...nodeTimeouts,
    minReadySeconds: intAtLeast(0, 'min-ready-seconds-min', 'minReadySeconds').optional(),
    readinessGates,
    strategy: partialMachineDeploymentStrategy.optional(),
  })
  .strict();

export const clusterClassVariable = z
  .object({
    name: z.string().min(1),
    required: z.boolean().default(false),
    metadata: templateMeta.optional(),
    schema: z.object({ openAPIV3Schema: openApiSchema }).strict(),
  })
  .strict();

const jsonPatch = z
  .object({
    op: z.enum(['add', 'replace', 'remove']),
    path: z.string().regex(/^\//, 'a JSON pointer starting with "/"'),
    value: z.unknown().optional(),
    valueFrom: z
      .object({ variable: z.string().optional(), template: z.string().optional() })
      .strict()
      .optional(),
  })
  .strict();

export const patchSelector = z
  .object({
    apiVersion: z.string().min(1),
    kind: z.string().min(1),
    matchResources: z
      .object({
        controlPlane: z.boolean().optional(),
        infrastructureCluster: z.boolean().optional(),
        machineDeploymentClass: z
          .object({ names: z.array(z.string()).optional() })
          .strict()
          .optional(),
        machinePoolClass: z
          .object({ names: z.array(z.string()).optional() })
          .strict()
          .optional(),
      })
      .strict(),
  })
  .strict();

export const clusterClassPatch = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    enabledIf: z.string().optional(),
    definitions: z
      .array(z.object({ selector: patchSelector, jsonPatches: z.array(jsonPatch) }).strict())
      .optional(),
    external: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const clusterClassSpec = z
  .object({
    availabilityGates: z.array(z.record(z.string(), z.unknown())).optional(),
    infrastructure: localObjectTemplate,
    infrastructureNamingStrategy: namingStrategy,
    controlPlane: z
      .object({
        metadata: templateMeta.default({}),
        ref: localObjectTemplate.shape.ref,
        machineInfrastructure: localObjectTemplate.optional(),
        machineHealthCheck: machineHealthCheckClass.optional(),
        namingStrategy,
        ...nodeTimeouts,
        readinessGates,
      })
      .strict(),
    workers: z
      .object({
        machineDeployments: z.array(machineDeploymentClass).default([]),
        machinePools: z.array(z.record(z.string(), z.unknown())).optional(),
      })
      .strict()
      .default({}),
    variables: z.array(clusterClassVariable).default([]),
    patches: z.array(clusterClassPatch).default([]),
    /** CAPI v1.12: the versions clusters of the class may use (ordered, one per minor at least) */
    kubernetesVersions: z.array(z.string().min(1).max(256)).min(1).max(100).optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    for (const p of checkClassVersions(spec.kubernetesVersions ?? [])) addViolation(ctx, p.violation, ['kubernetesVersions', p.index]);
    const classes = new Set<string>();
    spec.workers.machineDeployments.forEach((md, i) => {
      if (classes.has(md.class)) {
        addViolation(
          ctx,
          violation('class-name-unique', `worker class "${md.class}" is defined more than once`),
          ['workers', 'machineDeployments', i, 'class'],
        );
      }
      classes.add(md.class);
    });
    const variables = new Set<string>();
    spec.variables.forEach((v, i) => {
      if (variables.has(v.name)) {
        addViolation(
          ctx,
          violation('variable-name-unique', `variable "${v.name}" is defined more than once`),
          ['variables', i, 'name'],
        );
      }
      if (v.name === 'builtin' || v.name.startsWith('builtin.')) {
        addViolation(
          ctx,
          violation('variable-name-reserved', `variable name "${v.name}" is reserved for builtin variables`),
          ['variables', i, 'name'],
        );
      }
      variables.add(v.name);
    });
  });

export const clusterClassSchema = resourceSchema('ClusterClass', clusterClassSpec);

export type ClusterClassObject = z.infer<typeof clusterClassSchema>;
export type MachineDeploymentClass = z.infer<typeof machineDeploymentClass>;
export type ClusterClassVariableDefinition = z.infer<typeof clusterClassVariable>;
export type ClusterClassPatch = z.infer<typeof clusterClassPatch>;
