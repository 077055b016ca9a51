import { z } from 'zod';
import { checkCidr } from '../../rules/cidr';
import { checkDns1123Label, checkDns1123Subdomain } from '../../rules/dns';
import { checkGoDuration } from '../../rules/duration';
import { checkIntOrPercent } from '../../rules/intOrPercent';
import { checkLabelValue, checkQualifiedKey } from '../../rules/labels';
import { checkRfc3339 } from '../../rules/rfc3339';
import { checkUnhealthyRange } from '../../rules/unhealthyRange';
import { checkKubeVersion, defaultVersionPrefix } from '../../rules/version';
import { violation } from '../../rules/violation';
import { addViolation, refineWith } from './refine';

/** Field formats shared by the kinds; each failure names its rule (see rules/). */

export const dnsSubdomainName = z.string().superRefine(refineWith(checkDns1123Subdomain));
export const dnsLabelName = z.string().superRefine(refineWith((v: string) => checkDns1123Label(v)));

/** Kubernetes version; a missing leading `v` is defaulted as CAPI's webhooks do. */
export const kubeVersion = z
  .string()
  .transform(defaultVersionPrefix)
  .superRefine(refineWith(checkKubeVersion));

export const goDuration = z.string().superRefine(refineWith(checkGoDuration));

export const rfc3339Time = z.string().superRefine(refineWith(checkRfc3339));

export const intOrPercent = z.union([z.number(), z.string()]).superRefine(refineWith(checkIntOrPercent));

export const unhealthyRange = z.string().superRefine(refineWith(checkUnhealthyRange));

export const cidrBlocks = z.array(z.string().superRefine(refineWith(checkCidr)));

/** int32 with a lower bound and a rule id, so "replicas: -1" says which rule it broke. */
export function intAtLeast(min: number, rule: string, what: string) {
  return z
    .number()
    .int()
    .superRefine((v, ctx) => {
      if (v < min) addViolation(ctx, violation(rule, `${what} must be at least ${min} (got ${v})`));
    });
}

export const labelMap = z.record(z.string(), z.string()).superRefine((labels, ctx) => {
  for (const [key, value] of Object.entries(labels)) {
    const k = checkQualifiedKey(key, 'label');
    if (k) addViolation(ctx, k, [key]);
    const v = checkLabelValue(value);
    if (v) addViolation(ctx, v, [key]);
  }
});

export const annotationMap = z.record(z.string(), z.string()).superRefine((annotations, ctx) => {
  for (const key of Object.keys(annotations)) {
    const k = checkQualifiedKey(key, 'annotation');
    if (k) addViolation(ctx, k, [key]);
  }
});
