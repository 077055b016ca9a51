import type { ValidationIssue } from '../../errors';
import type { DesiredCluster } from '../desired';
import { isKind, type ParsedDoc } from '../parsedDoc';
import { DocIndex } from './docIndex';
import { compileExplicitCluster } from './explicitCluster';
import { orphanIssues } from './orphans';
import { clusterForCompile } from './salvageCluster';
import { compileTopologyCluster } from './topology/compileTopologyCluster';

export interface CompileResult {
  clusters: DesiredCluster[];
  issues: ValidationIssue[];
}

/**
 * Cross-document compilation: every Cluster with everything it references, expanded and
 * defaulted into a DesiredCluster. A cluster with any issue is left out of `clusters` (its
 * issues say why); other clusters in the same input still compile. Objects no cluster uses
 * (a ClusterClass and its templates on their own) are fine, as in CAPI.
 */
export function compileClusters(docs: readonly ParsedDoc[]): CompileResult {
  const index = new DocIndex(docs);
  const issues: ValidationIssue[] = [...index.issues];
  const clusters: DesiredCluster[] = [];
  for (const doc of index.docs) {
    if (!isKind(doc, 'Cluster')) continue;
    const cluster = clusterForCompile(doc);
    if (!cluster) continue;
    const { scope, desired } = cluster.spec.topology
      ? compileTopologyCluster(index, doc, cluster)
      : compileExplicitCluster(index, doc, cluster);
    issues.push(...scope.issues);
    if (desired && scope.ok) clusters.push(desired);
  }
  issues.push(...orphanIssues(index));
  return { clusters, issues: dedupe(issues) };
}

/** Two clusters using one ClusterClass would otherwise report the class's problems twice. */
function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.document}\u0000${i.resource}\u0000${i.path}\u0000${i.rule}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
