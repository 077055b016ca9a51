import { STALE_DELETION_SECONDS, STALE_DRAIN_SECONDS } from './constants';
import { secondsBetween } from './time';

/**
 * CAPI `calculateDeletingConditionForSummary`: the short Deleting text rolled into Ready. After
 * 15 minutes it says so, and while draining for more than 5 minutes it names the likely delay
 * from the drain message's wording.
 */
export function deletingSummary(
  stage: string,
  deletionRequestedAt: string,
  drainStartedAt: string | undefined,
  deletingMessage: string,
  now: string,
): string {
  if (secondsBetween(deletionRequestedAt, now) <= STALE_DELETION_SECONDS)
    return `Machine deletion in progress, stage: ${stage}`;
  let message = `Machine deletion in progress since more than 15m, stage: ${stage}`;
  if (
    stage === 'DrainingNode' &&
    drainStartedAt !== undefined &&
    secondsBetween(drainStartedAt, now) > STALE_DRAIN_SECONDS
  ) {
    const reasons: string[] = [];
    if (deletingMessage.includes("cannot evict pod as it would violate the pod's disruption budget."))
      reasons.push('PodDisruptionBudgets');
    if (deletingMessage.includes('deletionTimestamp set, but still not removed from the Node'))
      reasons.push('Pods not terminating');
    if (deletingMessage.includes('failed to evict Pod')) reasons.push('Pod eviction errors');
    if (deletingMessage.includes('waiting for completion')) reasons.push('Pods not completed yet');
    if (reasons.length > 0) message += `, delay likely due to ${reasons.join(', ')}`;
  }
  return message;
}
