import type { ClusterClassObject, MachineDeploymentClass } from '../../kinds/clusterClass';
import type { ClusterTopology } from '../../kinds/cluster';
import { docIssue, resourceLabel, type ParsedDoc } from '../../parsedDoc';
import { violation } from '../../rules/violation';
import type { ClusterContext } from '../clusterContext';
import type { DocIndex } from '../docIndex';
import { checkSameProvider, providerOfKind } from '../providers';
import { EXPECT, resolveRef } from '../resolveRef';
import type { ClusterScope } from '../scope';

export interface WorkerClass {
  definition: MachineDeploymentClass;
  bootstrap?: ParsedDoc;
  infrastructure?: ParsedDoc;
}

export interface ResolvedClass {
  classDoc: ParsedDoc;
  cls: ClusterClassObject;
  infrastructureTemplate?: ParsedDoc;
  controlPlaneTemplate?: ParsedDoc;
  controlPlaneMachine?: ParsedDoc;
  workerClasses: Map<string, WorkerClass>;
}

/**
 * The ClusterClass a topology names and everything it references. CAPI checks a class's refs
 * only once a Cluster uses it, and so does this: issues about the refs are reported on the
 * ClusterClass document. Sets `ctx.infra` (the provider) from the infrastructure template.
 */
export function resolveClass(
  index: DocIndex,
  scope: ClusterScope,
  clusterDoc: ParsedDoc,
  topology: ClusterTopology,
  ctx: ClusterContext,
): ResolvedClass | undefined {
  const classNamespace = topology.classNamespace ?? clusterDoc.namespace;
  const classDoc = index.get('ClusterClass', classNamespace, topology.class) as
    | ParsedDoc<'ClusterClass'>
    | undefined;
  if (!classDoc) {
    scope.add(
      docIssue(
        clusterDoc,
        'spec.topology.class',
        violation(
          'topology-class-not-found',
          `ClusterClass ${classNamespace}/${topology.class} referenced by ${resourceLabel('Cluster', clusterDoc.name)} spec.topology.class does not exist`,
        ),
      ),
    );
    return undefined;
  }
  const cls = scope.use(classDoc);
  if (!cls) return undefined;

  const ref = (path: string, r: Parameters<typeof resolveRef>[4], expect: Parameters<typeof resolveRef>[5]) =>
    resolveRef(index, scope, classDoc, path, r, expect);

  const infrastructureTemplate = ref(
    'spec.infrastructure.ref',
    cls.spec.infrastructure.ref,
    EXPECT.infraClusterTemplate,
  );
  const provider = infrastructureTemplate && providerOfKind(infrastructureTemplate.kind);
  if (infrastructureTemplate && provider) {
    ctx.infra = { provider, infraKind: infrastructureTemplate.kind, infraName: infrastructureTemplate.name };
  }
  const controlPlaneTemplate = ref(
    'spec.controlPlane.ref',
    cls.spec.controlPlane.ref,
    EXPECT.controlPlaneTemplate,
  );

  let controlPlaneMachine: ParsedDoc | undefined;
  const machineInfrastructure = cls.spec.controlPlane.machineInfrastructure;
  if (machineInfrastructure) {
    const path = 'spec.controlPlane.machineInfrastructure.ref';
    controlPlaneMachine = ref(path, machineInfrastructure.ref, EXPECT.infraMachineTemplate);
    checkSameProvider(scope, classDoc, path, controlPlaneMachine, ctx.infra);
  } else {
    scope.add(
      docIssue(
        classDoc,
        'spec.controlPlane.machineInfrastructure',
        violation(
          'class-machine-infrastructure-required',
          'a KubeadmControlPlane needs machines: set controlPlane.machineInfrastructure.ref to an infrastructure machine template',
        ),
      ),
    );
  }

  const workerClasses = new Map<string, WorkerClass>();
  cls.spec.workers.machineDeployments.forEach((definition, i) => {
    const base = `spec.workers.machineDeployments[${i}].template`;
    const bootstrap = ref(
      `${base}.bootstrap.ref`,
      definition.template.bootstrap.ref,
      EXPECT.bootstrapConfigTemplate,
    );
    const infrastructure = ref(
      `${base}.infrastructure.ref`,
      definition.template.infrastructure.ref,
      EXPECT.infraMachineTemplate,
    );
    checkSameProvider(scope, classDoc, `${base}.infrastructure.ref`, infrastructure, ctx.infra);
    workerClasses.set(definition.class, { definition, bootstrap, infrastructure });
  });

  topology.workers.machineDeployments.forEach((md, k) => {
    if (workerClasses.has(md.class)) return;
    const defined = [...workerClasses.keys()].join(', ') || 'none';
    scope.add(
      docIssue(
        clusterDoc,
        `spec.topology.workers.machineDeployments[${k}].class`,
        violation(
          'topology-md-class-not-found',
          `worker class "${md.class}" is not defined in ClusterClass/${cls.metadata.name} (defined: ${defined})`,
        ),
      ),
    );
  });

  return { classDoc, cls, infrastructureTemplate, controlPlaneTemplate, controlPlaneMachine, workerClasses };
}
