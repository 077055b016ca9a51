import type { ClusterObject } from '../../kinds/cluster';
import { docIssue, type ParsedDoc } from '../../parsedDoc';
import { violation } from '../../rules/violation';
import type { ClusterScope } from '../scope';

/**
 * What a topology Cluster may not declare: refs the topology creates itself, and MachinePools,
 * which Capstan does not implement (refused rather than silently dropped).
 */
export function checkTopologyShape(scope: ClusterScope, clusterDoc: ParsedDoc, cluster: ClusterObject): void {
  for (const field of ['controlPlaneRef', 'infrastructureRef'] as const) {
    if (cluster.spec[field]) {
      scope.add(
        docIssue(
          clusterDoc,
          `spec.${field}`,
          violation(
            'topology-managed-refs',
            `with spec.topology the ${field} is created from the ClusterClass; remove it`,
          ),
        ),
      );
    }
  }
  if ((cluster.spec.topology?.workers.machinePools ?? []).length > 0) {
    scope.add(
      docIssue(
        clusterDoc,
        'spec.topology.workers.machinePools',
        violation(
          'machine-pools-unsupported',
          'MachinePools are not supported by Capstan; use machineDeployments',
        ),
      ),
    );
  }
}
