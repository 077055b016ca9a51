/**
 * Shared by the sim (which commands would this machine run) and the Docker/SSH providers (which
 * commands to run for real, as CAPD does). Reads cloud-init user data the way cloud-init would,
 * leniently: the `#cloud-config` header, the command lists (`bootcmd`, `runcmd`, and a plain
 * `commands` list), and `write_files` with their encodings, permissions, owner and append flag.
 *
 * Two views of the same data: `commands` + `files` (what the sim needs: "which commands would
 * this machine run, and which files would they see"), and `steps`, everything in cloud-init's
 * execution order (bootcmd, then write_files, then runcmd), which is what CAPD's cloudinit →
 * commands conversion executes inside a node container.
 */
import { gunzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';

/** One write_files entry, content decoded; cloud-init's defaults applied (0644, root:root). */
export interface CloudConfigFile {
  path: string;
  content: Buffer;
  /** octal text as cloud-init reads it, e.g. `0640` */
  permissions: string;
  /** `user:group` */
  owner: string;
  append: boolean;
}

export type CloudConfigStep =
  | {
      kind: 'command';
      /** a string entry runs through `/bin/sh -c`; an argv entry runs as-is (cloud-init's rules) */
      text: string;
      argv?: string[];
      /** the cloud-config key it came from */
      source: 'bootcmd' | 'runcmd' | 'commands';
    }
  | { kind: 'file'; file: CloudConfigFile };

export interface CloudConfig {
  /** every command in execution order; an argv-style entry is joined with spaces */
  commands: string[];
  /** write_files by path, content decoded */
  files: Map<string, string>;
  /** files and commands in cloud-init's execution order: bootcmd, write_files, runcmd, commands */
  steps: CloudConfigStep[];
  /** top-level keys this reader does not act on (users, packages, ntp, ...), for a warning */
  ignoredKeys: string[];
}

export type CloudConfigResult = { ok: true; config: CloudConfig } | { ok: false; problem: string };

const COMMAND_KEYS = ['bootcmd', 'runcmd', 'commands'] as const;
const HANDLED_KEYS = new Set<string>([...COMMAND_KEYS, 'write_files']);
const DEFAULT_PERMISSIONS = '0644';
const DEFAULT_OWNER = 'root:root';

export function parseCloudConfig(userData: string): CloudConfigResult {
  const text = userData.replace(/^\uFEFF/, '').replace(/^\s+/, '');
  const firstLine = text.split('\n', 1)[0]?.trim() ?? '';
  if (!firstLine.startsWith('#cloud-config')) {
    return { ok: false, problem: 'bootstrap data is not a #cloud-config document (cloud-init ignores it)' };
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    return {
      ok: false,
      problem: `#cloud-config is not valid YAML: ${(err as Error).message.split('\n')[0]}`,
    };
  }
  if (doc === null || doc === undefined) doc = {};
  if (!isRecord(doc)) return { ok: false, problem: '#cloud-config must be a YAML mapping' };

  const files = new Map<string, string>();
  const fileSteps: CloudConfigStep[] = [];
  const writeFiles = doc['write_files'];
  if (Array.isArray(writeFiles)) {
    for (const entry of writeFiles) {
      if (!isRecord(entry) || typeof entry['path'] !== 'string') continue;
      const decoded = decodeContent(entry['content'], entry['encoding']);
      if (decoded === undefined) {
        return { ok: false, problem: `write_files ${entry['path']}: content cannot be decoded` };
      }
      const permissions = readPermissions(entry['permissions']);
      if (permissions === undefined) {
        return {
          ok: false,
          problem: `write_files ${entry['path']}: permissions ${JSON.stringify(entry['permissions'])} is not an octal mode`,
        };
      }
      const owner =
        typeof entry['owner'] === 'string' && entry['owner'].trim() !== ''
          ? entry['owner'].trim()
          : DEFAULT_OWNER;
      files.set(entry['path'], decoded.toString('utf8'));
      fileSteps.push({
        kind: 'file',
        file: { path: entry['path'], content: decoded, permissions, owner, append: entry['append'] === true },
      });
    }
  }

  const commands: string[] = [];
  const commandSteps: Record<(typeof COMMAND_KEYS)[number], CloudConfigStep[]> = {
    bootcmd: [],
    runcmd: [],
    commands: [],
  };
  for (const key of COMMAND_KEYS) {
    const list = doc[key];
    const entries = typeof list === 'string' ? [list] : Array.isArray(list) ? list : [];
    for (const entry of entries) {
      const step = commandStep(entry, key);
      if (!step) continue;
      commands.push(step.text);
      commandSteps[key].push(step);
    }
  }
  return {
    ok: true,
    config: {
      commands,
      files,
      steps: [...commandSteps.bootcmd, ...fileSteps, ...commandSteps.runcmd, ...commandSteps.commands],
      ignoredKeys: Object.keys(doc).filter((k) => !HANDLED_KEYS.has(k)),
    },
  };
}

function commandStep(
  entry: unknown,
  source: (typeof COMMAND_KEYS)[number],
): (CloudConfigStep & { kind: 'command' }) | undefined {
  if (typeof entry === 'string') return { kind: 'command', text: entry, source };
  if (Array.isArray(entry)) {
    const argv = entry.map((a) => String(a));
    return { kind: 'command', text: argv.join(' '), argv, source };
  }
  return undefined;
}

/** cloud-init accepts `0640`, `'0640'`, `640` and the YAML integer 416 (= 0o640). */
function readPermissions(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return DEFAULT_PERMISSIONS;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0o7777) {
    return `0${value.toString(8)}`;
  }
  if (typeof value === 'string' && /^0?o?[0-7]{1,4}$/.test(value.trim())) {
    const digits = value.trim().replace(/^0?o?/, '');
    return `0${digits.padStart(3, '0')}`;
  }
  return undefined;
}

/** cloud-init's write_files encodings: text (default), b64/base64, gz/gzip, and gz+b64 combinations. */
function decodeContent(content: unknown, encoding: unknown): Buffer | undefined {
  if (content === undefined || content === null) return Buffer.alloc(0);
  if (typeof content !== 'string') return Buffer.from(String(content), 'utf8');
  const enc = typeof encoding === 'string' ? encoding.toLowerCase() : 'text/plain';
  try {
    const base64 = ['b64', 'base64', 'gz+b64', 'gz+base64', 'gzip+b64', 'gzip+base64'].includes(enc);
    const gzip = enc.startsWith('gz');
    if (!base64 && !gzip) return Buffer.from(content, 'utf8');
    let bytes = base64 ? Buffer.from(content, 'base64') : Buffer.from(content, 'binary');
    if (gzip) bytes = gunzipSync(bytes);
    return bytes;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
