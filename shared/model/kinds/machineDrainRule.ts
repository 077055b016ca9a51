import { z } from 'zod';
import { canonicalJson } from '../../canonicalJson';
import { checkDns1123Subdomain } from '../rules/dns';
import { checkLabelValue, checkQualifiedKey } from '../rules/labels';
import { violation } from '../rules/violation';
import { labelSelector, type LabelSelectorSpec } from './common/labelSelector';
import { objectMetaSchema } from './common/objectMeta';
import { addViolation } from './common/refine';
import { resourceSchema } from './common/resource';

/** CRD `MaxItems` of `spec.machines` and `spec.pods`. */
export const DRAIN_RULE_MAX_SELECTORS = 32;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * The rule's name: an object name (DNS-1123 subdomain) that CAPI's MachineDrainRule webhook also
 * requires to be a valid label value (at most 63 characters).
 */
const drainRuleName = z.string().superRefine((name, ctx) => {
  const v = checkDns1123Subdomain(name) ?? checkLabelValue(name);
  if (v) {
    addViolation(
      ctx,
      violation(
        'drain-rule-name',
        `MachineDrainRule name "${name}" must be a DNS-1123 subdomain that is also a valid label value: at most 63 lowercase alphanumerics, '-' or '.', starting and ending with an alphanumeric`,
      ),
    );
  }
});

/**
 * `metav1.LabelSelectorAsSelector`, which the webhook runs on every selector: expression keys are
 * label keys, In/NotIn need values, Exists/DoesNotExist take none, values are label values.
 * (matchLabels keys and values are already checked by `labelMap`.)
 */
function checkSelector(selector: LabelSelectorSpec, path: (string | number)[], ctx: z.RefinementCtx): void {
  (selector.matchExpressions ?? []).forEach((req, i) => {
    const at = [...path, 'matchExpressions', i];
    const key = checkQualifiedKey(req.key, 'label');
    if (key) addViolation(ctx, violation('label-selector', key.message), [...at, 'key']);
    const values = req.values ?? [];
    if ((req.operator === 'In' || req.operator === 'NotIn') && values.length === 0) {
      addViolation(ctx, violation('label-selector', `operator ${req.operator} needs at least one value`), [
        ...at,
        'values',
      ]);
    }
    if ((req.operator === 'Exists' || req.operator === 'DoesNotExist') && values.length > 0) {
      addViolation(ctx, violation('label-selector', `operator ${req.operator} takes no values`), [
        ...at,
        'values',
      ]);
    }
    values.forEach((value, j) => {
      const v = checkLabelValue(value);
      if (v) addViolation(ctx, violation('label-selector', v.message), [...at, 'values', j]);
    });
  });
}


const machineSelector = z
  .object({ selector: labelSelector.optional(), clusterSelector: labelSelector.optional() })
  .strict();
const podSelector = z
  .object({ selector: labelSelector.optional(), namespaceSelector: labelSelector.optional() })
  .strict();

/**
 * One list of selector entries (`spec.machines` or `spec.pods`): at least one entry when present,
 * at most 32, each setting at least one of its two selectors, no entry twice, every selector valid.
 */
function checkSelectorList(
  field: 'machines' | 'pods',
  names: readonly [string, string],
  entries: ReadonlyArray<readonly [LabelSelectorSpec | undefined, LabelSelectorSpec | undefined, unknown]>,
  ctx: z.RefinementCtx,
): void {
  const [a, b] = names;
  if (entries.length === 0) {
    addViolation(
      ctx,
      violation(
        `drain-rule-${field}-not-empty`,
        `spec.${field} must have at least one entry when set; leave it out to match every ${field === 'machines' ? 'Machine in the namespace' : 'Pod'}`,
      ),
    );
  }
  if (entries.length > DRAIN_RULE_MAX_SELECTORS) {
    addViolation(
      ctx,
      violation(
        `drain-rule-${field}-max`,
        `spec.${field} may have at most ${DRAIN_RULE_MAX_SELECTORS} entries (got ${entries.length})`,
      ),
    );
  }
  const seen = new Map<string, number>();
  entries.forEach(([first, second, whole], i) => {
    if (first === undefined && second === undefined) {
      addViolation(
        ctx,
        violation(
          `drain-rule-${field}-selector-required`,
          `at least one of ${a} or ${b} has to be set in each spec.${field} entry`,
        ),
        [i],
      );
    }
    if (first) checkSelector(first, [i, a], ctx);
    if (second) checkSelector(second, [i, b], ctx);
    const key = canonicalJson(whole); // entries written with keys in another order are the same entry
    const dup = seen.get(key);
    if (dup !== undefined) {
      addViolation(
        ctx,
        violation(
          `drain-rule-${field}-unique`,
          `entries in spec.${field} must be unique (same as entry ${dup})`,
        ),
        [i],
      );
    } else {
      seen.set(key, i);
    }
  });
}

export const machineDrainRuleSpec = z
  .object({
    drain: z
      .object({
        behavior: z.enum(['Drain', 'Skip', 'WaitCompleted']),
        order: z.number().int().optional(),
      })
      .strict()
      .superRefine((drain, ctx) => {
        if (drain.order === undefined) return;
        if (drain.order < INT32_MIN || drain.order > INT32_MAX) {
          addViolation(ctx, violation('int32', `order must be a 32-bit integer (got ${drain.order})`), [
            'order',
          ]);
        }
        if (drain.behavior !== 'Drain') {
          addViolation(
            ctx,
            violation(
              'drain-rule-order-requires-drain',
              `order can only be set if behavior is set to "Drain" (behavior is "${drain.behavior}")`,
            ),
            ['order'],
          );
        }
      }),
    machines: z
      .array(machineSelector)
      .superRefine((entries, ctx) =>
        checkSelectorList(
          'machines',
          ['selector', 'clusterSelector'],
          entries.map((e) => [e.selector, e.clusterSelector, e] as const),
          ctx,
        ),
      )
      .optional(),
    pods: z
      .array(podSelector)
      .superRefine((entries, ctx) =>
        checkSelectorList(
          'pods',
          ['selector', 'namespaceSelector'],
          entries.map((e) => [e.selector, e.namespaceSelector, e] as const),
          ctx,
        ),
      )
      .optional(),
  })
  .strict();

/**
 * cluster.x-k8s.io MachineDrainRule (v1beta2; v1beta1 for CAPI 1.9/1.10 manifests, same spec):
 * how the drain treats the Pods it selects on the Machines it selects, in its own namespace
 * (capi-behaviour.md §5.3). Validated as CAPI's CRD schema and webhook do.
 */
export const machineDrainRuleSchema = resourceSchema(
  'MachineDrainRule',
  machineDrainRuleSpec,
  objectMetaSchema(drainRuleName),
);

export type MachineDrainRuleObject = z.infer<typeof machineDrainRuleSchema>;
