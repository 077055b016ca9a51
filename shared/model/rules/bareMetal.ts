import { violation, type RuleViolation } from './violation';

/**
 * BMC addresses in Metal3 form: the URL scheme names the driver. Capstan's bare-metal provider
 * speaks Redfish and IPMI (DESIGN.md), so only those drivers are accepted; an IPMI address may
 * also be a bare host[:port], as Metal3 allows.
 */
const SUPPORTED_SCHEMES = [
  'redfish',
  'redfish+http',
  'redfish+https',
  'redfish-virtualmedia',
  'redfish-virtualmedia+http',
  'redfish-virtualmedia+https',
  'ipmi',
];
const URL_FORM = /^([a-z][a-z0-9+-]*):\/\/([^/\s]+)(\/\S*)?$/;
const BARE_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/;

export type BmcDriver = 'redfish' | 'ipmi';

export function bmcDriver(address: string): BmcDriver | undefined {
  const m = URL_FORM.exec(address);
  if (!m) return BARE_HOST.test(address) ? 'ipmi' : undefined;
  const scheme = m[1] ?? '';
  if (!SUPPORTED_SCHEMES.includes(scheme)) return undefined;
  return scheme === 'ipmi' ? 'ipmi' : 'redfish';
}

export function checkBmcAddress(address: string): RuleViolation | undefined {
  if (bmcDriver(address)) return undefined;
  const m = URL_FORM.exec(address);
  if (m) {
    return violation(
      'bmc-driver',
      `BMC driver "${m[1] ?? ''}" is not supported: use one of ${SUPPORTED_SCHEMES.map((s) => `${s}://`).join(', ')}`,
    );
  }
  return violation(
    'bmc-address',
    `"${address}" is not a BMC address such as redfish+http://10.0.0.5/redfish/v1/Systems/1 or ipmi://10.0.0.6:623`,
  );
}

const MAC = /^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/;

export function checkMacAddress(value: string): RuleViolation | undefined {
  return MAC.test(value)
    ? undefined
    : violation('mac-address', `"${value}" must be a MAC address such as 52:54:00:12:34:56`);
}

const HOST_PORT = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(:\d{1,5})?$/;

export function checkHostPort(value: string): RuleViolation | undefined {
  return HOST_PORT.test(value) ? undefined : violation('ssh-address', `"${value}" must be host or host:port`);
}
