import { matchesSelector } from '../../rules/labelSelector';
import { violation } from '../../rules/violation';
import type { z } from 'zod';
import type { LabelSelectorSpec } from './labelSelector';
import { addViolation } from './refine';

/**
 * CAPI's MachineDeployment/MachineSet webhooks add the owner labels to both the selector and the
 * machine template labels, so a `selector: { matchLabels: null }` (as in the seed) becomes a
 * selector that picks exactly this object's machines.
 */
export function withOwnerLabels(
  selector: LabelSelectorSpec,
  templateLabels: Record<string, string>,
  ownerLabels: Record<string, string>,
): { selector: LabelSelectorSpec; templateLabels: Record<string, string> } {
  return {
    selector: { ...selector, matchLabels: { ...(selector.matchLabels ?? {}), ...ownerLabels } },
    templateLabels: { ...templateLabels, ...ownerLabels },
  };
}

/** "selector does not match template labels": the owner would never see its own machines. */
export function checkSelectorMatchesTemplate(
  selector: LabelSelectorSpec,
  templateLabels: Record<string, string>,
  ctx: z.RefinementCtx,
  path: (string | number)[],
): void {
  if (!matchesSelector(selector, templateLabels)) {
    addViolation(
      ctx,
      violation(
        'selector-matches-template',
        'selector does not match the labels of spec.template.metadata.labels',
      ),
      path,
    );
  }
}
