import { formatGoDuration } from '../goDuration';
import type { RemediationStrategy } from './strategy';

type RebootStrategy = Extract<RemediationStrategy, { type: 'Reboot' }>;

/** What a Reboot request does next. */
export type RebootStep =
  | { action: 'reboot'; attempt: number; message: string }
  | { action: 'handToOwner'; message: string };

/**
 * Metal3's reboot loop (`Metal3Remediation` phases running → waiting): after `attempts` power
 * cycles, each followed by `timeout` in which the MachineHealthCheck did not find the machine
 * healthy, power-cycle again while `retryLimit` allows; then give up and hand the machine to its
 * owner (Metal3 sets `OwnerRemediated=False`, so the MachineSet or KubeadmControlPlane replaces it).
 */
export function nextRebootStep(strategy: RebootStrategy, attempts: number): RebootStep {
  if (attempts < strategy.retryLimit) {
    const attempt = attempts + 1;
    return {
      action: 'reboot',
      attempt,
      message: `power cycle ${attempt} of ${strategy.retryLimit} requested from the infrastructure provider`,
    };
  }
  return {
    action: 'handToOwner',
    message: `still unhealthy ${formatGoDuration(strategy.timeoutSeconds)} after power cycle ${attempts} of ${strategy.retryLimit}: handed to its owner for replacement`,
  };
}

/** The message while a rebooted machine has `timeout` to become healthy. */
export function waitingForHealthyMessage(strategy: RebootStrategy, attempt: number, until: string): string {
  return `power cycle ${attempt} of ${strategy.retryLimit} done; waiting until ${until} (timeout ${formatGoDuration(strategy.timeoutSeconds)}) for the MachineHealthCheck to find the machine healthy`;
}

/** Why a reboot could not even start (no such capability, machine not running): the owner takes over. */
export function rebootRefusedMessage(reason: string): string {
  return `cannot power-cycle the machine (${reason}): handed to its owner for replacement`;
}
