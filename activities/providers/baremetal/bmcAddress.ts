/**
 * Reads a BareMetalHost `spec.bmc.address` (Metal3's form: the scheme names the driver) into where
 * and how to reach the BMC. Pure. As in Metal3, `redfish://` means HTTPS; `redfish+http://` is
 * plain HTTP; the path, when given, names the system (`/redfish/v1/Systems/<id>`); without it the
 * client follows /redfish/v1/Systems. IPMI is `ipmi://host[:port]` or a bare `host[:port]`.
 */
export type BmcEndpoint =
  | {
      protocol: 'redfish';
      scheme: 'http' | 'https';
      hostname: string;
      port: number;
      /** `/redfish/v1/Systems/<id>`, or undefined: find the only system */
      systemPath?: string;
      /** `redfish-virtualmedia*`: the host boots from virtual media rather than PXE */
      virtualMedia: boolean;
    }
  | { protocol: 'ipmi'; hostname: string; port: number };

export type ParsedBmcAddress = { ok: true; endpoint: BmcEndpoint } | { ok: false; problem: string };

const URL_FORM = /^([a-z][a-z0-9+-]*):\/\/([^/\s]+)(\/\S*)?$/;
const AUTHORITY = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/;
const SYSTEM_PATH = /^\/redfish\/v1\/Systems\/([^/]+)\/?$/;
const ROOT_PATHS = ['', '/', '/redfish/v1', '/redfish/v1/'];

const REDFISH_SCHEMES: Record<string, { scheme: 'http' | 'https'; virtualMedia: boolean }> = {
  redfish: { scheme: 'https', virtualMedia: false },
  'redfish+http': { scheme: 'http', virtualMedia: false },
  'redfish+https': { scheme: 'https', virtualMedia: false },
  'redfish-virtualmedia': { scheme: 'https', virtualMedia: true },
  'redfish-virtualmedia+http': { scheme: 'http', virtualMedia: true },
  'redfish-virtualmedia+https': { scheme: 'https', virtualMedia: true },
};

function authority(text: string, defaultPort: number): { hostname: string; port: number } | string {
  if (text.includes('@'))
    return 'credentials do not belong in the address: put them in the credentials named by spec.bmc.credentialsName';
  const m = AUTHORITY.exec(text);
  if (!m) return `"${text}" is not host[:port]`;
  const port = m[2] === undefined ? defaultPort : Number(m[2]);
  if (port < 1 || port > 65535) return `port ${m[2]} is out of range`;
  // ipmitool and node:http want an IPv6 literal without its brackets.
  return { hostname: (m[1] ?? '').replace(/^\[(.*)\]$/, '$1'), port };
}

export function parseBmcAddress(address: string): ParsedBmcAddress {
  const m = URL_FORM.exec(address);
  if (!m) {
    const a = authority(address, 623);
    return typeof a === 'string'
      ? { ok: false, problem: `"${address}" is not a BMC address (${a})` }
      : { ok: true, endpoint: { protocol: 'ipmi', ...a } };
  }
  const scheme = m[1] ?? '';
  const path = m[3] ?? '';
  if (scheme === 'ipmi') {
    if (!ROOT_PATHS.slice(0, 2).includes(path))
      return { ok: false, problem: `an ipmi:// address has no path (got "${path}")` };
    const a = authority(m[2] ?? '', 623);
    return typeof a === 'string'
      ? { ok: false, problem: a }
      : { ok: true, endpoint: { protocol: 'ipmi', ...a } };
  }
  const rf = REDFISH_SCHEMES[scheme];
  if (!rf) {
    return {
      ok: false,
      problem: `BMC driver "${scheme}" is not supported: use redfish[+http|+https]://, redfish-virtualmedia[+http|+https]:// or ipmi://`,
    };
  }
  const a = authority(m[2] ?? '', rf.scheme === 'https' ? 443 : 80);
  if (typeof a === 'string') return { ok: false, problem: a };
  let systemPath: string | undefined;
  if (!ROOT_PATHS.includes(path)) {
    const sys = SYSTEM_PATH.exec(path);
    if (!sys)
      return {
        ok: false,
        problem: `the path of a Redfish address must be /redfish/v1/Systems/<id> (got "${path}")`,
      };
    systemPath = `/redfish/v1/Systems/${sys[1] ?? ''}`;
  }
  return {
    ok: true,
    endpoint: {
      protocol: 'redfish',
      scheme: rf.scheme,
      ...a,
      ...(systemPath ? { systemPath } : {}),
      virtualMedia: rf.virtualMedia,
    },
  };
}
