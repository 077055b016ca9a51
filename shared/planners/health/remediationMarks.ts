import { getCondition } from '../../status/conditions';
import {
  EXTERNALLY_REMEDIATED,
  OWNER_REMEDIATED,
  REMEDIATING_OWNER_KINDS,
  WAITING_FOR_REMEDIATION_REASON,
} from './constants';
import type { HealthCheckMachine, HealthCheckSpec, MachineConditionPatch, RemediationRequest } from './types';

export interface RemediationMarks {
  markOwnerRemediated: string[];
  notRemediable: { machine: string; reason: string }[];
  createRemediationRequests: RemediationRequest[];
  deleteRemediationRequests: string[];
  conditions: MachineConditionPatch[];
}

/**
 * CAPI `patchUnhealthyTargets` / `patchHealthyTargets`, run only when remediation is allowed.
 * External remediation (template set): one request per unhealthy Machine, named like it, owned
 * by it; requests of Machines healthy again are deleted. Owner remediation: OwnerRemediated=False
 * /WaitingForRemediation, only on Machines not being deleted, and only when the condition is
 * absent or True (once False, the owner drives it). Only a MachineSet or a KubeadmControlPlane
 * acts on it (healthchecking.md caveat), so other Machines are reported instead of marked.
 *
 * Deviation, on purpose: CAPI returns from the whole loop when a request already exists for one
 * Machine, leaving later unhealthy Machines unmarked until that request is gone; here that Machine
 * is just skipped.
 */
export function planRemediationMarks(
  check: Pick<HealthCheckSpec, 'remediationTemplate'>,
  unhealthy: readonly HealthCheckMachine[],
  countedHealthy: readonly HealthCheckMachine[],
  requests: readonly { name: string; deleting?: boolean }[],
): RemediationMarks {
  const marks: RemediationMarks = {
    markOwnerRemediated: [],
    notRemediable: [],
    createRemediationRequests: [],
    deleteRemediationRequests: [],
    conditions: [],
  };
  const template = check.remediationTemplate;
  const existing = new Map(requests.map((r) => [r.name, r]));
  for (const m of unhealthy) {
    if (template) {
      if (existing.has(m.name)) continue;
      marks.createRemediationRequests.push({ name: m.name, template, ownerMachine: m.name });
      marks.conditions.push({
        machine: m.name,
        condition: {
          type: EXTERNALLY_REMEDIATED,
          status: 'False',
          reason: WAITING_FOR_REMEDIATION_REASON,
          severity: 'Warning',
        },
      });
      continue;
    }
    if (m.deleting) continue;
    if (!m.ownerKind || !REMEDIATING_OWNER_KINDS.includes(m.ownerKind)) {
      marks.notRemediable.push({
        machine: m.name,
        reason: `owned by ${m.ownerKind ?? 'no controller'}: only Machines owned by a MachineSet or a KubeadmControlPlane are remediated`,
      });
      continue;
    }
    const owner = getCondition(m.conditions, OWNER_REMEDIATED);
    if (owner && owner.status !== 'True') continue;
    marks.markOwnerRemediated.push(m.name);
    marks.conditions.push({
      machine: m.name,
      condition: {
        type: OWNER_REMEDIATED,
        status: 'False',
        reason: WAITING_FOR_REMEDIATION_REASON,
        message: 'Waiting for remediation',
        severity: 'Warning',
      },
    });
  }
  if (template) {
    for (const m of countedHealthy) {
      const request = existing.get(m.name);
      if (request && !request.deleting) marks.deleteRemediationRequests.push(m.name);
    }
  }
  return marks;
}
