/**
 * The ipmitool command lines the IPMI client runs. Pure. The password is never an argument: `-E`
 * makes ipmitool read it from IPMI_PASSWORD, so it shows neither in `ps` nor in any log of argv.
 */
import type { BootDevice, BootOptions } from './bmcClient';

export interface IpmiTarget {
  hostname: string;
  port: number;
  username: string;
  /** RMCP+ cipher suite; 3 (SHA1 / AES-128) by default: ipmitool's own choice, 17, trips many BMCs */
  cipherSuite: number;
  /** seconds ipmitool waits for each answer (`-N`) */
  answerTimeoutSec: number;
  /** how many times ipmitool resends an unanswered request (`-R`) */
  retries: number;
  /** session privilege (`-L`); ipmitool asks ADMINISTRATOR unless told */
  privilegeLevel?: IpmiPrivilege;
}

export type IpmiPrivilege = 'CALLBACK' | 'USER' | 'OPERATOR' | 'ADMINISTRATOR';

export type PowerVerb = 'status' | 'on' | 'off' | 'soft' | 'cycle' | 'reset';

const BOOTDEV: Record<BootDevice, string> = { pxe: 'pxe', disk: 'disk', cdrom: 'cdrom' };

/** `-v` makes ipmitool say why a session failed (RAKP errors vs no answer); stdout stays the same. */
export function ipmitoolArgs(target: IpmiTarget, command: readonly string[]): string[] {
  return [
    '-I',
    'lanplus',
    '-H',
    target.hostname,
    '-p',
    String(target.port),
    '-U',
    target.username,
    '-E',
    '-C',
    String(target.cipherSuite),
    '-N',
    String(target.answerTimeoutSec),
    '-R',
    String(target.retries),
    ...(target.privilegeLevel ? ['-L', target.privilegeLevel] : []),
    '-v',
    ...command,
  ];
}

export function powerCommand(verb: PowerVerb): string[] {
  return ['chassis', 'power', verb];
}

/** One-time boot device (ipmitool's bootdev is next-boot-only unless `options=persistent`). */
export function bootdevCommand(device: BootDevice, opts: BootOptions = {}): string[] {
  return ['chassis', 'bootdev', BOOTDEV[device], ...(opts.efi ? ['options=efiboot'] : [])];
}

/** Boot flags (boot parameter 5): the override the BMC holds. */
export function bootFlagsCommand(): string[] {
  return ['chassis', 'bootparam', 'get', '5'];
}
