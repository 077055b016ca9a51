import type { DesiredMachineTemplate } from '../model/desired';
import { stableHash } from '../naming';

/**
 * The hash of the fields whose change needs new machines (CAPI MachineTemplateUpToDate): version,
 * bootstrap config ref, infrastructure ref, failure domain. Labels, annotations, minReadySeconds
 * and the deletion timeouts are in-place fields and deliberately left out.
 */
export function machineTemplateHash(t: DesiredMachineTemplate): string {
  return stableHash(
    JSON.stringify([
      t.version,
      t.bootstrap.kind,
      t.bootstrap.name,
      t.infrastructure.kind,
      t.infrastructure.name,
      t.failureDomain ?? '',
    ]),
  );
}
