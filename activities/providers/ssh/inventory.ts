/**
 * The inventory of existing hosts a worker may claim (BYOH's ByoHosts, declared to the worker
 * instead of registering themselves). Pure: parsing, validation and template matching.
 *
 * ```yaml
 * hosts:
 *   - name: rack1-node-01
 *     address: 10.0.0.11
 *     hostKey: SHA256:3bq3...        # from enrolment (`ssh-keygen -lf` on the host prints the same)
 *     credentialsName: rack1-root     # <credentials dir>/rack1-root/ssh-privatekey or CAPSTAN_SSH_RACK1_ROOT_PRIVATE_KEY
 *     labels: { role: worker }
 * ```
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { isRecord } from '../../bootstrap/cloudConfig';
import { parseHostKeyPin } from './hostKey';
import type { SshHost } from './sshHost';

const hostSchema = z
  .object({
    name: z.string().min(1),
    address: z.string().min(1),
    port: z.number().int().min(1).max(65535).optional(),
    user: z.string().min(1).optional(),
    hostKey: z.string().min(1),
    credentialsName: z.string().min(1),
    namespace: z.string().min(1).optional(),
    labels: z.record(z.string()).optional(),
  })
  .strict();

const inventorySchema = z.object({ hosts: z.array(hostSchema) }).strict();

export type InventoryParse = { ok: true; hosts: SshHost[] } | { ok: false; problems: string[] };

/** Reads an inventory document (YAML or JSON); every host must carry a usable pin. */
export function parseSshInventory(text: string): InventoryParse {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    return { ok: false, problems: [`not YAML: ${(err as Error).message.split('\n')[0]}`] };
  }
  const parsed = inventorySchema.safeParse(doc);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`),
    };
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  parsed.data.hosts.forEach((h, i) => {
    if (seen.has(h.name)) problems.push(`hosts.${i}.name: "${h.name}" appears twice`);
    seen.add(h.name);
    const pin = parseHostKeyPin(h.hostKey);
    if (!pin.ok) problems.push(`hosts.${i}.hostKey (${h.name}): ${pin.problem}`);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, hosts: parsed.data.hosts };
}

/**
 * The machine template's host selector: `selector.matchLabels` of the template spec (BYOH's
 * ByoMachine `spec.selector`). No selector matches every host.
 */
export function templateSelector(spec: Record<string, unknown>): Record<string, string> {
  const sel = spec['selector'];
  if (!isRecord(sel) || !isRecord(sel['matchLabels'])) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(sel['matchLabels'])) if (typeof v === 'string') out[k] = v;
  return out;
}

export function hostsMatching(hosts: readonly SshHost[], selector: Record<string, string>): SshHost[] {
  return hosts.filter((h) => Object.entries(selector).every(([k, v]) => h.labels?.[k] === v));
}

export function describeSelector(selector: Record<string, string>): string {
  const parts = Object.entries(selector).map(([k, v]) => `${k}=${v}`);
  return parts.length > 0 ? parts.join(',') : '(any host)';
}
