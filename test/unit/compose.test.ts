/**
 * docker-compose.yml: structure checked by parsing it (fast, no Docker needed), validity checked by
 * the real `docker-compose config` (the schema, interpolation, depends_on conditions). Docker Compose
 * is a setup prerequisite, so its absence fails the test rather than skipping it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../../scripts/temporal/paths';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, string | number> | string[];
  ports?: string[];
  depends_on?: string[] | Record<string, unknown>;
}

const composeFile = path.join(repoRoot(), 'docker-compose.yml');
const compose = parse(readFileSync(composeFile, 'utf8')) as { services: Record<string, ComposeService> };

function service(name: string): ComposeService {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
}

/** Compose accepts both `KEY: value` maps and `KEY=value` lists. */
function env(name: string): Record<string, string> {
  const e = service(name).environment ?? {};
  if (Array.isArray(e))
    return Object.fromEntries(e.map((kv) => [kv.split('=')[0], kv.slice(kv.indexOf('=') + 1)]));
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, String(v)]));
}

/** `docker-compose` (Debian package, what setup installs) or the `docker compose` plugin. */
function composeCommand(): string[] | undefined {
  for (const cmd of [['docker-compose'], ['docker', 'compose']]) {
    const probe = spawnSync(cmd[0]!, [...cmd.slice(1), 'version'], { encoding: 'utf8' });
    if (probe.status === 0) return cmd;
  }
  return undefined;
}

describe('docker-compose.yml', () => {
  it('has the Temporal stack, the sim and the worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [
        'capstan-sim',
        'capstan-worker',
        'postgresql',
        'temporal',
        'temporal-admin-tools',
        'temporal-ui',
      ].sort(),
    );
    expect(service('postgresql').image).toMatch(/^postgres:\$\{POSTGRESQL_VERSION:-16\}$/);
    expect(service('temporal').image).toMatch(/^temporalio\/auto-setup:/);
    expect(service('temporal').ports).toContain('7233:7233');
    expect(env('temporal')).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
    expect(service('temporal-ui').image).toMatch(/^temporalio\/ui:/);
    expect(service('temporal-ui').ports).toContain('8080:8080');
    expect(env('temporal-ui')).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233' });
  });

  it('runs the sim with a persistent world and points the worker at it', () => {
    const sim = service('capstan-sim');
    expect(sim.build).toBe('.');
    expect(sim.command).toBe(
      'node bin/capstan sim serve --host 0.0.0.0 --port 7380 --state-file /data/sim.json',
    );
    const worker = service('capstan-worker');
    expect(worker.build).toBe('.');
    expect(env('capstan-worker')).toEqual({
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: 'default',
      CAPSTAN_SIM_URL: 'http://capstan-sim:7380',
      CAPSTAN_PROVIDERS: 'sim',
    });
    expect(worker.depends_on).toEqual(expect.arrayContaining(['temporal', 'capstan-sim']));
  });

  it('is valid for docker compose itself', () => {
    const cmd = composeCommand();
    if (!cmd) {
      throw new Error(
        'neither docker-compose nor `docker compose` is installed: run `npm run setup` (as root it installs Debian docker-compose)',
      );
    }
    const res = spawnSync(cmd[0]!, [...cmd.slice(1), '-f', composeFile, 'config', '-q'], {
      cwd: repoRoot(),
      encoding: 'utf8',
    });
    expect({ status: res.status, stderr: res.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
