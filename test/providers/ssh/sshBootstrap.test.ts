/**
 * The bootstrap runner against real sshd: cloud-init files and commands run on the host (checked
 * through `docker exec`, not through our SSH), CAPI's sentinel is written last, a rerun runs
 * nothing, a run interrupted by a dropped connection or killed on the host reruns to completion
 * with every finished command run exactly once, and a failing command surfaces the command and
 * its output tail (secrets redacted) as a terminal error.
 */
import { rmSync } from 'node:fs';
import {
  BOOTSTRAP_SENTINEL,
  openSshSession,
  runBootstrap,
  type SshSession,
} from '../../../activities/providers/ssh';
import { credentials, credentialsDir, failureOf, Returned, sshHost } from './kit';
import { newKey, SshdLab, type SshdHost } from './sshdContainers';

const lab = new SshdLab();
const key = newKey();
let creds: string;
const returned = new Returned();
const sessions: SshSession[] = [];

beforeAll(async () => {
  await lab.start();
  creds = credentialsDir({ 'lab-key': key });
}, 90_000);

afterAll(async () => {
  for (const s of sessions) s.close();
  await lab.cleanup();
  if (creds) rmSync(creds, { recursive: true, force: true });
  expect(await lab.leftovers()).toEqual([]);
}, 60_000);

