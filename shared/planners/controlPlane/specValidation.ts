import { checkKcpMaxSurge, checkKcpReplicas } from '../../model/rules/controlPlane';
import { checkKubeVersion, compareKubeVersions, parseKubeVersion } from '../../model/rules/version';
import { violation, type RuleViolation } from '../../model/rules/violation';
import type { ControlPlaneSpec } from './types';

/**
 * The KubeadmControlPlane webhook rules the planner relies on (capi-behaviour.md §4.1), for a
 * stacked-etcd control plane: replicas ≥ 1 and odd, maxSurge 0 only with replicas ≥ 3, a
 * Kubernetes version. A spec breaking them never reaches KCP's reconcile; the planner refuses
 * to start operations on it.
 */
export function checkControlPlaneSpec(spec: ControlPlaneSpec): RuleViolation[] {
  return [
    checkKcpReplicas(spec.replicas, false),
    checkKcpMaxSurge(spec.rollout.maxSurge, spec.replicas),
    checkKubeVersion(spec.version),
  ].filter((v): v is RuleViolation => v !== undefined);
}

/**
 * KCP version update rule (webhook; capi-behaviour.md §4.7): never down, at most one minor up per
 * change, patch releases free, no major jumps.
 */
export function checkControlPlaneVersionChange(from: string, to: string): RuleViolation | undefined {
  const a = parseKubeVersion(from);
  const b = parseKubeVersion(to);
  if (!a || !b) return checkKubeVersion(a ? to : from);
  if (compareKubeVersions(b, a) < 0) {
    return violation('version-no-downgrade', `the control-plane version cannot go down (${from} → ${to})`);
  }
  if (b.major !== a.major || b.minor > a.minor + 1) {
    return violation(
      'one-minor-per-upgrade',
      `the control-plane version may go up at most one minor version per change (${from} → ${to}); upgrade to v${a.major}.${a.minor + 1}.x first`,
    );
  }
  return undefined;
}
