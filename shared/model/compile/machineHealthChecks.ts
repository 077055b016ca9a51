import type { DesiredMachineHealthCheck } from '../desired';
import type { MachineHealthCheckObject } from '../kinds/machineHealthCheck';
import { docIssue, type ParsedDoc } from '../parsedDoc';
import { violation } from '../rules/violation';
import { buildMachineHealthCheck } from './build/machineHealthCheck';
import { belongsTo, type ClusterContext } from './clusterContext';
import type { DocIndex } from './docIndex';
import { resolveRemediationTemplate } from './remediationTemplate';
import type { ClusterScope } from './scope';

/** The MachineHealthChecks declared for a cluster (`spec.clusterName`). */
export function compileMachineHealthChecks(
  index: DocIndex,
  scope: ClusterScope,
  ctx: ClusterContext,
): DesiredMachineHealthCheck[] {
  const out: DesiredMachineHealthCheck[] = [];
  for (const doc of index.ofKind('MachineHealthCheck')) {
    if (!belongsTo(doc, ctx)) continue;
    const mhc = scope.use(doc);
    if (!mhc || !checkHealthCheck(scope, doc, mhc)) continue;
    const template = resolveRemediationTemplate(
      index,
      scope,
      doc,
      'spec.remediationTemplate',
      mhc.spec.remediationTemplate,
    );
    if (template.ok) out.push(buildMachineHealthCheck(mhc, template.spec));
  }
  return out;
}

/**
 * What Capstan's health-check workflow cannot honour yet, refused instead of ignored: selectors
 * by expression (the workflow matches labels), and a remediation template in another namespace.
 */
export function checkHealthCheck(
  scope: ClusterScope,
  doc: Pick<ParsedDoc, 'document' | 'kind' | 'name' | 'namespace'>,
  mhc: MachineHealthCheckObject,
): boolean {
  let ok = true;
  if ((mhc.spec.selector.matchExpressions ?? []).length > 0) {
    scope.add(
      docIssue(
        doc,
        'spec.selector.matchExpressions',
        violation(
          'mhc-match-expressions-unsupported',
          'Capstan health checks select machines by matchLabels only; express the selector as labels',
        ),
      ),
    );
    ok = false;
  }
  const ns = mhc.spec.remediationTemplate?.namespace;
  if (ns !== undefined && ns !== doc.namespace) {
    scope.add(
      docIssue(
        doc,
        'spec.remediationTemplate.namespace',
        violation(
          'ref-namespace',
          `references must stay in the referrer's namespace "${doc.namespace}" (got "${ns}")`,
        ),
      ),
    );
    ok = false;
  }
  return ok;
}
