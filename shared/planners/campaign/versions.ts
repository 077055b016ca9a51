import { compareKubeVersions, defaultVersionPrefix, parseKubeVersion, type KubeVersion } from '../../model/rules/version';

export type UpgradePath = { ok: true; steps: string[] } | { ok: false; field: string; rule: string; message: string };

const cmp = (a: KubeVersion, b: KubeVersion) => compareKubeVersions(a, b);

/** `v`-prefixed and parsed, or undefined. */
export function kubeVersion(value: string): KubeVersion | undefined {
  return parseKubeVersion(defaultVersionPrefix(String(value).trim()));
}

export function compareVersionStrings(a: string, b: string): number {
  const va = kubeVersion(a);
  const vb = kubeVersion(b);
  if (!va || !vb) return a.localeCompare(b);
  return cmp(va, vb);
}

/**
 * The pinned steps that take one cluster from `from` to `target`, one minor at a time (Kubernetes
 * never skips a minor; CAPI chains upgrades the same way). Which version each step uses:
 * - the last step is always `target` (with its patch);
 * - a step for an intermediate minor uses the `intermediateVersions` entry of that minor, and a
 *   cluster needing a minor that is not listed is refused, naming `intermediateVersions`;
 * - a patch upgrade inside the target's minor is the single step `target`;
 * - a cluster already at `target` has no steps; one above it is refused (campaigns never downgrade).
 */
export function upgradePath(clusterLabel: string, fromRaw: string, targetRaw: string, intermediates: readonly string[] = []): UpgradePath {
  const from = kubeVersion(fromRaw);
  const target = kubeVersion(targetRaw);
  if (!target) return { ok: false, field: 'targetVersion', rule: 'version-format', message: `"${targetRaw}" is not a Kubernetes version vMAJOR.MINOR.PATCH` };
  if (!from) {
    return { ok: false, field: 'clusters', rule: 'cluster-version-unknown', message: `cluster ${clusterLabel} reports version "${fromRaw}", which is not a Kubernetes version` };
  }
  const order = cmp(from, target);
  if (order === 0) return { ok: true, steps: [] };
  if (order > 0) {
    return {
      ok: false,
      field: 'targetVersion',
      rule: 'campaign-no-downgrade',
      message: `targetVersion ${defaultVersionPrefix(targetRaw)} is older than cluster ${clusterLabel}'s ${fromRaw}: campaigns never downgrade (etcd and API data are not downgradable); narrow clusters.selector or raise targetVersion`,
    };
  }
  if (from.major !== target.major) {
    return { ok: false, field: 'targetVersion', rule: 'campaign-major-upgrade', message: `cluster ${clusterLabel} is at ${fromRaw}: upgrades across major versions (to ${defaultVersionPrefix(targetRaw)}) are not supported` };
  }
  const steps: string[] = [];
  for (let minor = from.minor + 1; minor < target.minor; minor++) {
    const found = intermediates.map((v) => defaultVersionPrefix(v)).find((v) => {
      const p = parseKubeVersion(v);
      return p !== undefined && p.major === target.major && p.minor === minor;
    });
    if (!found) {
      return {
        ok: false,
        field: 'intermediateVersions',
        rule: 'campaign-intermediate-version-missing',
        message: `cluster ${clusterLabel} at ${fromRaw} must pass through v${target.major}.${minor} on its way to ${defaultVersionPrefix(targetRaw)} (one minor per upgrade): add a v${target.major}.${minor}.x version to intermediateVersions`,
      };
    }
    steps.push(found);
  }
  steps.push(defaultVersionPrefix(String(targetRaw).trim()));
  return { ok: true, steps };
}
