import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, temporalCliPath, temporalTestServerPath, toolsDir } from '../../../scripts/temporal/paths';

const ENV_KEYS = ['CAPSTAN_TOOLS_DIR', 'CAPSTAN_TEMPORAL_CLI', 'CAPSTAN_TEMPORAL_TEST_SERVER'] as const;

describe('scripts/temporal/paths', () => {
  const saved: Partial<Record<string, string>> = {};
  let tmp: string;

  beforeEach(() => {
    for (const k of ENV_KEYS) {
      saved[k] = process.env[k];
      delete process.env[k];
    }
    tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'capstan-paths-')));
  });

  afterEach(() => {
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    rmSync(tmp, { recursive: true, force: true });
  });

  function fakeBinary(file: string): string {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o755);
    return file;
  }

  it('finds the repo root by its package.json', () => {
    expect(existsSync(path.join(repoRoot(), 'package.json'))).toBe(true);
    expect(existsSync(path.join(repoRoot(), 'scripts', 'temporal', 'paths.ts'))).toBe(true);
  });

  it('defaults the tools dir to <repo>/.tools', () => {
    const link = path.join(repoRoot(), '.tools');
    const expected = existsSync(link) ? realpathSync(link) : link;
    expect(toolsDir()).toBe(expected);
  });

  it('takes the tools dir from CAPSTAN_TOOLS_DIR, resolving symlinks', () => {
    const real = path.join(tmp, 'real');
    mkdirSync(real);
    symlinkSync(real, path.join(tmp, 'link'));
    process.env.CAPSTAN_TOOLS_DIR = path.join(tmp, 'link');
    expect(toolsDir()).toBe(real);
  });

  it('finds both binaries under <tools>/bin', () => {
    process.env.CAPSTAN_TOOLS_DIR = tmp;
    const cli = fakeBinary(path.join(tmp, 'bin', 'temporal'));
    const testServer = fakeBinary(path.join(tmp, 'bin', 'temporal-test-server'));
    expect(temporalCliPath()).toBe(cli);
    expect(temporalTestServerPath()).toBe(testServer);
  });

  it('lets CAPSTAN_TEMPORAL_CLI and CAPSTAN_TEMPORAL_TEST_SERVER override the tools dir', () => {
    process.env.CAPSTAN_TOOLS_DIR = path.join(tmp, 'empty');
    process.env.CAPSTAN_TEMPORAL_CLI = fakeBinary(path.join(tmp, 'elsewhere', 'temporal'));
    process.env.CAPSTAN_TEMPORAL_TEST_SERVER = fakeBinary(path.join(tmp, 'elsewhere', 'tts'));
    expect(temporalCliPath()).toBe(path.join(tmp, 'elsewhere', 'temporal'));
    expect(temporalTestServerPath()).toBe(path.join(tmp, 'elsewhere', 'tts'));
  });

  it('tells the user to run setup when a binary is missing', () => {
    process.env.CAPSTAN_TOOLS_DIR = tmp;
    const missing = path.join(tmp, 'bin', 'temporal');
    expect(() => temporalCliPath()).toThrow(`Temporal CLI not found at ${missing}: run \`npm run setup\``);
    process.env.CAPSTAN_TEMPORAL_CLI = path.join(tmp, 'nope');
    expect(() => temporalCliPath()).toThrow(/not found at .*nope: run `npm run setup`/);
    expect(() => temporalTestServerPath()).toThrow(/Temporal test server not found/);
  });
});
