import { formatIssue, type ValidationIssue } from '../errors';
import type { ResourceKey } from '../ids';
import type { DesiredCluster } from '../model/desired';
import { compileManifestText, desiredClusterSchema, validateClusterUpdate } from '../model';
import { upgradeConcurrencyIssues } from './upgradeConcurrencyIssues';

export { resolveUpgradeInput, type UpgradeResolution } from './resolveUpgradeInput';

export interface ApplyRequest {
  desired?: DesiredCluster;
  manifests?: string;
}

export type ApplyResolution = { ok: true; desired: DesiredCluster } | { ok: false; issues: ValidationIssue[] };

function issue(resource: string, path: string, rule: string, message: string): ValidationIssue {
  return { document: 'apply', resource, path, rule, message };
}

/**
 * Turns an apply request into a validated DesiredCluster for the cluster `key`, or every reason it
 * is refused. Pure and deterministic: used by the workflow's update validator (so a bad request
 * never enters history) and by the CLI's `--dry-run`.
 */
export function resolveApplyInput(req: ApplyRequest, key: ResourceKey, previous?: DesiredCluster): ApplyResolution {
  let desired: DesiredCluster;
  if (req.manifests !== undefined && req.desired !== undefined) {
    return { ok: false, issues: [issue(`Cluster/${key.name}`, '', 'one-input', 'give either "desired" or "manifests", not both')] };
  }
  if (req.manifests !== undefined) {
    const { clusters, issues } = compileManifestText(req.manifests, 'manifests');
    if (issues.length) return { ok: false, issues };
    const mine = clusters.filter((c) => c.namespace === key.namespace && c.name === key.name);
    if (mine.length !== 1 || clusters.length !== 1) {
      const found = clusters.map((c) => `${c.namespace}/${c.name}`).join(', ') || 'none';
      return {
        ok: false,
        issues: [issue(`Cluster/${key.name}`, 'metadata.name', 'one-cluster-per-workflow',
          `the manifests must declare exactly the cluster ${key.namespace}/${key.name} (found: ${found})`)],
      };
    }
    desired = mine[0]!;
  } else if (req.desired !== undefined) {
    const parsed = desiredClusterSchema.safeParse(req.desired);
    if (!parsed.success) {
      return {
        ok: false,
        issues: parsed.error.issues.map((i) =>
          issue(`Cluster/${key.name}`, i.path.join('.'), 'desired-schema', i.message)),
      };
    }
    desired = parsed.data as DesiredCluster;
    if (desired.namespace !== key.namespace || desired.name !== key.name) {
      return {
        ok: false,
        issues: [issue(`Cluster/${desired.name}`, 'metadata', 'workflow-id-matches-cluster',
          `cluster ${desired.namespace}/${desired.name} cannot be applied to the workflow of ${key.namespace}/${key.name}`)],
      };
    }
  } else {
    return { ok: false, issues: [issue(`Cluster/${key.name}`, '', 'one-input', 'the request has neither "desired" nor "manifests"')] };
  }
  const issues = [...(previous ? validateClusterUpdate(previous, desired) : []), ...upgradeConcurrencyIssues(desired)];
  if (issues.length) return { ok: false, issues };
  return { ok: true, desired };
}

export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map(formatIssue).join('\n');
}
