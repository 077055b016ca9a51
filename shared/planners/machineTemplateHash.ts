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

/** Rollout-relevant differences between two templates, named by field path, for messages. */
export function rolloutFieldChanges(prev: DesiredMachineTemplate, next: DesiredMachineTemplate): string[] {
  const changes: string[] = [];
  if (prev.version !== next.version) changes.push(`version ${prev.version} → ${next.version}`);
  if (prev.bootstrap.kind !== next.bootstrap.kind || prev.bootstrap.name !== next.bootstrap.name)
    changes.push(`bootstrap.configRef ${prev.bootstrap.name} → ${next.bootstrap.name}`);
  if (prev.infrastructure.kind !== next.infrastructure.kind || prev.infrastructure.name !== next.infrastructure.name)
    changes.push(`infrastructureRef ${prev.infrastructure.name} → ${next.infrastructure.name}`);
  if ((prev.failureDomain ?? '') !== (next.failureDomain ?? ''))
    changes.push(`failureDomain ${prev.failureDomain ?? '(none)'} → ${next.failureDomain ?? '(none)'}`);
  return changes;
}
