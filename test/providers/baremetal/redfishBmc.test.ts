/**
 * The Redfish BMC client against a real sushy-emulator (fake driver, Basic auth on): power state,
 * idempotent on/off, reboots with a ResetType the BMC allows, one-time boot override, virtual
 * media, and how each failure is classified (credentials rejected: terminal, naming the host;
 * unreachable or 5xx: retryable; a reset type the BMC does not offer: terminal, naming it and the
 * allowed ones). The fake driver applies power changes 1-11 s after the request, on the next read.
 */
import { createServer, type Server } from 'node:http';
import { rmSync } from 'node:fs';
import { inspect } from 'node:util';
import {
  bmcFor,
  directoryCredentialSource,
  waitForPowerState,
  type BmcClient,
  type RedfishBmc,
} from '../../../activities/providers/baremetal';
import { startSushy, freeTcpPort, type SushyEmulator } from './emulators';
import { credentialsDir, host, Returned } from './kit';

const USER = 'admin';
const PASSWORD = 'rf-Secret-4481';
const SYSTEM_1 = '8c0c0f7e-0000-4000-8000-000000000001';
const SYSTEM_2 = '8c0c0f7e-0000-4000-8000-000000000002';
const POWER_WAIT = { timeoutMs: 20_000, intervalMs: 500 };

let sushy: SushyEmulator;
let credsDir: string;
let imageServer: Server;
let imageUrl: string;
const returned = new Returned();

const system = (uuid: string, name: string, mac: string) => ({
  uuid,
  name,
  power_state: 'Off' as const,
  nics: [{ mac, ip: '10.10.0.11' }],
});

beforeAll(async () => {
  sushy = await startSushy(
    [system(SYSTEM_1, 'bm-node-1', '52:54:00:00:00:01'), system(SYSTEM_2, 'bm-node-2', '52:54:00:00:00:02')],
    USER,
    PASSWORD,
  );
  credsDir = credentialsDir({
    'bm-bmc': { username: USER, password: PASSWORD },
    'bm-bad-bmc': { username: USER, password: 'not-the-password' },
    'bm-nouser-bmc': { username: 'nobody', password: PASSWORD },
  });
  // InsertMedia makes the BMC download the image: serve a small one.
  imageServer = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    res.end(Buffer.alloc(2048, 7));
  });
  const port = await freeTcpPort();
  await new Promise<void>((r) => imageServer.listen(port, '127.0.0.1', () => r()));
  imageUrl = `http://127.0.0.1:${port}/boot.iso`;
}, 90_000);

afterAll(async () => {
  await sushy?.stop();
  await new Promise((r) => imageServer?.close(r));
  if (credsDir) rmSync(credsDir, { recursive: true, force: true });
  // Nothing any test got back from the BMC layer carries the password, plain or as Basic auth.
  expect(returned.count()).toBeGreaterThan(15);
  expect(returned.containing(PASSWORD)).toEqual([]);
  expect(returned.containing(Buffer.from(`${USER}:${PASSWORD}`).toString('base64'))).toEqual([]);
});

const addressOf = (uuid?: string) =>
  `redfish+http://127.0.0.1:${sushy.port}${uuid ? `/redfish/v1/Systems/${uuid}` : ''}`;
const sources = () => [directoryCredentialSource(credsDir)];
const bmcOf = (name: string, address: string, credentialsName = 'bm-bmc', timeoutMs?: number) =>
  bmcFor(host(name, address, credentialsName), {
    credentials: sources(),
    ...(timeoutMs ? { timeoutMs } : {}),
  });

