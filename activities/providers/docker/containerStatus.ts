/**
 * From a node container (as `docker inspect` describes it) and its bootstrap progress to what the
 * machine workflow understands: state, providerID (CAPD's `docker:////<name>`), addresses. Pure.
 */
import type { ContainerInspectInfo } from 'dockerode';
import type { MachineInfraStatus } from '../types';
import type { BootstrapState } from './bootstrapState';
import { bareName, dockerProviderID } from './names';

/** A container that keeps restarting this often is failing, not starting. */
export const RESTARTS_BEFORE_FAILED = 3;

export const GONE: MachineInfraStatus = { state: 'gone', addresses: [] };

/** IPv4 addresses first, then IPv6, of every network the container is on. */
export function containerAddresses(info: Pick<ContainerInspectInfo, 'NetworkSettings'>): string[] {
  const out: string[] = [];
  const nets = Object.values(info.NetworkSettings?.Networks ?? {});
  for (const n of nets) if (n.IPAddress && !out.includes(n.IPAddress)) out.push(n.IPAddress);
  for (const n of nets)
    if (n.GlobalIPv6Address && !out.includes(n.GlobalIPv6Address)) out.push(n.GlobalIPv6Address);
  return out;
}

/**
 * Docker → Capstan: `created` is pending; `running` is provisioning until the bootstrap
 * sentinel exists, then running; a failed bootstrap, an exited or dead container, or one in a
 * restart loop is failed (nothing in Capstan stops node containers); `removing` is deleting.
 * `bootstrap` is only read for a running container.
 */
export function toMachineInfraStatus(
  info: ContainerInspectInfo,
  bootstrap: BootstrapState | undefined,
  logTail?: string,
): MachineInfraStatus {
  const name = bareName(info.Name);
  const s = info.State;
  const base = { providerID: dockerProviderID(name), addresses: containerAddresses(info) };
  const failed = (reason: string): MachineInfraStatus => ({
    state: 'failed',
    ...base,
    failureReason: reason,
  });
  const exitedReason = () =>
    `container ${name} ${s.Status} (exit code ${s.ExitCode}${s.Error ? `, ${s.Error}` : ''})` +
    (logTail && logTail.trim() ? `; its last output:\n${logTail.trimEnd()}` : '');
  switch (s.Status) {
    case 'created':
      return { state: 'pending', ...base };
    case 'removing':
      return { state: 'deleting', ...base };
    case 'exited':
    case 'dead':
      return failed(exitedReason());
    case 'restarting':
      return info.RestartCount >= RESTARTS_BEFORE_FAILED
        ? failed(exitedReason())
        : { state: 'provisioning', ...base };
    case 'paused':
      return failed(`container ${name} is paused (someone ran docker pause)`);
    case 'running':
      if (bootstrap?.phase === 'succeeded') return { state: 'running', ...base };
      if (bootstrap?.phase === 'failed') return failed(`${name}: ${bootstrap.failure ?? 'bootstrap failed'}`);
      return { state: 'provisioning', ...base };
    default:
      return { state: 'pending', ...base };
  }
}
