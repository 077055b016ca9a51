import { isDeleting, oldest } from './machineFilters';
import type { ControlPlaneMachine, FailureDomain } from './types';

interface DomainCount {
  name: string;
  priority: number;
  all: number;
}

/** Control-plane failure domains only (`ControlPlane.FailureDomains`), in name order. */
export function controlPlaneFailureDomains(domains: readonly FailureDomain[]): string[] {
  return domains
    .filter((d) => d.controlPlane)
    .map((d) => d.name)
    .sort();
}

/** `countByFailureDomain`: Machines per known domain, and the "priority" subset per domain. */
function countByFailureDomain(
  domains: readonly string[],
  all: readonly ControlPlaneMachine[],
  priority: readonly ControlPlaneMachine[],
): DomainCount[] {
  const count = (ms: readonly ControlPlaneMachine[], fd: string) =>
    ms.filter((m) => m.failureDomain === fd).length;
  return domains.map((name) => ({ name, priority: count(priority, name), all: count(all, name) }));
}

/**
 * Where a new Machine goes (`NextFailureDomainForScaleUp` → `failuredomains.PickFewest`): the
 * domain with the fewest up-to-date, non-deleting Machines; ties go to the fewest Machines
 * overall; further ties to name order (CAPI leaves those to map order, i.e. random; a
 * deterministic choice keeps replay and tests stable). Undefined when there are no CP domains.
 */
export function pickFailureDomainForNewMachine(
  domains: readonly FailureDomain[],
  machines: readonly ControlPlaneMachine[],
  upToDate: readonly ControlPlaneMachine[],
): string | undefined {
  const counts = countByFailureDomain(
    controlPlaneFailureDomains(domains),
    machines,
    upToDate.filter((m) => !isDeleting(m)),
  );
  const sorted = [...counts].sort(
    (a, b) => a.priority - b.priority || a.all - b.all || a.name.localeCompare(b.name),
  );
  return sorted[0]?.name;
}

/**
 * `failuredomains.PickMost`: the domain with the most eligible Machines (ties: most Machines
 * overall, then name order), provided it holds at least one eligible Machine.
 */
export function pickFailureDomainWithMostMachines(
  domains: readonly FailureDomain[],
  machines: readonly ControlPlaneMachine[],
  eligible: readonly ControlPlaneMachine[],
): string | undefined {
  const counts = countByFailureDomain(controlPlaneFailureDomains(domains), machines, eligible);
  const sorted = [...counts].sort(
    (a, b) => b.priority - a.priority || b.all - a.all || a.name.localeCompare(b.name),
  );
  const best = sorted[0];
  return best && best.priority > 0 ? best.name : undefined;
}

/**
 * `MachineInFailureDomainWithMostMachines`: eligible Machines outside every known CP domain go
 * first (the domain of the oldest such Machine); otherwise the domain from `PickMost`. Within
 * the chosen domain, the oldest eligible Machine.
 */
export function selectMachineInFailureDomainWithMostMachines(
  domains: readonly FailureDomain[],
  machines: readonly ControlPlaneMachine[],
  eligible: readonly ControlPlaneMachine[],
): ControlPlaneMachine | undefined {
  const known = new Set(controlPlaneFailureDomains(domains));
  const outside = eligible.filter((m) => !m.failureDomain || !known.has(m.failureDomain));
  const fd =
    outside.length > 0
      ? oldest(outside)?.failureDomain
      : pickFailureDomainWithMostMachines(domains, machines, eligible);
  return oldest(eligible.filter((m) => m.failureDomain === fd));
}
