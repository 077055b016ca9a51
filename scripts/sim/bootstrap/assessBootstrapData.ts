/**
 * Decides what a simulated machine's kubelet would do with its bootstrap data: run `kubeadm init`
 * (the control-plane initializer), run `kubeadm join` (everyone else), or nothing useful. A node
 * registers in the workload cluster only for a valid init or join, which is how the sim catches
 * a wrong or missing bootstrap: the machine runs, but its node never appears (as in a real cloud).
 *
 * Checks made, as kubeadm would fail them:
 *  - the data is a `#cloud-config` whose commands run exactly one of `kubeadm init` / `kubeadm join`
 *    (directly, or through a script placed by write_files);
 *  - a worker never runs `kubeadm init` (it would start a cluster of its own);
 *  - a `--config` file exists in write_files;
 *  - a join targets this cluster's control-plane endpoint, when the data names one.
 */
import { createHash } from 'node:crypto';
import { parseAllDocuments } from 'yaml';
import type { SimBootstrapAssessment } from '../../../activities/providers/sim/simApi';
import type { MachineRole } from '../../../activities/providers/types';
import { isRecord, parseCloudConfig, type CloudConfig } from '../../../activities/bootstrap/cloudConfig';
import { BOOTSTRAP_TOKEN, tokenSha256 } from '../world/bootstrapTokens';

export interface BootstrapContext {
  role: MachineRole;
  clusterEndpoint: { host: string; port: number };
}

interface KubeadmInvocation {
  verb: 'init' | 'join';
  args: string[];
}

const SCRIPT_RUNNERS = new Set(['sh', 'bash', '/bin/sh', '/bin/bash', 'source', '.']);
const MAX_SCRIPT_DEPTH = 3;

export function assessBootstrapData(data: string, ctx: BootstrapContext): SimBootstrapAssessment {
  const sha256 = createHash('sha256').update(data).digest('hex');
  const invalid = (problem: string): SimBootstrapAssessment => ({ kind: 'invalid', problem, sha256 });

  const parsed = parseCloudConfig(data);
  if (!parsed.ok) return invalid(parsed.problem);
  const invocations = findKubeadmInvocations(expandScripts(parsed.config.commands, parsed.config.files, 0));
  const verbs = new Set(invocations.map((i) => i.verb));
  if (verbs.size === 0) return invalid('no `kubeadm init` or `kubeadm join` among the cloud-config commands');
  if (verbs.size > 1) return invalid('the cloud-config runs both `kubeadm init` and `kubeadm join`');

  const invocation = invocations[0]!;
  if (invocation.verb === 'init' && ctx.role === 'worker') {
    return invalid('a worker runs `kubeadm init`: it would start a cluster of its own instead of joining');
  }
  const configProblem = checkConfigFile(invocation, parsed.config);
  if (configProblem) return invalid(configProblem);
  if (invocation.verb === 'join') {
    const target = joinEndpoint(invocation, parsed.config);
    const expected = `${ctx.clusterEndpoint.host}:${ctx.clusterEndpoint.port}`;
    if (target !== undefined && normalizeEndpoint(target) !== normalizeEndpoint(expected)) {
      return invalid(`\`kubeadm join\` targets ${target}, but this cluster's endpoint is ${expected}`);
    }
    const token = joinToken(invocation, parsed.config);
    const m = token === undefined ? null : BOOTSTRAP_TOKEN.exec(token);
    if (m) return { kind: 'join', sha256, tokenId: m[1]!, tokenSha256: tokenSha256(token!) };
  }
  return { kind: invocation.verb, sha256 };
}

