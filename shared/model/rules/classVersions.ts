import { compareKubeVersions, defaultVersionPrefix, parseKubeVersion, type KubeVersion } from './version';
import { violation, type RuleViolation } from './violation';

/**
 * ClusterClass `spec.kubernetesVersions` (CAPI v1.12+): the versions clusters of the class may
 * use, ordered from the older to the newer, with at least one version for every minor between the
 * first and the last. Chained upgrades step through it: CAPI's topology controller does it per
 * cluster; Capstan's campaigns take their intermediate steps from it (see upgradePath).
 * Answers the problems, each with the index of the entry it is about (-1: the list as a whole).
 */
export function checkClassVersions(list: readonly string[]): Array<{ index: number; violation: RuleViolation }> {
  const out: Array<{ index: number; violation: RuleViolation }> = [];
  const parsed: Array<{ index: number; v: KubeVersion }> = [];
  list.forEach((raw, index) => {
    const v = parseKubeVersion(defaultVersionPrefix(String(raw).trim()));
    if (!v) out.push({ index, violation: violation('version-format', `"${raw}" must be a Kubernetes version vMAJOR.MINOR.PATCH`) });
    else parsed.push({ index, v });
  });
  for (let i = 1; i < parsed.length; i++) {
    const prev = parsed[i - 1]!;
    const cur = parsed[i]!;
    if (compareKubeVersions(cur.v, prev.v) <= 0) {
      out.push({ index: cur.index, violation: violation('class-versions-ordered', `${list[cur.index]} must come after ${list[prev.index]}: the list is ordered from the older to the newer version, without repeats`) });
    } else if (cur.v.major !== prev.v.major || cur.v.minor > prev.v.minor + 1) {
      out.push({
        index: cur.index,
        violation: violation(
          'class-versions-every-minor',
          `no version of a minor between ${list[prev.index]} and ${list[cur.index]}: the list needs at least one version for every minor in between (chained upgrades step through each)`,
        ),
      });
    }
  }
  return out;
}

/** The class's versions, `v`-prefixed (as topology versions are compared). */
export function normalizeClassVersions(list: readonly string[]): string[] {
  return list.map((v) => defaultVersionPrefix(String(v).trim()));
}

/** Why `version` may not be used by a cluster of this class, or undefined. */
export function classVersionRefusal(className: string, versions: readonly string[] | undefined, version: string): RuleViolation | undefined {
  if (!versions || versions.length === 0) return undefined;
  const v = defaultVersionPrefix(version.trim());
  if (versions.includes(v)) return undefined;
  return violation('topology-version-not-in-class', `${v} is not one of ClusterClass ${className}'s kubernetesVersions (${versions.join(', ')})`);
}
