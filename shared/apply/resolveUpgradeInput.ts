import type { ValidationIssue } from '../errors';
import type { DesiredCluster } from '../model/desired';
import { validateClusterUpdate } from '../model';
import { checkKubeVersion, defaultVersionPrefix } from '../model/rules/version';
import { applyUpgrade } from '../planners/clusterChanges';
import type { UpgradeInput } from '../planners/clusterChangeTypes';
import { upgradeConcurrencyIssues } from './upgradeConcurrencyIssues';

export type UpgradeResolution = { ok: true; desired: DesiredCluster } | { ok: false; issues: ValidationIssue[] };

/**
 * `capstan upgrade cluster NAME --to VERSION`: the cluster with every version set to VERSION,
 * checked by the same update rules as an apply (one minor per change, never down, kubelet skew)
 * so an upgrade the webhook would refuse is refused before anything changes.
 */
export function resolveUpgradeInput(req: UpgradeInput, previous: DesiredCluster): UpgradeResolution {
  const resource = `Cluster/${previous.name}`;
  const version = defaultVersionPrefix(String(req.version ?? '').trim());
  const bad = checkKubeVersion(version);
  if (bad) return { ok: false, issues: [{ document: 'upgrade', resource, path: 'version', rule: bad.rule, message: bad.message }] };
  if (req.concurrency !== undefined && (!Number.isInteger(req.concurrency) || req.concurrency < 1)) {
    return {
      ok: false,
      issues: [{ document: 'upgrade', resource, path: 'concurrency', rule: 'upgrade-concurrency-positive-integer', message: `concurrency must be a positive integer, got ${String(req.concurrency)}` }],
    };
  }
  const desired = applyUpgrade(previous, { ...req, version });
  const issues = [...validateClusterUpdate(previous, desired), ...upgradeConcurrencyIssues(desired)];
  return issues.length ? { ok: false, issues } : { ok: true, desired };
}
