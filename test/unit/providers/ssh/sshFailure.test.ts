import {
  classifyConnectError,
  hostKeyChanged,
  sshFailure,
  type SshCallContext,
} from '../../../../activities/providers/ssh/sshFailure';
import { OutputTail, lastLines, redactAll } from '../../../../activities/providers/ssh/outputTail';
import {
  parseClaim,
  renderClaim,
  sameOwner,
  CLAIM_SCRIPT,
} from '../../../../activities/providers/ssh/claimMarker';
import { parseFacts } from '../../../../activities/providers/ssh/enrol';

const CTX: SshCallContext = {
  host: 'lab/h1',
  address: '10.0.0.5:22',
  operation: 'connect',
  credentialsName: 'lab-key',
};

describe('classifyConnectError', () => {
  test.each([
    [{ level: 'client-authentication' }, 'auth'],
    [{ level: 'client-timeout' }, 'unreachable'],
    [{ code: 'ECONNREFUSED' }, 'unreachable'],
    [{ code: 'EHOSTUNREACH', level: 'client-socket' }, 'unreachable'],
    [{ message: 'Cannot parse privateKey: Unsupported key format' }, 'invalidSpec'],
    [{ level: 'handshake', message: 'no matching host key format' }, 'transient'],
  ])('%j → %s', (err, cls) => expect(classifyConnectError(err)).toBe(cls));
});

describe('sshFailure', () => {
  test.each([
    ['unreachable', 'ProviderUnavailable', false],
    ['dropped', 'ProviderUnavailable', false],
    ['busy', 'Conflict', false],
    ['claimed', 'Conflict', false],
    ['auth', 'AuthFailed', true],
    ['hostKeyChanged', 'AuthFailed', true],
    ['commandFailed', 'ProvisioningFailed', true],
    ['invalidSpec', 'InvalidSpec', true],
  ] as const)('%s → %s (nonRetryable %s)', (cls, type, terminal) => {
    const f = sshFailure(cls, 'detail', CTX);
    expect(f.type).toBe(type);
    expect(f.nonRetryable).toBe(terminal);
    expect(f.message).toContain('SSH host lab/h1 (10.0.0.5:22)');
    expect(f.details?.[0]).toMatchObject({ host: 'lab/h1', sshErrorClass: cls });
  });

  test('a changed host key says what happened and what to do', () => {
    const f = hostKeyChanged(CTX, 'SHA256:old', {
      fingerprint: 'SHA256:new',
      keyType: 'ssh-ed25519',
      publicKey: 'ssh-ed25519 AAAA',
    });
    expect(f.message).toBe(
      'SSH host lab/h1 (10.0.0.5:22): host key changed: expected SHA256:old, presented SHA256:new (ssh-ed25519). ' +
        'This is a possible man-in-the-middle or a reinstalled host; nothing was sent to it. ' +
        'If the host was reinstalled, re-enrol it and pin the new key.',
    );
    expect(f.nonRetryable).toBe(true);
  });
});

describe('redaction and output tails', () => {
  test('secrets, bootstrap tokens, secret flags and PEM private keys', () => {
    const text =
      'kubeadm join 10.0.0.1:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:ff --certificate-key=0a1b\n' +
      'pw hunter22 here\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----\nend';
    const out = redactAll(text, ['hunter22']);
    expect(out).toBe(
      'kubeadm join 10.0.0.1:6443 --token [redacted] --discovery-token-ca-cert-hash [redacted] --certificate-key=[redacted]\npw [redacted] here\n[redacted]\nend',
    );
    expect(redactAll('token abcdef.0123456789abcdef')).toBe('token [redacted]');
  });

  test('OutputTail keeps the end, cut at a line start', () => {
    const t = new OutputTail(20);
    for (let i = 0; i < 20; i++) t.push(`line ${i}\n`);
    expect(t.text()).toBe('...\nline 18\nline 19\n');
    expect(lastLines('a\nb\nc\n\n', 2)).toBe('...\nb\nc');
  });
});

describe('claim marker', () => {
  test('render → parse round trip; owners compare on namespace, cluster, machine', () => {
    const c = { namespace: 'lab', cluster: 'c1', machine: 'm1' };
    const r = parseClaim(renderClaim(c, new Date('2025-01-01T00:00:00Z')));
    expect(r).toEqual({ ok: true, claim: { ...c, claimedAt: '2025-01-01T00:00:00.000Z' } });
    expect(sameOwner(c, { ...c })).toBe(true);
    expect(sameOwner(c, { ...c, machine: 'm2' })).toBe(false);
    expect(parseClaim('nope').ok).toBe(false);
    expect(parseClaim('{"machine":"m"}').ok).toBe(false);
    // atomic create: a hard link fails when the claim exists
    expect(CLAIM_SCRIPT).toMatch(/ln "\$t" \/etc\/capstan\/claim/);
  });

  test('host facts', () => {
    expect(parseFacts('hostname=n1\narch=x86_64\nkernel=6.1\nos=Debian GNU/Linux 12 (bookworm)\n')).toEqual({
      hostname: 'n1',
      arch: 'x86_64',
      kernel: '6.1',
      os: 'Debian GNU/Linux 12 (bookworm)',
    });
  });
});
