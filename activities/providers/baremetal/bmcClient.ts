/**
 * What the bare-metal provider asks of a host's BMC, whatever the protocol (Redfish or IPMI). Every
 * operation is idempotent: powering on a host that is on (or powering on) sends nothing and
 * answers `changed: false`. Nothing a BmcClient returns or throws carries the BMC password.
 */

/** The host's power as its BMC reports it; the `powering*` states are Redfish's transitions. */
export type PowerState = 'on' | 'off' | 'poweringOn' | 'poweringOff';

/** One-time boot targets: IPMI `chassis bootdev pxe|disk|cdrom`, Redfish `Pxe|Hdd|Cd`. */
export type BootDevice = 'pxe' | 'disk' | 'cdrom';

/**
 * How to reboot: `cycle` removes power and restores it (IPMI `power cycle`, Redfish `PowerCycle`
 * or `ForceRestart`); `reset` pulses the reset line (IPMI `power reset`, Redfish `ForceRestart`);
 * `graceful` asks the OS (Redfish `GracefulRestart`; IPMI has no such request).
 */
export type RebootMethod = 'cycle' | 'reset' | 'graceful';

export interface BootOptions {
  /** boot the override in UEFI mode (IPMI `options=efiboot`, Redfish `BootSourceOverrideMode: UEFI`) */
  efi?: boolean;
}

/** The boot override the BMC holds now. `device` is `none` without override, or the BMC's own word. */
export interface BootOverride {
  device: BootDevice | 'none' | 'other';
  /** the BMC's own name for it (`Pxe`, `Force PXE`, ...) */
  reported: string;
  /** true when the override applies to the next boot only, when the BMC says */
  once?: boolean;
}

/** What a power request did. */
export interface PowerChange {
  /** false when the host already was (or was getting) there and nothing was sent */
  changed: boolean;
  /** the state seen before the request */
  from: PowerState;
  /** what was sent, in the protocol's words (`ForceOff`, `chassis power cycle`) */
  request?: string;
}

export interface BmcClient {
  readonly protocol: 'redfish' | 'ipmi';
  /** names the host in every message: `<namespace>/<name> (BMC <address>)` */
  readonly description: string;
  powerState(): Promise<PowerState>;
  powerOn(): Promise<PowerChange>;
  /** `graceful` asks the OS to shut down (Redfish GracefulShutdown, IPMI `power soft`) */
  powerOff(opts?: { graceful?: boolean }): Promise<PowerChange>;
  /** A host that is off is powered on instead: after a reboot the host runs, as with Ironic. */
  reboot(method?: RebootMethod): Promise<PowerChange>;
  /** Sets a one-time boot override; the next boot (only) starts from `device`. */
  setBootDevice(device: BootDevice, opts?: BootOptions): Promise<void>;
  bootOverride(): Promise<BootOverride>;
}

/** Whether `state` already is, or is heading to, `target`. */
export function isHeadingTo(state: PowerState, target: 'on' | 'off'): boolean {
  return target === 'on'
    ? state === 'on' || state === 'poweringOn'
    : state === 'off' || state === 'poweringOff';
}
