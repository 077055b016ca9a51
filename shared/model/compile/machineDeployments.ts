import type { DesiredMachineDeployment } from '../desired';
import { docIssue, type ParsedDoc } from '../parsedDoc';
import { checkWorkerVersion } from '../rules/versionSkew';
import { violation } from '../rules/violation';
import { buildMachineDeployment } from './build/machineDeployment';
import { snapshotOfTemplate } from './build/snapshot';
import { belongsTo, type ClusterContext } from './clusterContext';
import type { DocIndex } from './docIndex';
import { checkSameProvider } from './providers';
import { EXPECT, resolveRef } from './resolveRef';
import type { ClusterScope } from './scope';

const BOOTSTRAP_PATH = 'spec.template.spec.bootstrap.configRef';
const INFRA_PATH = 'spec.template.spec.infrastructureRef';
const VERSION_PATH = 'spec.template.spec.version';

/**
 * The MachineDeployments declared for a cluster (`spec.clusterName`), resolved and checked:
 * KubeadmConfigTemplate and infrastructure template exist and fit, same provider as the cluster,
 * version present and within the kubelet skew of the control plane.
 */
export function compileMachineDeployments(
  index: DocIndex,
  scope: ClusterScope,
  ctx: ClusterContext,
): DesiredMachineDeployment[] {
  const out: DesiredMachineDeployment[] = [];
  for (const doc of index.ofKind('MachineDeployment')) {
    if (!belongsTo(doc, ctx)) continue;
    const md = scope.use(doc);
    if (!md) continue;
    const built = compileOne(index, scope, ctx, doc, md);
    if (built) out.push(built);
  }
  return out;
}

function compileOne(
  index: DocIndex,
  scope: ClusterScope,
  ctx: ClusterContext,
  doc: ParsedDoc<'MachineDeployment'>,
  md: NonNullable<ParsedDoc<'MachineDeployment'>['object']>,
): DesiredMachineDeployment | undefined {
  const machine = md.spec.template.spec;
  let bootstrap: ParsedDoc | undefined;
  if (machine.bootstrap.configRef) {
    bootstrap = resolveRef(
      index,
      scope,
      doc,
      BOOTSTRAP_PATH,
      machine.bootstrap.configRef,
      EXPECT.bootstrapConfigTemplate,
    );
  } else {
    scope.add(
      docIssue(
        doc,
        BOOTSTRAP_PATH,
        violation(
          'bootstrap-config-template-required',
          'Capstan renders bootstrap data itself: reference a KubeadmConfigTemplate (a pre-made bootstrap.dataSecretName is not supported)',
        ),
      ),
    );
  }
  const infra = resolveRef(
    index,
    scope,
    doc,
    INFRA_PATH,
    machine.infrastructureRef,
    EXPECT.infraMachineTemplate,
  );
  checkSameProvider(scope, doc, INFRA_PATH, infra, ctx.infra);

  const version = machine.version;
  if (version === undefined) {
    scope.add(
      docIssue(
        doc,
        VERSION_PATH,
        violation(
          'md-version-required',
          'the Kubernetes version of the workers is required (e.g. v1.31.4); Capstan never guesses it',
        ),
      ),
    );
  } else if (ctx.controlPlaneVersion !== undefined) {
    const skew = checkWorkerVersion(version, ctx.controlPlaneVersion);
    if (skew) scope.add(docIssue(doc, VERSION_PATH, skew));
  }

  if (!bootstrap || !infra || version === undefined) return undefined;
  if (!scope.use(bootstrap) || !scope.use(infra)) return undefined;
  return buildMachineDeployment(md, version, snapshotOfTemplate(bootstrap), snapshotOfTemplate(infra));
}
