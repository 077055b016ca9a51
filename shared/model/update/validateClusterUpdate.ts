import { classVersionRefusal } from '../rules/classVersions';
import type { ValidationIssue } from '../../errors';
import type { DesiredCluster } from '../desired';
import { resourceLabel } from '../parsedDoc';
import { compareKubeVersions, parseKubeVersion } from '../rules/version';
import { checkWorkerVersion } from '../rules/versionSkew';
import type { RuleViolation } from '../rules/violation';
import { violation } from '../rules/violation';

/**
 * CAPI's webhook rules for changing a cluster that already exists (capi-behaviour.md §4.7, §7.3):
 * identity and provider are immutable; the control-plane version never goes down and goes up at
 * most one minor per change (patch releases are free); after the change, no worker is newer
 * than the control plane or more than 3 minors behind it; a topology version never decreases.
 * `document` names the change in issues (there is no manifest document for an update).
 */
export function validateClusterUpdate(
  prev: DesiredCluster,
  next: DesiredCluster,
  document = 'update',
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (kind: string, name: string, path: string, v: RuleViolation) =>
    issues.push({ document, resource: resourceLabel(kind, name), path, rule: v.rule, message: v.message });
  const immutable = (path: string, what: string, before: string, after: string) =>
    add(
      'Cluster',
      prev.name,
      path,
      violation('immutable-field', `${what} is immutable (was "${before}", now "${after}")`),
    );

  if (next.name !== prev.name) immutable('metadata.name', 'the cluster name', prev.name, next.name);
  if (next.namespace !== prev.namespace)
    immutable('metadata.namespace', 'the cluster namespace', prev.namespace, next.namespace);
  if (next.provider !== prev.provider) {
    immutable(
      'spec.infrastructureRef',
      "the cluster's provider (machines cannot move between providers)",
      prev.provider,
      next.provider,
    );
  } else if (
    next.infrastructure.kind !== prev.infrastructure.kind ||
    next.infrastructure.name !== prev.infrastructure.name
  ) {
    immutable(
      'spec.infrastructureRef',
      "the cluster's infrastructure object",
      `${prev.infrastructure.kind}/${prev.infrastructure.name}`,
      `${next.infrastructure.kind}/${next.infrastructure.name}`,
    );
  }
  if (next.controlPlane.name !== prev.controlPlane.name) {
    immutable(
      'spec.controlPlaneRef',
      "the cluster's control plane",
      prev.controlPlane.name,
      next.controlPlane.name,
    );
  }
  if ((prev.topology === undefined) !== (next.topology === undefined)) {
    immutable(
      'spec.topology',
      'whether the cluster is managed by a ClusterClass topology',
      prev.topology ? 'set' : 'unset',
      next.topology ? 'set' : 'unset',
    );
  }

  if (prev.topology && next.topology) {
    // The topology version drives the control plane's; report the rule where the user changed it.
    const step = checkVersionStep(prev.topology.version, next.topology.version);
    if (step) {
      const v =
        step.rule === 'version-no-downgrade'
          ? topologyDecrease(prev.topology.version, next.topology.version)
          : step;
      add('Cluster', next.name, 'spec.topology.version', v);
    }
    // a new version must be one the class lists (when it lists any)
    if (next.topology.version !== prev.topology.version) {
      const notInClass = classVersionRefusal(next.topology.class, next.topology.kubernetesVersions, next.topology.version);
      if (notInClass) add('Cluster', next.name, 'spec.topology.version', notInClass);
    }
  } else {
    const step = checkVersionStep(prev.controlPlane.version, next.controlPlane.version);
    if (step) add('KubeadmControlPlane', next.controlPlane.name, 'spec.version', step);
  }

  for (const md of next.machineDeployments) {
    const skew = checkWorkerVersion(md.template.version, next.controlPlane.version);
    if (skew) add('MachineDeployment', md.name, 'spec.template.spec.version', skew);
  }
  return issues;
}

/** KCP webhook: no downgrade; at most +1 minor per change; patch changes are free. */
function checkVersionStep(from: string, to: string): RuleViolation | undefined {
  const a = parseKubeVersion(from);
  const b = parseKubeVersion(to);
  if (!a || !b) return undefined;
  if (compareKubeVersions(b, a) < 0) {
    return violation(
      'version-no-downgrade',
      `the control-plane version cannot go down (${from} → ${to}): etcd and API data are not downgradable`,
    );
  }
  if (b.major !== a.major || b.minor > a.minor + 1) {
    return violation(
      'one-minor-per-upgrade',
      `the control-plane version may go up at most one minor version per change (${from} → ${to}); upgrade to v${a.major}.${a.minor + 1}.x first`,
    );
  }
  return undefined;
}

function topologyDecrease(from: string, to: string): RuleViolation {
  return violation('topology-version-no-decrease', `spec.topology.version cannot decrease (${from} → ${to})`);
}
