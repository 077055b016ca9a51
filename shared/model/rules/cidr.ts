import { violation, type RuleViolation } from './violation';

// IPv4 and (loosely) IPv6 CIDR blocks, as the Cluster webhook accepts in clusterNetwork.
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]+$/;

export function checkCidr(value: string): RuleViolation | undefined {
  const [ip, bits, ...rest] = value.split('/');
  const prefix = Number(bits);
  const ok =
    rest.length === 0 &&
    ip !== undefined &&
    bits !== undefined &&
    /^\d+$/.test(bits) &&
    ((IPV4.test(ip) && prefix <= 32) || (ip.includes(':') && IPV6.test(ip) && prefix <= 128));
  return ok ? undefined : violation('cidr', `"${value}" must be a CIDR block such as 192.168.0.0/16`);
}