describe('redfish: power and boot against sushy-emulator', () => {
  let bmc: BmcClient;
  beforeAll(async () => {
    bmc = await bmcOf('bm-0', addressOf(SYSTEM_1));
  });

  test('reads the power state of the system the address names', async () => {
    expect(bmc.protocol).toBe('redfish');
    expect(await returned.ok(bmc.powerState())).toBe('off');
  });

  test('power on, then power on again: the second sends nothing', async () => {
    const first = await returned.ok(bmc.powerOn());
    expect(first).toEqual({ changed: true, from: 'off', request: 'On' });
    const polled: string[] = [];
    await waitForPowerState(bmc, 'on', { ...POWER_WAIT, onPoll: (s) => polled.push(s) });
    expect(polled.at(-1)).toBe('on');
    const second = await returned.ok(bmc.powerOn());
    expect(second).toEqual({ changed: false, from: 'on' });
    expect(await bmc.powerState()).toBe('on');
  }, 60_000);

  test('reboot of a running host: PowerCycle is preferred but not offered, so ForceRestart', async () => {
    expect(await bmc.powerState()).toBe('on');
    const r = await returned.ok(bmc.reboot('cycle'));
    expect(r).toEqual({ changed: true, from: 'on', request: 'ForceRestart' });
    // The fake driver drops power at once and restores it later.
    expect(await bmc.powerState()).toBe('off');
    await waitForPowerState(bmc, 'on', POWER_WAIT);
    const reset = await returned.ok(bmc.reboot('reset'));
    expect(reset).toEqual({ changed: true, from: 'on', request: 'ForceRestart' });
    await waitForPowerState(bmc, 'on', POWER_WAIT);
  }, 90_000);

  test('power off (ForceOff), then again: the second sends nothing', async () => {
    const first = await returned.ok(bmc.powerOff());
    expect(first).toEqual({ changed: true, from: 'on', request: 'ForceOff' });
    await waitForPowerState(bmc, 'off', POWER_WAIT);
    expect(await returned.ok(bmc.powerOff())).toEqual({ changed: false, from: 'off' });
  }, 60_000);

  test('reboot of a host that is off powers it on', async () => {
    expect(await bmc.powerState()).toBe('off');
    expect(await returned.ok(bmc.reboot())).toEqual({ changed: true, from: 'off', request: 'On' });
    await waitForPowerState(bmc, 'on', POWER_WAIT);
    expect(await returned.ok(bmc.powerOff({ graceful: true }))).toEqual({
      changed: true,
      from: 'on',
      request: 'GracefulShutdown',
    });
    await waitForPowerState(bmc, 'off', POWER_WAIT);
  }, 60_000);

  test('one-time boot device: PXE, CD, then disk in UEFI mode', async () => {
    await returned.ok(bmc.setBootDevice('pxe'));
    expect(await returned.ok(bmc.bootOverride())).toMatchObject({ device: 'pxe', reported: 'Pxe' });
    await bmc.setBootDevice('cdrom');
    expect(await bmc.bootOverride()).toMatchObject({ device: 'cdrom', reported: 'Cd' });
    await bmc.setBootDevice('disk', { efi: true });
    expect(await bmc.bootOverride()).toMatchObject({ device: 'disk', reported: 'Hdd' });
    const raw = (await (
      await fetch(`${sushy.url}/redfish/v1/Systems/${SYSTEM_1}`, {
        headers: { Authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` },
      })
    ).json()) as { Boot: Record<string, unknown> };
    expect(raw.Boot).toMatchObject({ BootSourceOverrideTarget: 'Hdd', BootSourceOverrideMode: 'UEFI' });
  });

  test('virtual media: insert (the BMC fetches the image), insert again is a no-op, eject twice', async () => {
    const rf = bmc as RedfishBmc;
    const inserted = await returned.ok(rf.insertVirtualMedia(imageUrl));
    expect(inserted).toEqual({
      changed: true,
      device: `/redfish/v1/Systems/${SYSTEM_1}/VirtualMedia/Cd`,
      image: imageUrl,
    });
    const cd = (await rf.virtualMedia()).find((d) => d.path.endsWith('/Cd'));
    expect(cd).toMatchObject({ inserted: true, image: imageUrl });
    expect(await returned.ok(rf.insertVirtualMedia(imageUrl))).toMatchObject({ changed: false });
    expect(await returned.ok(rf.ejectVirtualMedia())).toMatchObject({ changed: true });
    expect(await returned.ok(rf.ejectVirtualMedia())).toMatchObject({ changed: false });
    expect((await rf.virtualMedia()).find((d) => d.path.endsWith('/Cd'))).toMatchObject({ inserted: false });
  });

  test('the client itself shows no password when logged or serialized', () => {
    expect(inspect(bmc, { depth: 10, showHidden: true })).not.toContain(PASSWORD);
    expect(JSON.stringify(bmc)).not.toContain(PASSWORD);
  });
});

describe('redfish: finding the system', () => {
  test('an address without a system path, on a BMC serving two systems, is a terminal spec error naming both', async () => {
    const bmc = await bmcOf('bm-nopath', addressOf());
    const f = await returned.failure(bmc.powerState());
    expect(f).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
    expect(f.message).toContain('lab/bm-nopath');
    expect(f.message).toContain(`/redfish/v1/Systems/${SYSTEM_1}`);
    expect(f.message).toContain(`/redfish/v1/Systems/${SYSTEM_2}`);
  });

  test('an address without a system path finds the only system', async () => {
    const single = await startSushy([system(SYSTEM_2, 'bm-node-2', '52:54:00:00:00:02')], USER, PASSWORD);
    try {
      const bmc = await bmcFor(host('bm-single', `redfish+http://127.0.0.1:${single.port}`, 'bm-bmc'), {
        credentials: sources(),
      });
      expect(await returned.ok(bmc.powerState())).toBe('off');
      await bmc.setBootDevice('pxe');
      expect((await bmc.bootOverride()).device).toBe('pxe');
    } finally {
      await single.stop();
    }
  }, 90_000);

  test('a system that does not exist is a terminal spec error pointing at spec.bmc.address', async () => {
    const bmc = await bmcOf('bm-ghost', addressOf('8c0c0f7e-0000-4000-8000-0000000000ff'));
    const f = await returned.failure(bmc.powerOn());
    expect(f).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
    expect(f.message).toMatch(/lab\/bm-ghost .*HTTP 404.*check spec\.bmc\.address/);
  });
});

describe('redfish over HTTPS with a self-signed certificate', () => {
  let tlsSushy: SushyEmulator;
  beforeAll(async () => {
    tlsSushy = await startSushy([system(SYSTEM_1, 'bm-node-1', '52:54:00:00:00:01')], USER, PASSWORD, {
      tls: true,
    });
  }, 90_000);
  afterAll(async () => {
    await tlsSushy?.stop();
  });

  test.each(['redfish', 'redfish+https'])(
    '%s:// verifies the certificate: an untrusted one is terminal, saying how to fix it',
    async (scheme) => {
      const bmc = await bmcOf(
        'bm-tls',
        `${scheme}://127.0.0.1:${tlsSushy.port}/redfish/v1/Systems/${SYSTEM_1}`,
      );
      const f = await returned.failure(bmc.powerState());
      expect(f).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
      expect(f.message).toMatch(
        /lab\/bm-tls .*TLS certificate this worker does not trust .*DEPTH_ZERO_SELF_SIGNED_CERT/,
      );
      expect(f.message).toContain('spec.bmc.disableCertificateVerification: true');
    },
  );

  test('with disableCertificateVerification the same BMC works', async () => {
    const h = host('bm-tls', `redfish://127.0.0.1:${tlsSushy.port}/redfish/v1/Systems/${SYSTEM_1}`, 'bm-bmc');
    h.spec.bmc.disableCertificateVerification = true;
    const bmc = await bmcFor(h, { credentials: sources() });
    expect(await returned.ok(bmc.powerState())).toBe('off');
    await returned.ok(bmc.setBootDevice('pxe'));
    expect((await bmc.bootOverride()).device).toBe('pxe');
  });
});

describe('redfish: failures are classified', () => {
  test.each([
    ['a wrong password', 'bm-bad-bmc'],
    ['an unknown user', 'bm-nouser-bmc'],
  ])(
    '%s: terminal AuthFailed, "BMC credentials rejected", naming the host and the credentials',
    async (_what, creds) => {
      const bmc = await bmcOf('bm-auth', addressOf(SYSTEM_1), creds);
      for (const op of [() => bmc.powerState(), () => bmc.powerOn(), () => bmc.setBootDevice('pxe')]) {
        const f = await returned.failure(op());
        expect(f).toMatchObject({ type: 'AuthFailed', nonRetryable: true });
        expect(f.message).toContain('BMC credentials rejected for host lab/bm-auth');
        expect(f.message).toContain(`credentials "${creds}"`);
        expect(f.message).toContain('HTTP 401');
        expect(f.details?.[0]).toMatchObject({ host: 'lab/bm-auth', httpStatus: 401, bmcErrorClass: 'auth' });
      }
    },
  );

  test('a BMC that does not answer: retryable ProviderUnavailable naming the host', async () => {
    const closed = await freeTcpPort();
    const bmc = await bmcOf('bm-gone', `redfish+http://127.0.0.1:${closed}/redfish/v1/Systems/${SYSTEM_1}`);
    const f = await returned.failure(bmc.powerOn());
    expect(f).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
    expect(f.message).toMatch(
      /BMC of host lab\/bm-gone .* is unreachable during power on .*ECONNREFUSED.*will retry/,
    );
  });

  test('a BMC that accepts the connection but never answers: retryable after the request timeout', async () => {
    const silent = createServer(() => undefined); // reads the request, never responds
    const port = await freeTcpPort();
    await new Promise<void>((r) => silent.listen(port, '127.0.0.1', () => r()));
    try {
      const bmc = await bmcOf(
        'bm-silent',
        `redfish+http://127.0.0.1:${port}/redfish/v1/Systems/${SYSTEM_1}`,
        'bm-bmc',
        500,
      );
      const f = await returned.failure(bmc.powerState());
      expect(f).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
      expect(f.message).toMatch(/unreachable .*ETIMEDOUT: no answer within 500 ms/);
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  });

  test('a BMC answering 503 (a Redfish error body): retryable, quoting the BMC', async () => {
    const busy = createServer((_req, res) => {
      res.writeHead(503, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'Base.1.0.GeneralError', message: 'service is restarting' } }));
    });
    const port = await freeTcpPort();
    await new Promise<void>((r) => busy.listen(port, '127.0.0.1', () => r()));
    try {
      const bmc = await bmcOf('bm-busy', `redfish+http://127.0.0.1:${port}/redfish/v1/Systems/${SYSTEM_1}`);
      const f = await returned.failure(bmc.powerOff());
      expect(f).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
      expect(f.message).toContain('HTTP 503: service is restarting');
      expect(f.message).toContain('lab/bm-busy');
    } finally {
      await new Promise((r) => busy.close(r));
    }
  });

  test('a reset type the BMC does not offer: terminal, naming it and what the BMC allows, nothing sent', async () => {
    const bmc = (await bmcOf('bm-0', addressOf(SYSTEM_2))) as RedfishBmc;
    const f = await returned.failure(bmc.reset('PushPowerButton'));
    expect(f).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
    expect(f.message).toContain('lab/bm-0');
    expect(f.message).toContain('ResetType "PushPowerButton" is not allowed');
    expect(f.message).toContain(
      'the BMC allows: On, ForceOff, GracefulShutdown, GracefulRestart, ForceRestart, Nmi, ForceOn',
    );
    expect(f.details?.[0]).toMatchObject({
      ResetType: ['PushPowerButton'],
      allowed: expect.arrayContaining(['On', 'ForceOff']),
    });
    expect(await bmc.powerState()).toBe('off');
  });

  test('a reset type the BMC offers but its driver cannot do (Nmi, HTTP 501): terminal unsupported', async () => {
    const bmc = (await bmcOf('bm-0', addressOf(SYSTEM_2))) as RedfishBmc;
    const f = await returned.failure(bmc.reset('Nmi'));
    expect(f).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
    expect(f.message).toMatch(/does not support reset Nmi .*HTTP 501/);
  });
});