async function host(name: string): Promise<{ h: SshdHost; session: () => Promise<SshSession> }> {
  const h = await lab.startHost(name, key.publicKey);
  const pin = await lab.ed25519Fingerprint(h);
  const c = await credentials(creds, 'lab-key');
  return {
    h,
    session: async () => {
      const s = await openSshSession(sshHost(h, 'lab-key', pin), c);
      sessions.push(s);
      return s;
    },
  };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

const USER_DATA = `#cloud-config
bootcmd:
  - echo boot >> /root/runs.log
write_files:
  - path: /etc/kubernetes/pki/ca.key
    permissions: '0600'
    owner: root:root
    content: |
      not-a-real-key
  - path: /etc/capstan-test/nested/config.yaml
    encoding: b64
    content: ${b64('kind: ClusterConfiguration\nclusterName: c1\n')}
  - path: /etc/capstan-test/owned-by-nobody
    owner: nobody:nogroup
    permissions: '0640'
    content: hello
runcmd:
  - 'echo "runcmd 1: $(head -1 /etc/capstan-test/nested/config.yaml)" >> /root/runs.log'
  - [ sh, -c, 'echo "argv with spaces" >> /root/runs.log' ]
  - 'test -f /etc/kubernetes/pki/ca.key && echo files-before-commands >> /root/runs.log'
`;

test('runs files and commands in cloud-init order, then writes the sentinel; a rerun runs nothing', async () => {
  const { h, session } = await host('boot');
  const chunks: string[] = [];
  const r = await returned.ok(runBootstrap(await session(), USER_DATA, { onOutput: (c) => chunks.push(c) }));
  expect(r).toMatchObject({ outcome: 'completed', steps: 7, stepsRun: 7, stepsSkipped: 0 });

  const log = await lab.sh(h, 'cat /root/runs.log');
  expect(log.out).toBe(
    'boot\nruncmd 1: kind: ClusterConfiguration\nargv with spaces\nfiles-before-commands\n',
  );
  const files = await lab.sh(
    h,
    'stat -c "%n %a %U:%G" /etc/kubernetes/pki/ca.key /etc/capstan-test/nested/config.yaml /etc/capstan-test/owned-by-nobody; cat /etc/capstan-test/owned-by-nobody',
  );
  expect(files.out).toBe(
    '/etc/kubernetes/pki/ca.key 600 root:root\n/etc/capstan-test/nested/config.yaml 644 root:root\n/etc/capstan-test/owned-by-nobody 640 nobody:nogroup\nhello',
  );
  expect((await lab.sh(h, `cat ${BOOTSTRAP_SENTINEL}`)).out).toBe('success\n');
  // No copy of the bootstrap data (it holds CA keys) is left in the state directory.
  expect((await lab.sh(h, 'ls /var/lib/capstan/bootstrap | grep -c "^run\\." || true')).out.trim()).toBe('0');
  expect(chunks.join('')).toContain('step 7 ok');

  const again = await returned.ok(runBootstrap(await session(), USER_DATA));
  expect(again).toMatchObject({ outcome: 'alreadyComplete', stepsRun: 0 });
  expect((await lab.sh(h, 'cat /root/runs.log')).out.split('\n').filter(Boolean)).toHaveLength(4);
}, 60_000);

const SLOW = (marker: string) => `#cloud-config
runcmd:
  - echo a >> /root/${marker}
  - sleep 3; echo b >> /root/${marker}
  - echo c >> /root/${marker}
`;

test('connection dropped mid-run (worker killed): the run goes on on the host; a rerun waits for it and completes, each command once', async () => {
  const { h, session } = await host('drop');
  const abort = new AbortController();
  const first = failureOf(
    runBootstrap(await session(), SLOW('count'), {
      signal: abort.signal,
      onOutput: (c) => {
        if (c.includes('step 2 start')) abort.abort();
      },
    }),
  );
  const f = returned.add(await first);
  expect(f.type).toBe('ProviderUnavailable');
  expect(f.nonRetryable).toBe(false);
  expect(f.message).toMatch(/connection dropped during bootstrap/);
  expect((await lab.sh(h, `test -e ${BOOTSTRAP_SENTINEL}; echo $?`)).out.trim()).toBe('1');

  const r = await returned.ok(runBootstrap(await session(), SLOW('count')));
  expect(['completed', 'alreadyComplete']).toContain(r.outcome);
  expect((await lab.sh(h, 'cat /root/count')).out).toBe('a\nb\nc\n');
  expect((await lab.sh(h, `cat ${BOOTSTRAP_SENTINEL}`)).out).toBe('success\n');
}, 60_000);

test('run killed on the host mid-command: retryable; the rerun skips finished commands and reruns the interrupted one', async () => {
  const { h, session } = await host('kill');
  const s = await session();
  const run = failureOf(
    runBootstrap(s, SLOW('count'), {
      onOutput: (c) => {
        if (c.includes('step 2 start')) {
          // The whole detached run (flock, the script, the sleeping command): its own process group.
          void lab.sh(h, 'pkill -KILL -g "$(pgrep -o -x flock)"');
        }
      },
    }),
  );
  const f = returned.add(await run);
  expect(f.type).toBe('ProviderUnavailable');
  expect(f.nonRetryable).toBe(false);
  expect(f.message).toMatch(/ended with status .* before completing/);
  expect((await lab.sh(h, 'cat /root/count')).out).toBe('a\n');

  const r = await returned.ok(runBootstrap(await session(), SLOW('count')));
  expect(r).toMatchObject({ outcome: 'completed', steps: 3, stepsSkipped: 1, stepsRun: 2 });
  expect((await lab.sh(h, 'cat /root/count')).out).toBe('a\nb\nc\n');
}, 60_000);

test('a failing command: terminal ProvisioningFailed naming the command, its status and output tail; later commands do not run', async () => {
  const { h, session } = await host('fail');
  const userData = `#cloud-config
runcmd:
  - echo first >> /root/ran
  - 'echo "preflight: checking"; echo "kubeadm join 10.0.0.1:6443 --token abcdef.0123456789abcdef"; echo "E: port 10250 is in use" >&2; exit 3'
  - echo never >> /root/ran
`;
  const f = await returned.failure(runBootstrap(await session(), userData));
  expect(f.type).toBe('ProvisioningFailed');
  expect(f.nonRetryable).toBe(true);
  expect(f.message).toContain('SSH host lab/fail');
  expect(f.message).toContain('step 2/3');
  expect(f.message).toContain('echo \\"preflight: checking\\"');
  expect(f.message).toContain('exited with status 3');
  expect(f.message).toContain('preflight: checking');
  expect(f.message).toContain('E: port 10250 is in use');
  expect(f.message).not.toContain('abcdef.0123456789abcdef');
  expect(f.message).toContain('--token [redacted]');
  expect(f.details?.[0]).toMatchObject({ step: 2, exitCode: 3, sshErrorClass: 'commandFailed' });
  expect((await lab.sh(h, 'cat /root/ran')).out).toBe('first\n');
  expect((await lab.sh(h, `test -e ${BOOTSTRAP_SENTINEL}; echo $?`)).out.trim()).toBe('1');

  // Fixed on the host by a human, the rerun resumes at the failed command.
  const fixed = userData.replace('exit 3', 'exit 0');
  const r = await returned.ok(runBootstrap(await session(), fixed));
  expect(r).toMatchObject({ outcome: 'completed', stepsSkipped: 1, stepsRun: 2 });
  expect((await lab.sh(h, 'cat /root/ran')).out).toBe('first\nnever\n');
}, 60_000);

test('bootstrap data that is not #cloud-config: terminal InvalidSpec before anything runs', async () => {
  const { session } = await host('bad');
  const f = await returned.failure(runBootstrap(await session(), '#!/bin/sh\necho hi\n'));
  expect(f.type).toBe('InvalidSpec');
  expect(f.nonRetryable).toBe(true);
});

test('nothing returned holds the private key', () => {
  expect(returned.count()).toBeGreaterThan(6);
  expect(returned.leaking(key)).toEqual([]);
});
