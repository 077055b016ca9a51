/**
 * The bare-metal provider's inventory: BareMetalHost objects (Metal3's kind, validated with the
 * manifest schema of shared/model) and how a machine template selects among them. Pure.
 *
 * Why the worker holds the inventory: the compiler adds the hosts a cluster may claim to
 * `DesiredCluster.resources` (shared/model/compile/bareMetalHosts.ts), but the provider only
 * receives the BareMetalMachineTemplate's `spec.template.spec` (MachineInfraRequest.infrastructure)
 * and, for describe/delete, the machine's name. So the worker reads the same BareMetalHost
 * manifests from a file (CAPSTAN_BAREMETAL_HOSTS), as Metal3's controllers read them from the
 * management cluster; other kinds in that file are ignored, so the cluster's own manifest works.
 *
 * What SSH needs and Metal3's kind has no field for comes from annotations:
 * - `baremetal.capstan.io/ssh-credentials-name`: the private key, by reference (else the worker's
 *   default, CAPSTAN_BAREMETAL_SSH_CREDENTIALS);
 * - `baremetal.capstan.io/ssh-host-key`: the pinned host key of the image, when it is known in
 *   advance (else pinned at the first contact after the claim, see the provider);
 * - `baremetal.capstan.io/ssh-user`: default `root`.
 */
import { parseManifests } from '../../../shared/model/parse/parseManifests';
import type { BareMetalHostObject } from '../../../shared/model/kinds/bareMetalHost';
import { matchesSelector, type LabelSelector } from '../../../shared/model/rules/labelSelector';
import { formatIssue } from '../../../shared/errors';
import type { SshHost } from '../ssh/sshHost';

export const SSH_CREDENTIALS_ANNOTATION = 'baremetal.capstan.io/ssh-credentials-name';
export const SSH_HOST_KEY_ANNOTATION = 'baremetal.capstan.io/ssh-host-key';
export const SSH_USER_ANNOTATION = 'baremetal.capstan.io/ssh-user';

export type HostInventoryParse =
  | { ok: true; hosts: BareMetalHostObject[] }
  | { ok: false; problems: string[] };

/** Every valid BareMetalHost of a multi-document manifest; any invalid one fails the whole file. */
export function parseBareMetalHosts(text: string, source: string): HostInventoryParse {
  const { docs, issues } = parseManifests(text, source);
  const hostDocs = docs.filter((d) => d.kind === 'BareMetalHost');
  // Other kinds may sit in the file (the cluster's own manifest): only the hosts must be valid.
  const problems = issues
    .filter((i) => i.resource.startsWith('BareMetalHost') || hostDocs.length === 0)
    .map(formatIssue);
  const hosts: BareMetalHostObject[] = [];
  const seen = new Set<string>();
  for (const d of hostDocs) {
    if (!d.object) continue;
    const h = d.object as BareMetalHostObject;
    const key = `${h.metadata.namespace}/${h.metadata.name}`;
    if (seen.has(key)) problems.push(`${d.document}: BareMetalHost ${key} appears twice`);
    seen.add(key);
    hosts.push(h);
  }
  if (problems.length === 0 && hosts.length === 0) problems.push(`${source}: no BareMetalHost in it`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, hosts };
}

/** The template's `hostSelector` (Metal3MachineSpec); none selects every host of the namespace. */
export function hostSelectorOf(spec: Record<string, unknown>): LabelSelector {
  const s = spec['hostSelector'];
  return typeof s === 'object' && s !== null && !Array.isArray(s) ? (s as LabelSelector) : {};
}

export function describeHostSelector(s: LabelSelector): string {
  const parts = [
    ...Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(s.matchExpressions ?? []).map(
      (e) => `${e.key} ${e.operator}${e.values && e.values.length > 0 ? ` (${e.values.join(',')})` : ''}`,
    ),
  ];
  return parts.length > 0 ? parts.join(',') : '(any host)';
}

export function hostsSelected(
  hosts: readonly BareMetalHostObject[],
  namespace: string,
  selector: LabelSelector,
): BareMetalHostObject[] {
  return hosts
    .filter((h) => h.metadata.namespace === namespace && matchesSelector(selector, h.metadata.labels))
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

/** Why a selected host cannot be claimed now, or undefined when it can. */
export function unclaimableReason(
  h: BareMetalHostObject,
  owner: { namespace: string; machine: string },
): { terminal: boolean; why: string } | undefined {
  if (!h.spec.sshAddress)
    return { terminal: true, why: 'has no spec.sshAddress (the provider bootstraps it over SSH)' };
  if (h.spec.online === false)
    return { terminal: false, why: 'is spec.online: false (held powered off by its operator)' };
  const c = h.spec.consumerRef;
  if (c && !(c.name === owner.machine && (c.namespace ?? owner.namespace) === owner.namespace))
    return { terminal: false, why: `is consumed by ${c.kind ?? 'object'} ${c.namespace ?? owner.namespace}/${c.name} (spec.consumerRef)` };
  return undefined;
}

/** `host`, `host:port` or `[v6]:port` (spec.sshAddress). */
export function splitHostPort(value: string): { address: string; port?: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (v6) return { address: v6[1]!, ...(v6[2] ? { port: Number(v6[2]) } : {}) };
  const i = value.lastIndexOf(':');
  if (i > 0 && /^\d+$/.test(value.slice(i + 1))) return { address: value.slice(0, i), port: Number(value.slice(i + 1)) };
  return { address: value };
}

/**
 * The SshHost the provider talks to once the host's OS runs. `hostKey` is the annotation's pin,
 * else the one recorded at first contact (undefined before it).
 */
export function sshTargetOf(
  h: BareMetalHostObject,
  defaults: { credentialsName?: string; recordedHostKey?: string },
): SshHost | { problem: string } {
  const name = `${h.metadata.namespace}/${h.metadata.name}`;
  if (!h.spec.sshAddress) return { problem: `BareMetalHost ${name} has no spec.sshAddress` };
  const a = h.metadata.annotations;
  const credentialsName = a[SSH_CREDENTIALS_ANNOTATION] ?? defaults.credentialsName;
  if (!credentialsName) {
    return {
      problem: `BareMetalHost ${name} names no SSH credentials: set the annotation ${SSH_CREDENTIALS_ANNOTATION} or the worker's CAPSTAN_BAREMETAL_SSH_CREDENTIALS`,
    };
  }
  const hostKey = a[SSH_HOST_KEY_ANNOTATION] ?? defaults.recordedHostKey;
  const user = a[SSH_USER_ANNOTATION];
  const { address, port } = splitHostPort(h.spec.sshAddress);
  return {
    name,
    address,
    ...(port !== undefined ? { port } : {}),
    ...(user ? { user } : {}),
    ...(hostKey ? { hostKey } : {}),
    credentialsName,
    namespace: h.metadata.namespace,
    labels: h.metadata.labels,
  };
}
