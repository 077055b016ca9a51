import type { DesiredMachineTemplate, TemplateSnapshot } from '../../desired';
import { parseGoDuration } from '../../rules/duration';
import { compact } from './compact';

/** CAPI v1beta1 Machine webhook default for nodeDeletionTimeout. */
export const DEFAULT_NODE_DELETION_TIMEOUT_SECONDS = 10;

export interface MachineTemplateInput {
  version: string;
  infrastructure: TemplateSnapshot;
  bootstrap: TemplateSnapshot;
  failureDomain?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  minReadySeconds: number;
  /** Go durations as written in v1beta1 ("5m"); already validated */
  nodeDrainTimeout?: string;
  nodeVolumeDetachTimeout?: string;
  nodeDeletionTimeout?: string;
}

/**
 * The machine template both control planes and MachineDeployments stamp machines from. Drain and
 * volume-detach timeouts stay undefined when unset (CAPI: wait forever); node deletion defaults
 * to 10s.
 */
export function buildMachineTemplate(i: MachineTemplateInput): DesiredMachineTemplate {
  return compact({
    version: i.version,
    infrastructure: i.infrastructure,
    bootstrap: i.bootstrap,
    failureDomain: i.failureDomain,
    labels: i.labels,
    annotations: i.annotations,
    minReadySeconds: i.minReadySeconds,
    nodeDrainTimeoutSeconds: seconds(i.nodeDrainTimeout),
    nodeVolumeDetachTimeoutSeconds: seconds(i.nodeVolumeDetachTimeout),
    nodeDeletionTimeoutSeconds: seconds(i.nodeDeletionTimeout) ?? DEFAULT_NODE_DELETION_TIMEOUT_SECONDS,
  });
}

export function seconds(duration: string | undefined): number | undefined {
  return duration === undefined ? undefined : parseGoDuration(duration);
}
