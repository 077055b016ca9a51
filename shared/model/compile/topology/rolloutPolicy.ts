import { docIssue, type ParsedDoc } from '../../parsedDoc';
import { violation } from '../../rules/violation';
import type { ClusterScope } from '../scope';

/**
 * How a ClusterClass change reaches the clusters that use it (Capstan's addition; CAPI rolls them
 * all at once): `Immediate` (the default, as CAPI) applies a change that replaces machines as
 * soon as it is synced; `Campaign` stages it in each cluster's workflow, where it waits until an
 * upgrade campaign with `stagedChanges: true` (or `capstan promote`) rolls it out, wave by wave.
 * Set on the ClusterClass; a Cluster may override it for itself with the same annotation.
 */
export const ROLLOUT_POLICY_ANNOTATION = 'capstan.io/rollout-policy';
export type RolloutPolicy = 'Immediate' | 'Campaign';
const POLICIES: readonly RolloutPolicy[] = ['Immediate', 'Campaign'];

function annotationOf(doc: ParsedDoc): string | undefined {
  const metadata = doc.raw.metadata as { annotations?: Record<string, unknown> } | undefined;
  const v = metadata?.annotations?.[ROLLOUT_POLICY_ANNOTATION];
  return v === undefined ? undefined : String(v);
}

/** The cluster's rollout policy (the Cluster's annotation over its class's); an unknown value is an issue naming the annotation. */
export function resolveRolloutPolicy(scope: ClusterScope, clusterDoc: ParsedDoc, classDoc: ParsedDoc): RolloutPolicy {
  let policy: RolloutPolicy = 'Immediate';
  for (const doc of [classDoc, clusterDoc]) {
    const value = annotationOf(doc);
    if (value === undefined) continue;
    if (!(POLICIES as readonly string[]).includes(value)) {
      scope.add(
        docIssue(
          doc,
          `metadata.annotations["${ROLLOUT_POLICY_ANNOTATION}"]`,
          violation('rollout-policy', `must be one of ${POLICIES.join(', ')} (got "${value}"): Immediate rolls a ClusterClass change out at once, Campaign stages it for an upgrade campaign`),
        ),
      );
      continue;
    }
    policy = value as RolloutPolicy;
  }
  return policy;
}
