import type { ValidationIssue } from '../errors';
import type { DesiredCluster } from '../model/desired';
import { UPGRADE_CONCURRENCY_ANNOTATION, upgradeConcurrency } from '../planners/upgradeSequence';

/** The Cluster's upgrade-concurrency annotation must be a positive integer (as CAPI's topology webhook requires). */
export function upgradeConcurrencyIssues(desired: DesiredCluster): ValidationIssue[] {
  const r = upgradeConcurrency(desired.annotations);
  if (typeof r === 'number') return [];
  return [{ document: 'apply', resource: `Cluster/${desired.name}`, path: `metadata.annotations.${UPGRADE_CONCURRENCY_ANNOTATION}`, rule: r.rule, message: r.message }];
}
