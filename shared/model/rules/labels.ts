import { isDns1123Subdomain } from './dns';
import { violation, type RuleViolation } from './violation';

// apimachinery validation.IsQualifiedName / IsValidLabelValue.
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const NAME_PART_MAX = 63;
const LABEL_VALUE_MAX = 63;

/** A label or annotation key: `[prefix/]name`, prefix a DNS-1123 subdomain, name ≤ 63 chars. */
export function checkQualifiedKey(key: string, what: 'label' | 'annotation'): RuleViolation | undefined {
  const rule = `${what}-key`;
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || !isDns1123Subdomain(prefix))) {
    return violation(rule, `${what} key "${key}" has a prefix that is not a DNS-1123 subdomain`);
  }
  if (name.length === 0 || name.length > NAME_PART_MAX || !QUALIFIED_NAME_PART.test(name)) {
    return violation(
      rule,
      `${what} key "${key}" must be [prefix/]name with a name of at most ${NAME_PART_MAX} alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric`,
    );
  }
  return undefined;
}

/** A label value: empty, or ≤ 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric. */
export function checkLabelValue(value: string): RuleViolation | undefined {
  if (value === '') return undefined;
  if (value.length <= LABEL_VALUE_MAX && QUALIFIED_NAME_PART.test(value)) return undefined;
  return violation(
    'label-value',
    `label value "${value}" must be empty or at most ${LABEL_VALUE_MAX} alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric`,
  );
}
