import type { ClusterObject, ClusterTopology } from '../../kinds/cluster';
import { kindDefinition, type KindName } from '../../kinds/registry';
import type { ParsedDoc } from '../../parsedDoc';
import type { ClusterScope } from '../scope';
import { clusterBuiltins, machineDeploymentBuiltins } from './builtins';
import {
  generateControlPlane,
  generateInfrastructureCluster,
  generateMachineDeployment,
  topologyNames,
  type GeneratedObject,
} from './generate';
import { controlPlaneSelector, generateHealthCheck, machineDeploymentSelector } from './healthChecks';
import { applyClassPatches, clusterTemplate, type ClusterTemplate } from './patches';
import type { ResolvedClass } from './resolveClass';
import type { TopologyVariables } from './variables';

export interface MachineDeploymentTemplates {
  bootstrap: ClusterTemplate;
  infrastructure: ClusterTemplate;
  className: string;
}

export interface ExpandedTopology {
  /** the kind the infrastructure template stamps (SimCluster for SimClusterTemplate...) */
  infrastructureKind?: KindName;
  generated: GeneratedObject[];
  controlPlaneMachine: ClusterTemplate;
  /** by generated MachineDeployment name */
  machineDeployments: Map<string, MachineDeploymentTemplates>;
  /** every template the cluster uses, patched for it */
  templates: ClusterTemplate[];
}

/**
 * What CAPI's topology controller would create for one Cluster: patch the class templates with
 * the cluster's variables (per MachineDeployment for worker templates, which see their overrides
 * and `builtin.machineDeployment`), then generate the InfraCluster, the KubeadmControlPlane, one
 * MachineDeployment per topology entry and the enabled MachineHealthChecks.
 */
export function expandTopology(
  scope: ClusterScope,
  clusterDoc: ParsedDoc,
  cluster: ClusterObject,
  topology: ClusterTopology,
  resolved: Required<
    Pick<ResolvedClass, 'infrastructureTemplate' | 'controlPlaneTemplate' | 'controlPlaneMachine'>
  > &
    ResolvedClass,
  variables: TopologyVariables,
): ExpandedTopology {
  const { classDoc, cls } = resolved;
  const clusterName = cluster.metadata.name;
  const builtins = clusterBuiltins(cluster, topology.version);

  const infrastructure = clusterTemplate({ kind: 'infrastructureCluster' }, resolved.infrastructureTemplate);
  const controlPlane = clusterTemplate({ kind: 'controlPlane' }, resolved.controlPlaneTemplate);
  const controlPlaneMachine = clusterTemplate(
    { kind: 'controlPlaneMachineInfrastructure' },
    resolved.controlPlaneMachine,
  );
  applyClassPatches(scope, classDoc, cls, [infrastructure, controlPlane, controlPlaneMachine], {
    ...variables.cluster,
    builtin: builtins,
  });

  const generated: GeneratedObject[] = [];
  const infrastructureKind = kindDefinition(resolved.infrastructureTemplate.kind)?.stamps;
  if (infrastructureKind)
    generated.push(generateInfrastructureCluster(cluster, infrastructureKind, infrastructure));
  generated.push(generateControlPlane(cluster, topology, cls, controlPlane, controlPlaneMachine));
  const cpCheck = generateHealthCheck(
    scope,
    clusterDoc,
    cluster,
    { topology: topology.controlPlane.machineHealthCheck, class: cls.spec.controlPlane.machineHealthCheck },
    {
      name: topologyNames.controlPlane(clusterName),
      selector: controlPlaneSelector(clusterName),
      topologyPath: 'spec.topology.controlPlane.machineHealthCheck',
    },
  );
  if (cpCheck) generated.push(cpCheck);

  const templates = [infrastructure, controlPlane, controlPlaneMachine];
  const machineDeployments = new Map<string, MachineDeploymentTemplates>();
  topology.workers.machineDeployments.forEach((md, k) => {
    const wc = resolved.workerClasses.get(md.class);
    if (!wc?.bootstrap || !wc.infrastructure || !scope.use(wc.bootstrap) || !scope.use(wc.infrastructure))
      return;
    const slot = { kind: 'machineDeployment' as const, className: md.class };
    const bootstrap = clusterTemplate(slot, wc.bootstrap);
    const machine = clusterTemplate(slot, wc.infrastructure);
    applyClassPatches(scope, classDoc, cls, [bootstrap, machine], {
      ...variables.forMachineDeployment(md.name),
      builtin: machineDeploymentBuiltins(builtins, cluster, md, topology.version),
    });
    const name = topologyNames.machineDeployment(clusterName, md.name);
    templates.push(bootstrap, machine);
    machineDeployments.set(name, { bootstrap, infrastructure: machine, className: md.class });
    generated.push(generateMachineDeployment(cluster, topology, md, k, wc.definition, bootstrap, machine));
    const check = generateHealthCheck(
      scope,
      clusterDoc,
      cluster,
      { topology: md.machineHealthCheck, class: wc.definition.machineHealthCheck },
      {
        name,
        selector: machineDeploymentSelector(clusterName, name),
        topologyPath: `spec.topology.workers.machineDeployments[${k}].machineHealthCheck`,
      },
    );
    if (check) generated.push(check);
  });

  return { infrastructureKind, generated, controlPlaneMachine, machineDeployments, templates };
}
