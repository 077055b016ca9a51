/**
 * Credentials resolve inside the activity and never travel back: the password hides from JSON and
 * util.inspect, clients built around it show none, and lookups that fail say where they looked.
 */
import { ApplicationFailure } from '@temporalio/common';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import {
  BmcCredentials,
  bmcFor,
  directoryCredentialSource,
  envCredentialSource,
  resolveBmcCredentials,
} from '../../../../activities/providers/baremetal';
import { credentialsEnvName } from '../../../../activities/providers/baremetal/bmcCredentials';

const PASSWORD = 'unit-Secret-5519';
const ref = { namespace: 'lab', credentialsName: 'bm-0-bmc', host: 'lab/bm-0' };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-creds-unit-'));
  mkdirSync(join(dir, 'lab', 'bm-0-bmc'), { recursive: true });
  writeFileSync(join(dir, 'lab', 'bm-0-bmc', 'username'), 'admin\n');
  writeFileSync(join(dir, 'lab', 'bm-0-bmc', 'password'), `${PASSWORD}\n`);
  mkdirSync(join(dir, 'shared-bmc'));
  writeFileSync(join(dir, 'shared-bmc', 'username'), 'ops');
  writeFileSync(join(dir, 'shared-bmc', 'password'), 'ops-pw');
  mkdirSync(join(dir, 'half-bmc'));
  writeFileSync(join(dir, 'half-bmc', 'username'), 'ops');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function failure(p: Promise<unknown>): Promise<ApplicationFailure> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof ApplicationFailure)) throw new Error(`expected an ApplicationFailure, got ${String(e)}`);
  return e;
}

describe('BmcCredentials', () => {
  test('the password shows in no serialization, only through revealPassword()', () => {
    const c = new BmcCredentials('admin', PASSWORD);
    expect(c.revealPassword()).toBe(PASSWORD);
    expect(JSON.stringify({ c })).toBe('{"c":{"username":"admin","password":"[redacted]"}}');
    expect(inspect(c, { showHidden: true, depth: 5 })).not.toContain(PASSWORD);
    expect(String(c)).not.toContain(PASSWORD);
    expect(Object.values(c)).not.toContain(PASSWORD);
  });

  test('clients built by bmcFor show no password, logged or serialized (nothing is contacted)', async () => {
    const sources = [directoryCredentialSource(dir)];
    for (const address of ['redfish+http://127.0.0.1:1/redfish/v1/Systems/1', 'ipmi://127.0.0.1:1']) {
      const bmc = await bmcFor(
        {
          metadata: { name: 'bm-0', namespace: 'lab' },
          spec: { bmc: { address, credentialsName: 'bm-0-bmc' } },
        },
        { credentials: sources },
      );
      expect(inspect(bmc, { showHidden: true, depth: 10 })).not.toContain(PASSWORD);
      expect(JSON.stringify(bmc)).not.toContain(PASSWORD);
      expect(JSON.stringify(bmc)).not.toContain(Buffer.from(`admin:${PASSWORD}`).toString('base64'));
      expect(bmc.description).toBe(`lab/bm-0 (BMC ${address})`);
    }
  });
});

describe('credential sources', () => {
  test('directory: <dir>/<namespace>/<name> first, then <dir>/<name>; a trailing newline is dropped', async () => {
    const src = directoryCredentialSource(dir);
    const c = await src.find(ref);
    expect(c?.username).toBe('admin');
    expect(c?.revealPassword()).toBe(PASSWORD);
    const shared = await src.find({ ...ref, credentialsName: 'shared-bmc' });
    expect(shared?.username).toBe('ops');
    expect(await src.find({ ...ref, credentialsName: 'nothing-here' })).toBeUndefined();
  });

  test('directory: a username without a password is a terminal spec error', async () => {
    const f = await failure(directoryCredentialSource(dir).find({ ...ref, credentialsName: 'half-bmc' }));
    expect(f).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
    expect(f.message).toContain('must hold both a username and a password file');
  });

  test('environment: CAPSTAN_BMC_<NAME>_USERNAME/_PASSWORD', async () => {
    expect(credentialsEnvName('bm-0.rack1')).toBe('CAPSTAN_BMC_BM_0_RACK1');
    const src = envCredentialSource({
      CAPSTAN_BMC_BM_0_BMC_USERNAME: 'root',
      CAPSTAN_BMC_BM_0_BMC_PASSWORD: 'calvin',
    });
    expect((await src.find(ref))?.username).toBe('root');
    const half = await failure(envCredentialSource({ CAPSTAN_BMC_BM_0_BMC_USERNAME: 'root' }).find(ref));
    expect(half.message).toContain(
      'set both CAPSTAN_BMC_BM_0_BMC_USERNAME and CAPSTAN_BMC_BM_0_BMC_PASSWORD',
    );
  });

  test('resolve: first source that has them; none is terminal, naming where it looked', async () => {
    const env = envCredentialSource({
      CAPSTAN_BMC_BM_0_BMC_USERNAME: 'env',
      CAPSTAN_BMC_BM_0_BMC_PASSWORD: 'x',
    });
    expect((await resolveBmcCredentials([directoryCredentialSource(dir), env], ref)).username).toBe('admin');
    expect((await resolveBmcCredentials([env, directoryCredentialSource(dir)], ref)).username).toBe('env');
    const f = await failure(
      resolveBmcCredentials([directoryCredentialSource(dir)], { ...ref, credentialsName: 'gone' }),
    );
    expect(f).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
    expect(f.message).toBe(
      `BMC credentials "gone" of host lab/bm-0 were not found (looked in: ${dir}/[<namespace>/]<credentialsName>/{username,password})`,
    );
    expect((await failure(resolveBmcCredentials([], ref))).message).toContain(
      'no credential source is configured',
    );
  });

  test('bmcFor refuses a bad address before looking up credentials', async () => {
    const f = await failure(
      bmcFor(
        {
          metadata: { name: 'bm-9', namespace: 'lab' },
          spec: { bmc: { address: 'redfish://u:p@bmc/redfish/v1/Systems/1', credentialsName: 'x' } },
        },
        { credentials: [] },
      ),
    );
    expect(f).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
    expect(f.message).toMatch(
      /BareMetalHost lab\/bm-9 spec\.bmc\.address: credentials do not belong in the address/,
    );
  });
});
