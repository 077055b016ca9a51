import { canonicalJson } from '../../canonicalJson';
import type { DesiredCluster } from '../../model/desired';

/**
 * Marks of a cluster managed from a fleet repository. Labels, not annotations: the cluster
 * workflow publishes its labels as the `CapstanLabels` search attribute and in `describe`, so
 * "which clusters does repository X manage?" is a visibility query (prune candidates) confirmed
 * by a fresh `describe` read, with no new query in the cluster workflow. A cluster created by
 * hand never carries the repository label, so it is never a prune candidate.
 */
export const GITOPS_REPO_LABEL = 'capstan.io/gitops-repo';
/**
 * What the repository declared for this cluster at the last sync: a hash of the compiled desired
 * state (minus this label). `describe` shows a summary of the desired state (versions, replicas,
 * labels); the fingerprint tells whether anything else changed (templates, strategies, checks).
 */
export const GITOPS_FINGERPRINT_LABEL = 'capstan.io/gitops-fingerprint';

/** Names the cluster workflow answers to (activities import only shared/, so they are named here). */
export const CLUSTER_APPLY_UPDATE = 'apply';
export const CLUSTER_DELETE_UPDATE = 'delete';

const LABEL_VALUE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** A repository id as a label value (≤ 63 alphanumerics, '-', '_', '.'), or an error message. */
export function checkRepoId(id: string): string | undefined {
  if (id.length > 0 && id.length <= 63 && LABEL_VALUE.test(id)) return undefined;
  return `repository id "${id}" must be 1-63 alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric (it becomes the ${GITOPS_REPO_LABEL} label value)`;
}

/** A default repository id from a directory name: lower-cased, other characters folded to '-'. */
export function repoIdFromName(name: string): string {
  const id = name.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '').slice(0, 63).replace(/[^a-z0-9]+$/, '');
  return id || 'fleet';
}

/** Kept under its GitOps name: the one canonical JSON of shared/. */
export const stableStringify = canonicalJson;

/** cyrb53: a fast 53-bit string hash (pure; shared/ may not use node:crypto). Not for security. */
function cyrb53(s: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** A 28-hex-digit fingerprint of any JSON value (two seeds of cyrb53). */
export function fingerprintOf(v: unknown): string {
  const s = stableStringify(v);
  return cyrb53(s, 0) + cyrb53(s, 0x9e3779b9);
}

function withoutFingerprint(labels: Record<string, string>): Record<string, string> {
  const { [GITOPS_FINGERPRINT_LABEL]: _fp, ...rest } = labels;
  return rest;
}

/** The fingerprint of a desired state, ignoring its own fingerprint label. */
export function desiredFingerprint(desired: DesiredCluster): string {
  return fingerprintOf({ ...desired, labels: withoutFingerprint(desired.labels), resources: desired.resources.map((r) => mapClusterDocLabels(r, withoutFingerprint)) });
}

type Resource = DesiredCluster['resources'][number];

/** The Cluster document of `resources` with its labels mapped (other documents unchanged). */
function mapClusterDocLabels(r: Resource, fn: (labels: Record<string, string>) => Record<string, string>): Resource {
  if (r.kind !== 'Cluster') return r;
  const meta = r.metadata as Resource['metadata'] & { labels?: Record<string, string> };
  return { ...r, metadata: { ...meta, labels: fn(meta.labels ?? {}) } as Resource['metadata'] };
}

/**
 * The desired state as sync applies it: the repository label and the fingerprint label added to
 * the cluster's labels (and to the Cluster document it came from, so `-o yaml` shows them too).
 * Cluster labels do not reach machines (CAPI does not propagate them), so marking never rolls
 * anything out. A label the repository sets itself with one of these keys is overwritten.
 */
export function stampManaged(desired: DesiredCluster, repoId: string): DesiredCluster {
  const mark = (labels: Record<string, string>) => ({ ...withoutFingerprint(labels), [GITOPS_REPO_LABEL]: repoId });
  const marked: DesiredCluster = {
    ...desired,
    labels: mark(desired.labels),
    resources: desired.resources.map((r) => mapClusterDocLabels(r, mark)),
  };
  const fp = desiredFingerprint(marked);
  return {
    ...marked,
    labels: { ...marked.labels, [GITOPS_FINGERPRINT_LABEL]: fp },
    resources: marked.resources.map((r) => mapClusterDocLabels(r, (l) => ({ ...l, [GITOPS_FINGERPRINT_LABEL]: fp }))),
  };
}

/** The fingerprint of a whole repository (every stamped cluster's fingerprint, by key). */
export function repositoryFingerprint(clusters: readonly DesiredCluster[]): string {
  return fingerprintOf(
    clusters
      .map((c) => [`${c.namespace}/${c.name}`, c.labels[GITOPS_FINGERPRINT_LABEL] ?? desiredFingerprint(c)])
      .sort(([a], [b]) => (a! < b! ? -1 : 1)),
  );
}
