/**
 * Shared by the sim (which commands would this machine run) and the Docker/SSH providers (which
 * commands to run for real, as CAPD does). Reads cloud-init user data the way cloud-init would, leniently: the `#cloud-config` header, the
 * command lists (`bootcmd`, `runcmd`, and a plain `commands` list), and `write_files` with their
 * encodings. The sim needs no more than "which commands would this machine run, and which files
 * would they see".
 */
import { gunzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';

export interface CloudConfig {
  /** every command in execution order; an argv-style entry is joined with spaces */
  commands: string[];
  /** write_files by path, content decoded */
  files: Map<string, string>;
}

export type CloudConfigResult = { ok: true; config: CloudConfig } | { ok: false; problem: string };

const COMMAND_KEYS = ['bootcmd', 'runcmd', 'commands'] as const;

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
  const writeFiles = doc['write_files'];
  if (Array.isArray(writeFiles)) {
    for (const entry of writeFiles) {
      if (!isRecord(entry) || typeof entry['path'] !== 'string') continue;
      const decoded = decodeContent(entry['content'], entry['encoding']);
      if (decoded === undefined) {
        return { ok: false, problem: `write_files ${entry['path']}: content cannot be decoded` };
      }
      files.set(entry['path'], decoded);
    }
  }

  const commands: string[] = [];
  for (const key of COMMAND_KEYS) {
    const list = doc[key];
    if (typeof list === 'string') commands.push(list);
    else if (Array.isArray(list))
      commands.push(...list.map(commandText).filter((c): c is string => c !== undefined));
  }
  return { ok: true, config: { commands, files } };
}

function commandText(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (Array.isArray(entry)) return entry.map((a) => String(a)).join(' ');
  return undefined;
}

/** cloud-init's write_files encodings: text (default), b64/base64, gz/gzip, and gz+b64 combinations. */
function decodeContent(content: unknown, encoding: unknown): string | undefined {
  if (content === undefined || content === null) return '';
  if (typeof content !== 'string') return String(content);
  const enc = typeof encoding === 'string' ? encoding.toLowerCase() : 'text/plain';
  try {
    const base64 = ['b64', 'base64', 'gz+b64', 'gz+base64', 'gzip+b64', 'gzip+base64'].includes(enc);
    const gzip = enc.startsWith('gz');
    if (!base64 && !gzip) return content;
    let bytes = base64 ? Buffer.from(content, 'base64') : Buffer.from(content, 'binary');
    if (gzip) bytes = gunzipSync(bytes);
    return bytes.toString('utf8');
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
