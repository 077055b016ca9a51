/**
 * CAPI-style conditions (v1beta1 shape: type, status, severity, reason, message,
 * lastTransitionTime). Pure setters so workflows, planners and tests share one implementation.
 */
export type ConditionStatus = 'True' | 'False' | 'Unknown';
export type ConditionSeverity = 'Error' | 'Warning' | 'Info' | '';

export interface Condition {
  type: string;
  status: ConditionStatus;
  severity: ConditionSeverity;
  reason: string;
  message: string;
  /** ISO time; only moves when `status` changes, as in Kubernetes */
  lastTransitionTime: string;
}

export interface ConditionInput {
  type: string;
  status: ConditionStatus;
  reason?: string;
  message?: string;
  severity?: ConditionSeverity;
}

/** Returns a new list with `input` set; keeps lastTransitionTime when the status did not change. */
export function setCondition(conditions: readonly Condition[], input: ConditionInput, now: string): Condition[] {
  const existing = conditions.find((c) => c.type === input.type);
  const next: Condition = {
    type: input.type,
    status: input.status,
    severity: input.status === 'True' ? '' : (input.severity ?? 'Info'),
    reason: input.reason ?? '',
    message: input.message ?? '',
    lastTransitionTime: existing && existing.status === input.status ? existing.lastTransitionTime : now,
  };
  const others = conditions.filter((c) => c.type !== input.type);
  return sortConditions([...others, next]);
}

export function getCondition(conditions: readonly Condition[], type: string): Condition | undefined {
  return conditions.find((c) => c.type === type);
}

export function isTrue(conditions: readonly Condition[], type: string): boolean {
  return getCondition(conditions, type)?.status === 'True';
}

/**
 * Ready summarises the other conditions as CAPI's `conditions.SetSummary` does: True only when
 * every listed condition is True; otherwise it carries the first non-True one's reason and message.
 */
export function setReadyCondition(
  conditions: readonly Condition[],
  summarised: readonly string[],
  now: string,
): Condition[] {
  const blocking = summarised
    .map((t) => getCondition(conditions, t) ?? { type: t, status: 'Unknown' as const, reason: 'NotYetReported', message: '', severity: 'Info' as const })
    .find((c) => c.status !== 'True');
  if (!blocking) return setCondition(conditions, { type: 'Ready', status: 'True' }, now);
  return setCondition(
    conditions,
    {
      type: 'Ready',
      status: blocking.status === 'False' ? 'False' : 'Unknown',
      reason: blocking.reason || `${blocking.type}NotReady`,
      message: blocking.message || `${blocking.type} is ${blocking.status}`,
      severity: blocking.severity || 'Info',
    },
    now,
  );
}

/** Ready first, then alphabetical, as clusterctl prints them. */
function sortConditions(list: Condition[]): Condition[] {
  return list.sort((a, b) => (a.type === 'Ready' ? -1 : b.type === 'Ready' ? 1 : a.type.localeCompare(b.type)));
}
