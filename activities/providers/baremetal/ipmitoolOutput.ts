/**
 * Reads what ipmitool printed. Pure. Successful output is matched line by line, so extra lines
 * (the `-v` chatter, a vendor banner) do not matter. Failures are classified from the text:
 * ipmitool exits 1 for everything, and its words are all there is to tell a wrong password from a
 * BMC that does not answer.
 */
import type { BootOverride, PowerState } from './bmcClient';
import type { BmcErrorClass } from './bmcFailure';

export function parsePowerStatus(stdout: string): PowerState | undefined {
  const m = /^\s*Chassis Power is (on|off)\s*$/im.exec(stdout);
  if (!m) return undefined;
  return (m[1] ?? '').toLowerCase() === 'on' ? 'on' : 'off';
}

/** `Chassis Power Control: Up/On` and friends: the BMC accepted the request. */
export function powerControlAccepted(stdout: string): boolean {
  return /^\s*Chassis Power Control:\s*\S/im.test(stdout);
}

export function bootdevAccepted(stdout: string): boolean {
  return /^\s*Set Boot Device to \S+/im.test(stdout);
}

const SELECTORS: Array<[RegExp, BootOverride['device']]> = [
  [/No override/i, 'none'],
  [/PXE/i, 'pxe'],
  [/Hard-?Drive|disk/i, 'disk'],
  [/CD|DVD/i, 'cdrom'],
];

/** `chassis bootparam get 5`: the Boot Device Selector line, and whether it is for the next boot only. */
export function parseBootFlags(stdout: string): BootOverride | undefined {
  const m = /^\s*-\s*Boot Device Selector\s*:\s*(.+?)\s*$/im.exec(stdout);
  if (!m) return undefined;
  const reported = m[1] ?? '';
  const device = SELECTORS.find(([re]) => re.test(reported))?.[1] ?? 'other';
  const once = /Options apply to only next boot/i.test(stdout)
    ? true
    : /Options apply to all future boots/i.test(stdout)
      ? false
      : undefined;
  return { device, reported, ...(once === undefined ? {} : { once }) };
}

// Each list is matched against the output without the `-v` chatter (see `errorLines`).
const AUTH = [
  /RAKP \d HMAC is invalid/i,
  /RAKP \d message indicates an error\s*:\s*(unauthorized name|invalid role|invalid integrity check value|invalid authentication code)/i,
  /failed:\s*Insufficient privilege level/i,
  /Activate Session error:.*(user|password|privilege)/i,
];
const UNREACHABLE = [
  /Get Auth Capabilities error/i,
  /Error issuing Get Channel Authentication Capabilities/i,
  /No response from remote controller/i,
  /Address lookup for .* failed/i,
  /Could not open socket/i,
  /Connection refused/i,
  /insufficient resources for session/i,
];
const CONFLICT = [
  /failed:.*not supported in present state/i,
  /failed:.*Node busy/i,
  /failed:.*in update mode/i,
];
const CIPHER = [
  /open session response message\s*:\s*invalid (authentication|integrity|confidentiality) algorithm/i,
  /no cipher suite match/i,
];
const UNSUPPORTED = [
  ...CIPHER,
  /failed:\s*(Invalid command|Command not supported|Invalid data field in request|Parameter not supported|Requested data not present)/i,
];
// Every failed handshake ends with this; alone it means the BMC never completed one.
const NO_SESSION = /Unable to establish (IPMI v2 \/ RMCP\+|IPMI v1\.5 \/ RMCP|LAN) session/i;

export interface IpmitoolFailure {
  cls: BmcErrorClass;
  /** the lines that say what went wrong */
  detail: string;
  /** the BMC refused the RMCP+ cipher suite (a setting, not the request) */
  cipher?: boolean;
}

/**
 * The output without what `-v` adds to every run: the IANA registry note, and the probes ipmitool
 * makes on connecting (VSO and HPM.x capabilities), whose "Invalid command" or "Insufficient
 * privilege level" answers say nothing about the request itself.
 */
export function errorLines(output: string): string[] {
  const out: string[] = [];
  let afterProbe = false;
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (/^Loading IANA PEN Registry/i.test(line) || /^Discovered IPMB address/i.test(line)) continue;
    if (/^Get HPM\.x Capabilities request failed/i.test(line)) continue;
    if (/^Running Get VSO Capabilities/i.test(line)) {
      afterProbe = true;
      continue;
    }
    if (afterProbe && /^Invalid completion code received/i.test(line)) {
      afterProbe = false;
      continue;
    }
    afterProbe = false;
    out.push(line);
  }
  return out;
}

/** Classifies a failed run. Auth wins over "no session", which every failed handshake ends with. */
export function classifyIpmitoolFailure(output: string): IpmitoolFailure {
  const lines = errorLines(output);
  const text = lines.join('\n');
  const detail = lines.slice(-3).join(' / ') || 'ipmitool failed without a message';
  const matches = (list: RegExp[]) => list.some((re) => re.test(text));
  let cls: BmcErrorClass;
  // "Command not supported in present state" is a conflict, not "Command not supported".
  if (matches(AUTH)) cls = 'auth';
  else if (matches(CONFLICT)) cls = 'conflict';
  else if (matches(UNSUPPORTED)) cls = 'unsupported';
  else if (matches(UNREACHABLE) || NO_SESSION.test(text)) cls = 'unreachable';
  else cls = 'transient';
  return { cls, detail, ...(matches(CIPHER) ? { cipher: true } : {}) };
}
