import { violation, type RuleViolation } from './violation';

/**
 * Kubernetes versions as CAPI writes them: `vMAJOR.MINOR.PATCH[-pre][+build]`
 * (CAPI's `version.KubeSemver`). CAPI's KCP and MachineDeployment defaulting webhooks add a
 * missing leading `v`, so `1.31.4` is accepted and stored as `v1.31.4`; we do the same.
 */
const KUBE_SEMVER =
  /^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export interface KubeVersion {
  major: number;
  minor: number;
  patch: number;
  pre?: string;
}

/** Adds the leading `v` when it is missing (CAPI webhook defaulting). */
export function defaultVersionPrefix(value: string): string {
  return /^[0-9]/.test(value) ? `v${value}` : value;
}

export function parseKubeVersion(value: string): KubeVersion | undefined {
  const m = KUBE_SEMVER.exec(value);
  if (!m) return undefined;
  const v: KubeVersion = { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
  if (m[4]) v.pre = m[4].slice(1);
  return v;
}

export function checkKubeVersion(value: string): RuleViolation | undefined {
  if (parseKubeVersion(value)) return undefined;
  return violation(
    'version-format',
    `"${value}" must be a Kubernetes version vMAJOR.MINOR.PATCH, e.g. v1.31.4`,
  );
}

/** Semver precedence: a pre-release sorts before its release; pre-releases compare as strings. */
export function compareKubeVersions(a: KubeVersion, b: KubeVersion): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  if (a.patch !== b.patch) return a.patch - b.patch;
  if (a.pre === b.pre) return 0;
  if (a.pre === undefined) return 1;
  if (b.pre === undefined) return -1;
  return a.pre < b.pre ? -1 : 1;
}

/** Minor distance `to - from` when both share the major version; undefined across majors. */
export function minorDistance(from: KubeVersion, to: KubeVersion): number | undefined {
  return from.major === to.major ? to.minor - from.minor : undefined;
}

export const formatMinor = (v: KubeVersion): string => `v${v.major}.${v.minor}`;
