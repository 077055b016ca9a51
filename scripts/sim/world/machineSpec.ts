/**
 * The sim's own knobs in an infrastructure template's spec (a SimMachineTemplate), so a manifest
 * can ask for a slow boot or a provisioning failure the way a real cloud sometimes delivers one.
 */
import { SimError } from './simError';

export interface SimMachineKnobs {
  /** extra seconds before the instance reports running */
  bootDelaySeconds: number;
  /** the instance fails to provision */
  failProvisioning: boolean;
}

export function readMachineKnobs(spec: Record<string, unknown>): SimMachineKnobs {
  const bootDelay = spec['bootDelaySeconds'];
  if (
    bootDelay !== undefined &&
    (typeof bootDelay !== 'number' || !Number.isFinite(bootDelay) || bootDelay < 0)
  ) {
    throw SimError.invalidSpec(
      `spec.bootDelaySeconds must be a number >= 0, got ${JSON.stringify(bootDelay)}`,
    );
  }
  const fail = spec['failProvisioning'];
  if (fail !== undefined && typeof fail !== 'boolean') {
    throw SimError.invalidSpec(`spec.failProvisioning must be true or false, got ${JSON.stringify(fail)}`);
  }
  return { bootDelaySeconds: bootDelay ?? 0, failProvisioning: fail ?? false };
}
