import type { DesiredCluster, DesiredControlPlane, TemplateSnapshot } from '../desired';
import type { ClusterObject } from '../kinds/cluster';
import type { ParsedDoc } from '../parsedDoc';
import { docIssue } from '../parsedDoc';
import { violation } from '../rules/violation';
import { defaultVersionPrefix, parseKubeVersion } from '../rules/version';
import { addClaimableHosts } from './bareMetalHosts';
import { buildControlPlane } from './build/controlPlane';
import { assembleDesiredCluster, toResource } from './build/desiredCluster';
import { snapshotOfObject, snapshotOfTemplate } from './build/snapshot';
import type { ClusterContext } from './clusterContext';
import type { DocIndex } from './docIndex';
import { compileMachineDeployments } from './machineDeployments';
import { compileRuntimeExtensions } from './runtimeExtensions';
import { compileMachineDrainRules } from './machineDrainRules';
import { compileMachineHealthChecks } from './machineHealthChecks';
import { checkSameProvider, providerOfKind } from './providers';
import { EXPECT, resolveRef } from './resolveRef';
import { ClusterScope } from './scope';

/**
 * A Cluster declared object by object (no topology): follow infrastructureRef and
 * controlPlaneRef, the KCP's machine template, and attach the MachineDeployments and
 * MachineHealthChecks whose `spec.clusterName` names the cluster, and the namespace's
 * MachineDrainRules.
 */
export function compileExplicitCluster(
  index: DocIndex,
  clusterDoc: ParsedDoc<'Cluster'>,
  cluster: ClusterObject,
): { scope: ClusterScope; desired?: DesiredCluster } {
  const scope = new ClusterScope(clusterDoc.namespace, clusterDoc.name);
  scope.use(clusterDoc);
  const ctx: ClusterContext = { namespace: clusterDoc.namespace, name: clusterDoc.name };

  let infrastructure: TemplateSnapshot | undefined;
  if (!cluster.spec.infrastructureRef) {
    scope.add(
      docIssue(
        clusterDoc,
        'spec.infrastructureRef',
        violation(
          'infrastructure-ref-required',
          'a Cluster needs spec.infrastructureRef (or spec.topology): it says where the machines run',
        ),
      ),
    );
  } else {
    const infraDoc = resolveRef(
      index,
      scope,
      clusterDoc,
      'spec.infrastructureRef',
      cluster.spec.infrastructureRef,
      EXPECT.infraCluster,
    );
    const provider = infraDoc && providerOfKind(infraDoc.kind);
    if (infraDoc && provider && scope.use(infraDoc)) {
      infrastructure = snapshotOfObject(infraDoc);
      ctx.infra = { provider, infraKind: infraDoc.kind, infraName: infraDoc.name };
    }
  }

  let controlPlane: DesiredControlPlane | undefined;
  if (!cluster.spec.controlPlaneRef) {
    scope.add(
      docIssue(
        clusterDoc,
        'spec.controlPlaneRef',
        violation(
          'control-plane-ref-required',
          'a Cluster needs spec.controlPlaneRef (a KubeadmControlPlane) or spec.topology',
        ),
      ),
    );
  } else {
    const cpDoc = resolveRef(
      index,
      scope,
      clusterDoc,
      'spec.controlPlaneRef',
      cluster.spec.controlPlaneRef,
      EXPECT.controlPlane,
    );
    if (cpDoc)
      controlPlane = compileControlPlane(index, scope, ctx, cpDoc as ParsedDoc<'KubeadmControlPlane'>);
  }

  const machineDeployments = compileMachineDeployments(index, scope, ctx);
  const machineHealthChecks = compileMachineHealthChecks(index, scope, ctx);
  const machineDrainRules = compileMachineDrainRules(index, scope);
  const runtimeExtensions = compileRuntimeExtensions(index, scope);
  if (ctx.infra?.provider === 'baremetal') addClaimableHosts(index, scope);

  if (!scope.ok || !infrastructure || !controlPlane || !ctx.infra) return { scope };
  return {
    scope,
    desired: assembleDesiredCluster({
      cluster,
      provider: ctx.infra.provider,
      infrastructure,
      controlPlane,
      machineDeployments,
      machineHealthChecks,
      machineDrainRules,
      runtimeExtensions,
      resources: scope.memberDocs().map((d) => toResource(d.object)),
    }),
  };
}

function compileControlPlane(
  index: DocIndex,
  scope: ClusterScope,
  ctx: ClusterContext,
  cpDoc: ParsedDoc<'KubeadmControlPlane'>,
): DesiredControlPlane | undefined {
  const kcp = scope.use(cpDoc);
  if (!kcp) {
    // The KCP has its own issues; its version may still be fine, so workers keep being checked.
    ctx.controlPlaneVersion = rawVersion(cpDoc.raw);
    return undefined;
  }
  ctx.controlPlaneVersion = kcp.spec.version;
  const path = 'spec.machineTemplate.infrastructureRef';
  const mtDoc = resolveRef(
    index,
    scope,
    cpDoc,
    path,
    kcp.spec.machineTemplate.infrastructureRef,
    EXPECT.infraMachineTemplate,
  );
  checkSameProvider(scope, cpDoc, path, mtDoc, ctx.infra);
  if (!mtDoc || !scope.use(mtDoc)) return undefined;
  return buildControlPlane(ctx.name, kcp, snapshotOfTemplate(mtDoc));
}

function rawVersion(raw: Record<string, unknown>): string | undefined {
  const version = (raw.spec as { version?: unknown } | undefined)?.version;
  if (typeof version !== 'string') return undefined;
  const v = defaultVersionPrefix(version);
  return parseKubeVersion(v) ? v : undefined;
}
