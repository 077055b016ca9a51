import { checkIntOrPercent, isZeroIntOrPercent } from '../../model/rules/intOrPercent';
import { checkRfc3339 } from '../../model/rules/rfc3339';
import { violation, type RuleViolation } from '../../model/rules/violation';
import { MAX_SURGE_FIELD, MAX_UNAVAILABLE_FIELD } from './fenceposts';
import type { RolloutSpec } from './types';

/** A broken rule plus the field path it is about (v1beta2 paths, as CAPI's webhook reports them). */
export interface RolloutSpecIssue extends RuleViolation {
  field: string;
}

function at(field: string, v: RuleViolation | undefined): RolloutSpecIssue[] {
  return v ? [{ field, rule: v.rule, message: `${field}: ${v.message}` }] : [];
}

/**
 * The MachineDeployment webhook's rollout checks (core/webhooks/admission/machinedeployment.go),
 * reusing the manifest rules so the wording matches `capstan apply`: maxSurge/maxUnavailable are
 * a non-negative int or "N%", they cannot both be 0 for RollingUpdate, rollout.after is RFC 3339,
 * replicas and minReadySeconds are non-negative integers. An empty list means the planner can run.
 */
export function validateRolloutSpec(spec: RolloutSpec): RolloutSpecIssue[] {
  const issues: RolloutSpecIssue[] = [];
  if (!Number.isInteger(spec.replicas) || spec.replicas < 0) {
    issues.push(
      ...at(
        'spec.replicas',
        violation('replicas-non-negative', `must be a non-negative integer (got ${spec.replicas})`),
      ),
    );
  }
  if (!Number.isInteger(spec.minReadySeconds) || spec.minReadySeconds < 0) {
    issues.push(
      ...at(
        'spec.template.spec.minReadySeconds',
        violation(
          'min-ready-seconds-non-negative',
          `must be a non-negative integer (got ${spec.minReadySeconds})`,
        ),
      ),
    );
  }
  if (spec.rolloutAfter !== undefined)
    issues.push(...at('spec.rollout.after', checkRfc3339(spec.rolloutAfter)));
  if (spec.strategy.type !== 'RollingUpdate') return issues;

  const { maxSurge, maxUnavailable } = spec.strategy;
  issues.push(...at(MAX_SURGE_FIELD, checkIntOrPercent(maxSurge)));
  issues.push(...at(MAX_UNAVAILABLE_FIELD, checkIntOrPercent(maxUnavailable)));
  if (isZeroIntOrPercent(maxSurge) && isZeroIntOrPercent(maxUnavailable)) {
    issues.push(
      ...at(
        MAX_SURGE_FIELD,
        violation(
          'md-surge-and-unavailable-zero',
          'maxUnavailable and maxSurge cannot both be 0: the rollout could never make progress',
        ),
      ),
    );
  }
  return issues;
}
