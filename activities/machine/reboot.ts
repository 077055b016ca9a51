import type { ResourceKey } from '../../shared/ids';
import type { ActivityDeps } from '../deps';
import type { MachineRebootOutcome } from '../providers/types';

export function rebootActivities(deps: ActivityDeps) {
  return {
    /**
     * One power cycle for the built-in Reboot remediation. A provider without `rebootMachine`
     * refuses (the request then hands the machine to its owner) rather than failing: no retry
     * could make it able to.
     */
    async rebootMachine(input: { cluster: ResourceKey; machine: string; idempotencyKey: string }): Promise<MachineRebootOutcome> {
      const infra = deps.infrastructure;
      if (!infra.rebootMachine) {
        return { outcome: 'refused', message: `the ${infra.name} provider cannot power-cycle machines` };
      }
      return infra.rebootMachine(input.cluster, input.machine, input.idempotencyKey);
    },
  };
}
