/**
 * Where the locally installed tools live. scripts/setup/setup.sh installs them outside the clone
 * and links `<repo>/.tools` to that folder; environment variables let CI or a developer point at
 * other binaries without touching the link.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** The clone's root: this file sits at scripts/temporal/. */
export function repoRoot(): string {
  return path.resolve(__dirname, '..', '..');
}

/** CAPSTAN_TOOLS_DIR, else `<repo>/.tools` with the symlink resolved (left as is when absent). */
export function toolsDir(): string {
  const fromEnv = process.env.CAPSTAN_TOOLS_DIR;
  const dir = fromEnv ? path.resolve(fromEnv) : path.join(repoRoot(), '.tools');
  return existsSync(dir) ? realpathSync(dir) : dir;
}

function requireBinary(what: string, file: string): string {
  if (!existsSync(file)) {
    throw new Error(`${what} not found at ${file}: run \`npm run setup\``);
  }
  return file;
}

/** The `temporal` CLI (dev server, operator commands). CAPSTAN_TEMPORAL_CLI overrides. */
export function temporalCliPath(): string {
  const file = process.env.CAPSTAN_TEMPORAL_CLI || path.join(toolsDir(), 'bin', 'temporal');
  return requireBinary('Temporal CLI', path.resolve(file));
}

/** The native time-skipping test server. CAPSTAN_TEMPORAL_TEST_SERVER overrides. */
export function temporalTestServerPath(): string {
  const file =
    process.env.CAPSTAN_TEMPORAL_TEST_SERVER || path.join(toolsDir(), 'bin', 'temporal-test-server');
  return requireBinary('Temporal test server', path.resolve(file));
}
