/**
 * Reads the parts of Redfish resources the client needs (ComputerSystem, collections, virtual
 * media, error bodies). Pure: JSON in, typed facts out; anything missing or odd is `undefined`.
 */
import type { BootDevice, BootOverride, BootOptions, PowerState } from './bmcClient';

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : undefined;
}

function odataId(v: unknown): string | undefined {
  const id = obj(v)?.['@odata.id'];
  return typeof id === 'string' ? id : undefined;
}

const POWER_STATES: Record<string, PowerState> = {
  On: 'on',
  Off: 'off',
  PoweringOn: 'poweringOn',
  PoweringOff: 'poweringOff',
  // Paused (Redfish 2020.4) keeps power on; the provider treats it as on.
  Paused: 'on',
};

export function powerStateOf(system: unknown): PowerState | undefined {
  const p = obj(system)?.['PowerState'];
  return typeof p === 'string' ? POWER_STATES[p] : undefined;
}

/** `@odata.id`s of a collection's members. */
export function memberPaths(collection: unknown): string[] {
  const members = obj(collection)?.['Members'];
  return Array.isArray(members) ? members.map(odataId).filter((x): x is string => x !== undefined) : [];
}

/** The Systems collection link of the service root (`/redfish/v1/Systems` by convention). */
export function systemsPathOf(root: unknown): string {
  return odataId(obj(root)?.['Systems']) ?? '/redfish/v1/Systems';
}

export interface ResetAction {
  target: string;
  /** undefined when the BMC advertises no list */
  allowed?: string[];
}

export function resetActionOf(system: unknown, systemPath: string): ResetAction {
  const action = obj(obj(obj(system)?.['Actions'])?.['#ComputerSystem.Reset']);
  const target = action?.['target'];
  const allowed = strings(action?.['ResetType@Redfish.AllowableValues']);
  return {
    target: typeof target === 'string' ? target : `${systemPath}/Actions/ComputerSystem.Reset`,
    ...(allowed ? { allowed } : {}),
  };
}

const BOOT_TARGET: Record<BootDevice, string> = { pxe: 'Pxe', disk: 'Hdd', cdrom: 'Cd' };
const DEVICE_OF_TARGET: Record<string, BootDevice> = { Pxe: 'pxe', Hdd: 'disk', Cd: 'cdrom' };

export function bootTargetFor(device: BootDevice): string {
  return BOOT_TARGET[device];
}

export function allowedBootTargetsOf(system: unknown): string[] | undefined {
  return strings(obj(obj(system)?.['Boot'])?.['BootSourceOverrideTarget@Redfish.AllowableValues']);
}

export function bootOverrideOf(system: unknown): BootOverride {
  const boot = obj(obj(system)?.['Boot']);
  const target =
    typeof boot?.['BootSourceOverrideTarget'] === 'string' ? boot['BootSourceOverrideTarget'] : 'None';
  const enabled = boot?.['BootSourceOverrideEnabled'];
  const device: BootOverride['device'] =
    enabled === 'Disabled' || target === 'None' ? 'none' : (DEVICE_OF_TARGET[target] ?? 'other');
  return {
    device,
    reported: target,
    ...(enabled === 'Once' ? { once: true } : enabled === 'Continuous' ? { once: false } : {}),
  };
}

/** The PATCH body of a one-time boot override. */
export function bootOverridePatch(device: BootDevice, opts: BootOptions = {}): Json {
  return {
    Boot: {
      BootSourceOverrideTarget: BOOT_TARGET[device],
      BootSourceOverrideEnabled: 'Once',
      ...(opts.efi === undefined ? {} : { BootSourceOverrideMode: opts.efi ? 'UEFI' : 'Legacy' }),
    },
  };
}

export function virtualMediaPathOf(system: unknown): string | undefined {
  return odataId(obj(system)?.['VirtualMedia']);
}

export interface VirtualMediaDevice {
  path: string;
  mediaTypes: string[];
  image?: string;
  inserted: boolean;
  insertTarget: string;
  ejectTarget: string;
}

export function virtualMediaDeviceOf(device: unknown, path: string): VirtualMediaDevice {
  const d = obj(device) ?? {};
  const actions = obj(d['Actions']);
  const target = (name: string, fallback: string) => {
    const t = obj(actions?.[name])?.['target'];
    return typeof t === 'string' ? t : `${path}/Actions/${fallback}`;
  };
  const image = d['Image'];
  return {
    path,
    mediaTypes: strings(d['MediaTypes']) ?? [],
    ...(typeof image === 'string' && image !== '' && image !== 'None' ? { image } : {}),
    inserted: d['Inserted'] === true,
    insertTarget: target('#VirtualMedia.InsertMedia', 'VirtualMedia.InsertMedia'),
    ejectTarget: target('#VirtualMedia.EjectMedia', 'VirtualMedia.EjectMedia'),
  };
}

/** The first device that takes a CD/DVD image. */
export function pickCdDevice(devices: readonly VirtualMediaDevice[]): VirtualMediaDevice | undefined {
  return devices.find((d) => d.mediaTypes.some((t) => t === 'CD' || t === 'DVD'));
}

/** The message of a Redfish error body (`error.message` and ExtendedInfo messages), if any. */
export function redfishErrorMessage(body: unknown): string | undefined {
  const err = obj(obj(body)?.['error']);
  if (!err) return undefined;
  const parts: string[] = [];
  const code = err['code'];
  const message = err['message'];
  if (typeof message === 'string' && message) parts.push(message);
  const info = err['@Message.ExtendedInfo'];
  if (Array.isArray(info)) {
    for (const i of info) {
      const m = obj(i)?.['Message'];
      if (typeof m === 'string' && m && !parts.includes(m)) parts.push(m);
    }
  }
  if (parts.length === 0 && typeof code === 'string') parts.push(code);
  return parts.length > 0 ? parts.join('; ') : undefined;
}