/** Inlines the lines of scripts that write_files placed and a command executes. */
function expandScripts(
  commands: readonly string[],
  files: ReadonlyMap<string, string>,
  depth: number,
): string[] {
  const out: string[] = [];
  for (const command of commands) {
    out.push(command);
    if (depth >= MAX_SCRIPT_DEPTH) continue;
    const words = command.trim().split(/\s+/);
    const script = SCRIPT_RUNNERS.has(words[0] ?? '') ? words[1] : words[0];
    const content = script === undefined ? undefined : files.get(script);
    if (content === undefined) continue;
    const lines = content.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    out.push(...expandScripts(lines, files, depth + 1));
  }
  return out;
}

function findKubeadmInvocations(commands: readonly string[]): KubeadmInvocation[] {
  const found: KubeadmInvocation[] = [];
  const pattern = /(?:^|[\s;&|(])kubeadm\s+(init|join)\b([^;&|\n)]*)/g;
  for (const command of commands) {
    for (const match of command.matchAll(pattern)) {
      const args = (match[2] ?? '')
        .trim()
        .split(/\s+/)
        .filter((a) => a.length > 0);
      // `kubeadm init phase ...` runs one step of an init that happens elsewhere, not an init.
      if (args[0] === 'phase') continue;
      found.push({ verb: match[1] as 'init' | 'join', args });
    }
  }
  return found;
}

function configPath(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--config') return args[i + 1];
    if (arg.startsWith('--config=')) return arg.slice('--config='.length);
  }
  return undefined;
}

function checkConfigFile(invocation: KubeadmInvocation, config: CloudConfig): string | undefined {
  const path = configPath(invocation.args);
  if (path === undefined) return undefined;
  const content = config.files.get(path);
  if (content === undefined)
    return `\`kubeadm ${invocation.verb} --config ${path}\`: that file is not among write_files`;
  if (readYamlDocuments(content) === undefined) return `kubeadm config ${path} is not valid YAML`;
  return undefined;
}

function readYamlDocuments(content: string): unknown[] | undefined {
  const docs = parseAllDocuments(content);
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return undefined;
  return docs.map((d) => d.toJS() as unknown);
}

/** The token a join presents: `--token`, or the JoinConfiguration's discovery.bootstrapToken.token. */
function joinToken(invocation: KubeadmInvocation, config: CloudConfig): string | undefined {
  const i = invocation.args.findIndex((a) => a === '--token' || a.startsWith('--token='));
  if (i >= 0) return invocation.args[i]!.includes('=') ? invocation.args[i]!.split('=')[1] : invocation.args[i + 1];
  const path = configPath(invocation.args);
  const content = path === undefined ? undefined : config.files.get(path);
  for (const value of (content === undefined ? undefined : readYamlDocuments(content)) ?? []) {
    if (!isRecord(value) || value['kind'] !== 'JoinConfiguration') continue;
    const discovery = value['discovery'];
    const bt = isRecord(discovery) ? discovery['bootstrapToken'] : undefined;
    if (isRecord(bt) && typeof bt['token'] === 'string') return bt['token'];
  }
  return undefined;
}

/** The endpoint a join dials: the positional argument, or the JoinConfiguration's discovery. */
function joinEndpoint(invocation: KubeadmInvocation, config: CloudConfig): string | undefined {
  const first = invocation.args[0];
  if (first !== undefined && !first.startsWith('-') && /^[A-Za-z0-9.\-[\]:]+$/.test(first)) return first;
  const path = configPath(invocation.args);
  const content = path === undefined ? undefined : config.files.get(path);
  if (content === undefined) return undefined;
  for (const value of readYamlDocuments(content) ?? []) {
    if (!isRecord(value) || value['kind'] !== 'JoinConfiguration') continue;
    const discovery = value['discovery'];
    const token = isRecord(discovery) ? discovery['bootstrapToken'] : undefined;
    const endpoint = isRecord(token) ? token['apiServerEndpoint'] : undefined;
    if (typeof endpoint === 'string') return endpoint;
  }
  return undefined;
}

function normalizeEndpoint(endpoint: string): string {
  const trimmed = endpoint
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '');
  return /:\d+$/.test(trimmed) ? trimmed : `${trimmed}:6443`;
}
