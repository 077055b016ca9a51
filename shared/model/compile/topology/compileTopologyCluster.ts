import { resolveRolloutPolicy } from './rolloutPolicy';
import { classVersionRefusal, normalizeClassVersions } from '../../rules/classVersions';
import type { DesiredCluster, DesiredMachineDeployment } from '../../desired';
import type { ClusterObject } from '../../kinds/cluster';
import type { KubeadmControlPlaneObject } from '../../kinds/kubeadmControlPlane';
import type { MachineDeploymentObject } from '../../kinds/machineDeployment';
import type { MachineHealthCheckObject } from '../../kinds/machineHealthCheck';
import { docIssue, type ParsedDoc } from '../../parsedDoc';
import { addClaimableHosts } from '../bareMetalHosts';
import { buildControlPlane } from '../build/controlPlane';
import { assembleDesiredCluster, toResource } from '../build/desiredCluster';
import { buildMachineDeployment } from '../build/machineDeployment';
import { buildMachineHealthCheck } from '../build/machineHealthCheck';
import { templateSnapshot } from '../build/snapshot';
import type { ClusterContext } from '../clusterContext';
import type { DocIndex } from '../docIndex';
import { compileMachineDeployments } from '../machineDeployments';
import { compileRuntimeExtensions } from '../runtimeExtensions';
import { compileMachineDrainRules } from '../machineDrainRules';
import { compileMachineHealthChecks } from '../machineHealthChecks';
import { resolveRemediationTemplate } from '../remediationTemplate';
import { ClusterScope } from '../scope';
import { expandTopology } from './expandTopology';
import { resolveClass } from './resolveClass';
import { snapshotOfClusterTemplate, templateResources } from './templateResources';
import { checkTopologyShape } from './topologyShape';
import { checkNameCollisions, validateGenerated } from './validateGenerated';
import { resolveTopologyVariables } from './variables';

/**
 * A Cluster with `spec.topology` (capi-behaviour.md §7): resolve its ClusterClass, check the
 * variables, expand the class into the objects CAPI's topology controller would create, validate
 * those with the same schemas as hand-written objects, attach separately declared
 * MachineDeployments/MachineHealthChecks and the namespace's MachineDrainRules, and compile the
 * lot into a DesiredCluster.
 */
export function compileTopologyCluster(
  index: DocIndex,
  clusterDoc: ParsedDoc<'Cluster'>,
  cluster: ClusterObject,
): { scope: ClusterScope; desired?: DesiredCluster } {
  const scope = new ClusterScope(clusterDoc.namespace, clusterDoc.name);
  scope.use(clusterDoc);
  const topology = cluster.spec.topology;
  if (!topology) return { scope };
  const ctx: ClusterContext = {
    namespace: clusterDoc.namespace,
    name: clusterDoc.name,
    controlPlaneVersion: topology.version,
  };

  checkTopologyShape(scope, clusterDoc, cluster);
  const resolved = resolveClass(index, scope, clusterDoc, topology, ctx);
  if (!resolved) return { scope };
  const rolloutPolicy = resolveRolloutPolicy(scope, clusterDoc, resolved.classDoc);
  const classVersions = resolved.cls.spec.kubernetesVersions ? normalizeClassVersions(resolved.cls.spec.kubernetesVersions) : undefined;
  const notInClass = classVersionRefusal(topology.class, classVersions, topology.version);
  if (notInClass) scope.add(docIssue(clusterDoc, 'spec.topology.version', notInClass));
  const variables = resolveTopologyVariables(scope, clusterDoc, cluster, resolved.classDoc, resolved.cls);

  // Keep going past the issues found so far (generated objects have rules of their own, and all
  // issues are reported at once) unless a template needed to generate is missing or invalid.
  const { infrastructureTemplate, controlPlaneTemplate, controlPlaneMachine } = resolved;
  if (!infrastructureTemplate || !controlPlaneTemplate || !controlPlaneMachine || !ctx.infra)
    return { scope };
  if (
    ![infrastructureTemplate, controlPlaneTemplate, controlPlaneMachine].every(
      (d) => scope.use(d) !== undefined,
    )
  )
    return { scope };
  const expanded = expandTopology(
    scope,
    clusterDoc,
    cluster,
    topology,
    { ...resolved, infrastructureTemplate, controlPlaneTemplate, controlPlaneMachine },
    variables,
  );

  const objects = validateGenerated(scope, clusterDoc, expanded.generated);
  const attachedDeployments = compileMachineDeployments(index, scope, ctx);
  const attachedChecks = compileMachineHealthChecks(index, scope, ctx);
  const machineDrainRules = compileMachineDrainRules(index, scope);
  const runtimeExtensions = compileRuntimeExtensions(index, scope);
  if (ctx.infra.provider === 'baremetal') addClaimableHosts(index, scope);
  checkNameCollisions(scope, clusterDoc, objects, attachedDeployments, attachedChecks);
  const generatedChecks = objects
    .filter((o) => o.kind === 'MachineHealthCheck')
    .map((o) => {
      const mhc = o.object as MachineHealthCheckObject;
      const from = expanded.generated.find((g) => g.kind === o.kind && (g.raw.metadata as { name: string }).name === o.name);
      const path = `${from?.topologyPath ?? 'spec.topology'}.remediationTemplate`;
      const template = resolveRemediationTemplate(index, scope, clusterDoc, path, mhc.spec.remediationTemplate);
      return buildMachineHealthCheck(mhc, template.spec);
    });
  if (!scope.ok) return { scope };

  const ofKind = <T>(kind: string): T[] => objects.filter((o) => o.kind === kind).map((o) => o.object as T);
  const [kcp] = ofKind<KubeadmControlPlaneObject>('KubeadmControlPlane');
  const [infra] = ofKind<{ apiVersion: string; kind: string; metadata: { name: string }; spec: unknown }>(
    expanded.infrastructureKind ?? '',
  );
  if (!kcp || !infra) return { scope };

  const machineDeployments: DesiredMachineDeployment[] = [];
  for (const md of ofKind<MachineDeploymentObject>('MachineDeployment')) {
    const t = expanded.machineDeployments.get(md.metadata.name);
    if (!t) continue;
    machineDeployments.push(
      buildMachineDeployment(
        md,
        topology.version,
        snapshotOfClusterTemplate(t.bootstrap),
        snapshotOfClusterTemplate(t.infrastructure),
        t.className,
      ),
    );
  }

  const templates = templateResources(expanded.templates);
  const members = scope
    .memberDocs()
    .filter((d) => !templates.some((r) => r.kind === d.kind && r.metadata.name === d.name))
    .map((d) => toResource(d.object));

  return {
    scope,
    desired: assembleDesiredCluster({
      cluster,
      provider: ctx.infra.provider,
      infrastructure: templateSnapshot(infra.apiVersion, infra.kind, infra.metadata.name, infra.spec),
      controlPlane: buildControlPlane(
        cluster.metadata.name,
        kcp,
        snapshotOfClusterTemplate(expanded.controlPlaneMachine),
      ),
      machineDeployments: [...machineDeployments, ...attachedDeployments],
      machineHealthChecks: [
        ...generatedChecks,
        ...attachedChecks,
      ],
      machineDrainRules,
      runtimeExtensions,
      // absent for the default (Immediate): desired states stay as they were before policies existed
      topology: {
        class: topology.class,
        version: topology.version,
        ...(rolloutPolicy === 'Campaign' ? { rolloutPolicy } : {}),
        ...(classVersions ? { kubernetesVersions: classVersions } : {}),
      },
      resources: [...members, ...templates, ...objects.map((o) => toResource(o.object))],
    }),
  };
}
