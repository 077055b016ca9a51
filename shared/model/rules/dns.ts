import { violation, type RuleViolation } from './violation';

// Kubernetes apimachinery (validation.IsDNS1123Label / IsDNS1123Subdomain).
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;

export function isDns1123Label(value: string): boolean {
  return value.length <= DNS1123_LABEL_MAX && DNS1123_LABEL.test(value);
}

export function isDns1123Subdomain(value: string): boolean {
  return value.length <= DNS1123_SUBDOMAIN_MAX && DNS1123_SUBDOMAIN.test(value);
}

/** Object names (metadata.name of every kind except Cluster). */
export function checkDns1123Subdomain(value: string): RuleViolation | undefined {
  if (isDns1123Subdomain(value)) return undefined;
  return violation(
    'dns1123-subdomain',
    `"${value}" must be a DNS-1123 subdomain: at most ${DNS1123_SUBDOMAIN_MAX} lowercase alphanumerics, '-' or '.', starting and ending with an alphanumeric`,
  );
}

/** Namespaces, and names that end up as label values or host names (Cluster names, topology MD names). */
export function checkDns1123Label(value: string, rule = 'dns1123-label'): RuleViolation | undefined {
  if (isDns1123Label(value)) return undefined;
  return violation(
    rule,
    `"${value}" must be a DNS-1123 label: at most ${DNS1123_LABEL_MAX} lowercase alphanumerics or '-', starting and ending with an alphanumeric`,
  );
}
