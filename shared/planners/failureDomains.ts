import type { MachineStatus } from '../status/types';

export interface FailureDomain {
  name: string;
  controlPlane: boolean;
}

/**
 * CAPI `NextFailureDomainForScaleUp` / `PickFewest`: among control-plane failure domains, the one
 * with the fewest (non-deleting) machines; ties go to the first in name order so the choice is
 * deterministic (CAPI uses map order, which is intentionally random; determinism matters more here).
 */
export function pickFailureDomainForScaleUp(
  domains: readonly FailureDomain[],
  machines: readonly MachineStatus[],
): string | undefined {
  const eligible = domains.filter((d) => d.controlPlane).map((d) => d.name).sort();
  if (eligible.length === 0) return undefined;
  const live = machines.filter((m) => !m.deletionRequestedAt);
  const count = (fd: string) => live.filter((m) => m.failureDomain === fd).length;
  return eligible.reduce((best, fd) => (count(fd) < count(best) ? fd : best));
}

/**
 * CAPI `PickMost` for scale-down: machines outside any known failure domain go first; otherwise
 * the domain holding the most candidates; within it the oldest machine.
 */
export function pickMachineForScaleDown(
  domains: readonly FailureDomain[],
  candidates: readonly MachineStatus[],
): MachineStatus | undefined {
  if (candidates.length === 0) return undefined;
  const known = new Set(domains.filter((d) => d.controlPlane).map((d) => d.name));
  const oldest = (ms: readonly MachineStatus[]) =>
    [...ms].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name))[0];
  const outside = candidates.filter((m) => !m.failureDomain || !known.has(m.failureDomain));
  if (outside.length > 0 && known.size > 0) return oldest(outside);
  const byDomain = new Map<string, MachineStatus[]>();
  for (const m of candidates) {
    const fd = m.failureDomain ?? '';
    byDomain.set(fd, [...(byDomain.get(fd) ?? []), m]);
  }
  const [, most] = [...byDomain.entries()].sort(
    (a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]),
  )[0]!;
  return oldest(most);
}
