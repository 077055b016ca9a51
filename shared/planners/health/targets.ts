import { matchesSelector } from '../../model/rules/labelSelector';
import type { HealthCheckMachine, HealthCheckSpec } from './types';

/**
 * CAPI `getMachinesFromMHC`: the Machines of the cluster matching `spec.selector`, in name order
 * (CAPI sorts `status.targets`). Annotation skips are applied later, per Machine.
 */
export function selectHealthCheckMachines(
  check: Pick<HealthCheckSpec, 'selector'>,
  machines: readonly HealthCheckMachine[],
): HealthCheckMachine[] {
  return machines
    .filter((m) => matchesSelector(check.selector, m.labels))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
