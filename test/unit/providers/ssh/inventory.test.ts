import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ed25519KeyPair } from '../../../support/ed25519KeyPair';
import {
  SshCredentials,
  directorySshCredentialSource,
  envSshCredentialSource,
  hostsMatching,
  parseSshInventory,
  resolveSshCredentials,
  statusOf,
  templateSelector,
  type SshHost,
} from '../../../../activities/providers/ssh';
import { fingerprintOf } from '../../../../activities/providers/ssh/hostKey';

const pin = fingerprintOf(Buffer.from(ed25519KeyPair().public.split(' ')[1]!, 'base64'));

describe('parseSshInventory', () => {
  test('valid YAML', () => {
    const r = parseSshInventory(
      `hosts:\n  - name: n1\n    address: 10.0.0.11\n    hostKey: ${pin}\n    credentialsName: k\n    labels: { pool: workers }\n`,
    );
    expect(r).toEqual({
      ok: true,
      hosts: [
        { name: 'n1', address: '10.0.0.11', hostKey: pin, credentialsName: 'k', labels: { pool: 'workers' } },
      ],
    });
  });

  test('every problem, by path: a missing pin, a bad pin, a duplicate, an unknown field', () => {
    const r = parseSshInventory(
      JSON.stringify({
        hosts: [
          { name: 'a', address: 'x', hostKey: 'SHA256:bad', credentialsName: 'k' },
          { name: 'a', address: 'y', hostKey: pin, credentialsName: 'k' },
        ],
      }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([
        'hosts.0.hostKey (a): a SHA256 fingerprint is "SHA256:" followed by 43 base64 characters, as ssh-keygen -l prints it',
        'hosts.1.name: "a" appears twice',
      ]);
    const missing = parseSshInventory(
      'hosts:\n  - name: a\n    address: x\n    credentialsName: k\n    pasword: x\n',
    );
    expect(missing.ok).toBe(false);
    if (!missing.ok)
      expect(missing.problems.join('\n')).toMatch(/hosts\.0\.hostKey: Required[\s\S]*Unrecognized key/);
  });
});

describe('template matching', () => {
  const hosts: SshHost[] = [
    { name: 'a', address: '1', credentialsName: 'k', labels: { pool: 'w' } },
    { name: 'b', address: '2', credentialsName: 'k', labels: { pool: 'cp' } },
  ];
  test('matchLabels; none matches everything', () => {
    expect(
      hostsMatching(hosts, templateSelector({ selector: { matchLabels: { pool: 'cp' } } })).map(
        (h) => h.name,
      ),
    ).toEqual(['b']);
    expect(hostsMatching(hosts, templateSelector({})).map((h) => h.name)).toEqual(['a', 'b']);
  });

  test('machine status from the host bootstrap state', () => {
    const h = hosts[0]!;
    expect(statusOf(h, { state: 'complete' })).toEqual({
      state: 'running',
      providerID: 'ssh://1',
      addresses: ['1'],
    });
    expect(statusOf(h, { state: 'running' }).state).toBe('provisioning');
    expect(statusOf(h, { state: 'none' })).toEqual({ state: 'gone', addresses: [] });
    expect(statusOf(h, { state: 'interrupted' }).state).toBe('failed');
    const failed = statusOf(h, {
      state: 'failed',
      step: '2/3',
      exitCode: 1,
      command: 'kubeadm join',
      outputTail: 'E',
    });
    expect(failed.failureReason).toContain('failed at step 2/3, "kubeadm join", exit status 1');
  });
});

describe('SSH credentials', () => {
  const key = ed25519KeyPair().private;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'capstan-ssh-unit-'));
    mkdirSync(join(dir, 'lab', 'k1'), { recursive: true });
    writeFileSync(join(dir, 'lab', 'k1', 'ssh-privatekey'), key);
    writeFileSync(join(dir, 'keyfile'), key);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('never shows the key: JSON, inspect, String', async () => {
    const c = await resolveSshCredentials([directorySshCredentialSource(dir)], {
      namespace: 'lab',
      credentialsName: 'k1',
      host: 'h',
    });
    expect(c.reveal().privateKey).toBe(key);
    for (const text of [JSON.stringify(c), inspect(c), String(c), JSON.stringify({ nested: c })]) {
      expect(text).not.toContain(key.split('\n')[1]!);
    }
  });

  test('environment: inline key or file; both is an error; missing is terminal naming where it looked', async () => {
    const inline = await envSshCredentialSource({ CAPSTAN_SSH_LAB_KEY_PRIVATE_KEY: key }).find({
      credentialsName: 'lab-key',
      host: 'h',
    });
    expect(inline).toBeInstanceOf(SshCredentials);
    const file = await envSshCredentialSource({
      CAPSTAN_SSH_LAB_KEY_PRIVATE_KEY_FILE: join(dir, 'keyfile'),
    }).find({ credentialsName: 'lab-key', host: 'h' });
    expect(file?.reveal().privateKey).toBe(key);
    await expect(
      envSshCredentialSource({ CAPSTAN_SSH_K_PRIVATE_KEY: key, CAPSTAN_SSH_K_PRIVATE_KEY_FILE: 'x' }).find({
        credentialsName: 'k',
        host: 'h',
      }),
    ).rejects.toThrow(/not both/);
    await expect(
      resolveSshCredentials([directorySshCredentialSource(dir), envSshCredentialSource({})], {
        credentialsName: 'nope',
        host: 'lab/h',
      }),
    ).rejects.toThrow(
      /SSH credentials "nope" of host lab\/h were not found \(looked in: .*ssh-privatekey; CAPSTAN_SSH_<NAME>_PRIVATE_KEY/,
    );
  });
});
