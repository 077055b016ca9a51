import type { ObjectRef } from '../../model/desired';
import { parseGoDuration } from '../../model/rules/duration';

/** The kind whose requests Capstan carries out itself (shared/model/kinds/rebootRemediationTemplate.ts). */
export const REBOOT_REMEDIATION_TEMPLATE_KIND = 'RebootRemediationTemplate';
/** Metal3's documented examples: one retry, 300 s to become healthy. The kind's schema defaults to these. */
export const DEFAULT_REBOOT_RETRY_LIMIT = 1;
export const DEFAULT_REBOOT_TIMEOUT_SECONDS = 300;

/**
 * What a remediation request does: the built-in power cycle, or nothing but wait, because the
 * template's kind belongs to a controller outside Capstan (as every request does in CAPI).
 */
export type RemediationStrategy =
  | { type: 'Reboot'; retryLimit: number; timeoutSeconds: number }
  | { type: 'External' };

/**
 * Reads the strategy of a request from its template and the template's `spec.template.spec`
 * snapshot. The desired state carries the spec already defaulted; the defaults here only cover a
 * snapshot without them. A RebootRemediationTemplate without a snapshot is treated as external:
 * nothing says how to reboot, so nothing is rebooted.
 */
export function remediationStrategyOf(
  template: Pick<ObjectRef, 'kind'>,
  spec: Record<string, unknown> | undefined,
): RemediationStrategy {
  if (template.kind !== REBOOT_REMEDIATION_TEMPLATE_KIND || spec === undefined) return { type: 'External' };
  const strategy = isRecord(spec.strategy) ? spec.strategy : {};
  const retryLimit = typeof strategy.retryLimit === 'number' ? strategy.retryLimit : DEFAULT_REBOOT_RETRY_LIMIT;
  const timeout = typeof strategy.timeout === 'string' ? parseGoDuration(strategy.timeout) : undefined;
  return {
    type: 'Reboot',
    retryLimit,
    timeoutSeconds: timeout !== undefined && timeout > 0 ? timeout : DEFAULT_REBOOT_TIMEOUT_SECONDS,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
