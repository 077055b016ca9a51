import type { ValidationIssue } from '../../errors';
import { docIssue, resourceLabel } from '../parsedDoc';
import { violation } from '../rules/violation';
import { clusterNameOf } from './clusterContext';
import type { DocIndex } from './docIndex';

/**
 * Member objects that no cluster picks up: MachineDeployments and MachineHealthChecks naming a
 * Cluster that is not declared, and hand-written MachineSets/Machines, which Capstan creates
 * itself (as MachineDeployment revisions and KCP/MachineSet members) and therefore refuses
 * rather than silently ignoring.
 */
export function orphanIssues(index: DocIndex): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const clusterExists = (namespace: string, name: string) =>
    index.get('Cluster', namespace, name) !== undefined;
  for (const doc of [...index.ofKind('MachineDeployment'), ...index.ofKind('MachineHealthCheck')]) {
    const clusterName = clusterNameOf(doc);
    if (clusterName !== undefined && !clusterExists(doc.namespace, clusterName)) {
      issues.push(
        docIssue(
          doc,
          'spec.clusterName',
          violation(
            'cluster-not-found',
            `Cluster ${doc.namespace}/${clusterName} referenced by ${resourceLabel(doc.kind, doc.name)} spec.clusterName does not exist`,
          ),
        ),
      );
    }
  }
  for (const doc of [...index.ofKind('MachineSet'), ...index.ofKind('Machine')]) {
    issues.push(
      docIssue(
        doc,
        'kind',
        violation(
          'standalone-machines-unsupported',
          `Capstan creates ${doc.kind}s itself from MachineDeployments and KubeadmControlPlanes; declare a MachineDeployment instead`,
        ),
      ),
    );
  }
  return issues;
}
