/**
 * The IPMI BMC client (ipmitool lanplus) against a real ipmi_sim: power state, idempotent on/off,
 * cycle and reset, one-time boot device, and failures classified from ipmitool's words: a wrong
 * password or user or too little privilege is terminal ("BMC credentials rejected", naming the
 * host), a BMC that does not answer is retryable, a reboot method IPMI lacks is terminal naming
 * the ones it has. The password reaches ipmitool only through IPMI_PASSWORD, never its argv.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import {
  bmcFor,
  directoryCredentialSource,
  envCredentialSource,
  waitForPowerState,
  type BmcClient,
  type BmcClientOptions,
} from '../../../activities/providers/baremetal';
import { freeUdpPort, startIpmiSim, type IpmiSim } from './emulators';
import { credentialsDir, host, Returned } from './kit';

const PASSWORD = 'ipmi-Secret-9127';
/** fail fast on a BMC that does not answer: 1 s per try, one resend */
const FAST: Partial<BmcClientOptions> = { ipmiAnswerTimeoutSec: 1, ipmiRetries: 1 };

let sim: IpmiSim;
let credsDir: string;
let wrapDir: string;
const returned = new Returned();

beforeAll(async () => {
  sim = await startIpmiSim(PASSWORD);
  credsDir = credentialsDir({
    'bm-ipmi': { username: 'admin', password: PASSWORD },
    'bm-ipmi-bad': { username: 'admin', password: 'wrong-password' },
    'bm-ipmi-nouser': { username: 'nobody', password: PASSWORD },
  });
  // An ipmitool that records its argv and whether it was given IPMI_PASSWORD, then runs the real one.
  wrapDir = mkdtempSync(join(tmpdir(), 'capstan-ipmitool-'));
  const wrapper = join(wrapDir, 'ipmitool');
  writeFileSync(
    wrapper,
    `#!/bin/sh\nprintf '%s\\n' "argv: $*" >> "${wrapDir}/log"\n[ -n "$IPMI_PASSWORD" ] && echo "env: IPMI_PASSWORD set" >> "${wrapDir}/log"\nexec ipmitool "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
}, 90_000);

afterAll(async () => {
  await sim?.stop();
  if (credsDir) rmSync(credsDir, { recursive: true, force: true });
  if (wrapDir) rmSync(wrapDir, { recursive: true, force: true });
  expect(returned.count()).toBeGreaterThan(15);
  expect(returned.containing(PASSWORD)).toEqual([]);
});

const address = () => `ipmi://127.0.0.1:${sim.port}`;
const bmcOf = (name: string, credentialsName = 'bm-ipmi', extra: Partial<BmcClientOptions> = {}) =>
  bmcFor(host(name, address(), credentialsName), {
    credentials: [directoryCredentialSource(credsDir)],
    ...extra,
  });

describe('ipmi: power and boot against ipmi_sim', () => {
  let bmc: BmcClient;
  beforeAll(async () => {
    bmc = await bmcOf('bm-1', 'bm-ipmi', { ipmitoolPath: join(wrapDir, 'ipmitool') });
  });

  test('reads the power state', async () => {
    expect(bmc.protocol).toBe('ipmi');
    expect(await returned.ok(bmc.powerState())).toBe('off');
  });

  test('power on, then power on again: the second sends nothing', async () => {
    expect(await returned.ok(bmc.powerOn())).toEqual({
      changed: true,
      from: 'off',
      request: 'chassis power on',
    });
    expect(sim.hardwarePower()).toBe('1');
    expect(await returned.ok(bmc.powerOn())).toEqual({ changed: false, from: 'on' });
    expect(sim.calls().filter((c) => c === 'set power 1')).toHaveLength(1);
  });

  test('power cycle drops power and restores it; reset pulses the reset line', async () => {
    const before = sim.calls().length;
    expect(await returned.ok(bmc.reboot('cycle'))).toEqual({
      changed: true,
      from: 'on',
      request: 'chassis power cycle',
    });
    await waitForPowerState(bmc, 'on', { timeoutMs: 15_000, intervalMs: 300 });
    const cycle = sim
      .calls()
      .slice(before)
      .filter((c) => c.startsWith('set '));
    expect(cycle).toEqual(['set power 0', 'set power 1']);
    const mark = sim.calls().length;
    expect(await returned.ok(bmc.reboot('reset'))).toEqual({
      changed: true,
      from: 'on',
      request: 'chassis power reset',
    });
    expect(
      sim
        .calls()
        .slice(mark)
        .filter((c) => c.startsWith('set ')),
    ).toEqual(['set reset 1']);
    expect(await bmc.powerState()).toBe('on');
  }, 30_000);

  test('power off, then again: the second sends nothing; a reboot from off powers on', async () => {
    expect(await returned.ok(bmc.powerOff())).toEqual({
      changed: true,
      from: 'on',
      request: 'chassis power off',
    });
    expect(sim.hardwarePower()).toBe('0');
    expect(await returned.ok(bmc.powerOff())).toEqual({ changed: false, from: 'off' });
    expect(await returned.ok(bmc.reboot())).toEqual({
      changed: true,
      from: 'off',
      request: 'chassis power on',
    });
    expect(sim.hardwarePower()).toBe('1');
    await bmc.powerOff();
  });

  test('one-time boot device: pxe, cdrom, disk (EFI), read back from the boot flags', async () => {
    await returned.ok(bmc.setBootDevice('pxe'));
    expect(sim.hardwareBoot()).toBe('pxe');
    expect(await returned.ok(bmc.bootOverride())).toEqual({
      device: 'pxe',
      reported: 'Force PXE',
      once: true,
    });
    await bmc.setBootDevice('cdrom');
    expect(sim.hardwareBoot()).toBe('cdrom');
    expect(await bmc.bootOverride()).toMatchObject({ device: 'cdrom', once: true });
    await bmc.setBootDevice('disk', { efi: true });
    expect(await bmc.bootOverride()).toMatchObject({ device: 'disk', once: true });
  });

  test('the password went to ipmitool through IPMI_PASSWORD only, never on its command line', () => {
    const log = readFileSync(join(wrapDir, 'log'), 'utf8');
    const argvLines = log.split('\n').filter((l) => l.startsWith('argv: '));
    expect(argvLines.length).toBeGreaterThan(8);
    for (const l of argvLines) {
      expect(l).not.toContain(PASSWORD);
      expect(l).toContain(' -E ');
      expect(l).not.toMatch(/ -P /);
    }
    expect(log.split('\n').filter((l) => l === 'env: IPMI_PASSWORD set')).toHaveLength(argvLines.length);
  });

  test('the client itself shows no password when logged or serialized', () => {
    expect(inspect(bmc, { depth: 10, showHidden: true })).not.toContain(PASSWORD);
    expect(JSON.stringify(bmc)).not.toContain(PASSWORD);
  });
});

describe('ipmi: failures are classified', () => {
  test.each([
    ['a wrong password', 'bm-ipmi-bad', /RAKP 2 HMAC is invalid/],
    ['an unknown user', 'bm-ipmi-nouser', /unauthorized name/],
  ])('%s: terminal AuthFailed, "BMC credentials rejected", naming the host', async (_what, creds, said) => {
    const bmc = await bmcOf('bm-auth', creds);
    for (const op of [() => bmc.powerState(), () => bmc.powerOn(), () => bmc.setBootDevice('pxe')]) {
      const f = await returned.failure(op());
      expect(f).toMatchObject({ type: 'AuthFailed', nonRetryable: true });
      expect(f.message).toContain('BMC credentials rejected for host lab/bm-auth');
      expect(f.message).toContain(`credentials "${creds}"`);
      expect(f.message).toMatch(said);
    }
  });

  test('a session privilege too low for power control: terminal AuthFailed', async () => {
    const bmc = await bmcOf('bm-user', 'bm-ipmi', { ipmiPrivilegeLevel: 'USER' });
    expect(await bmc.powerState()).toBe('off'); // reading is allowed
    const f = await returned.failure(bmc.powerOn());
    expect(f).toMatchObject({ type: 'AuthFailed', nonRetryable: true });
    expect(f.message).toMatch(
      /BMC credentials rejected for host lab\/bm-user .*Insufficient privilege level/,
    );
    expect(sim.hardwarePower()).toBe('0');
  });

  test('a BMC that does not answer: retryable ProviderUnavailable naming the host', async () => {
    const closed = await freeUdpPort();
    const bmc = await bmcFor(host('bm-gone', `ipmi://127.0.0.1:${closed}`, 'bm-ipmi'), {
      credentials: [directoryCredentialSource(credsDir)],
      ...FAST,
    });
    const f = await returned.failure(bmc.powerOn());
    expect(f).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
    expect(f.message).toMatch(
      /BMC of host lab\/bm-gone .* is unreachable during power on .*Get Auth Capabilities error.*will retry/,
    );
  });

  test('an ipmitool run that outlives its bound is killed and retryable', async () => {
    const closed = await freeUdpPort();
    const bmc = await bmcFor(host('bm-slow', `ipmi://127.0.0.1:${closed}`, 'bm-ipmi'), {
      credentials: [directoryCredentialSource(credsDir)],
      ipmiAnswerTimeoutSec: 5,
      ipmiRetries: 3,
      timeoutMs: 800,
    });
    const f = await returned.failure(bmc.powerState());
    expect(f).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
    expect(f.message).toContain('no result within 800 ms');
  });

  test('a reboot method IPMI does not have: terminal, naming it and the ones it has', async () => {
    const bmc = await bmcOf('bm-1');
    const f = await returned.failure(bmc.reboot('graceful'));
    expect(f).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
    expect(f.message).toContain('lab/bm-1');
    expect(f.message).toContain('reboot method "graceful" is not allowed; the BMC allows: cycle, reset');
  });

  test('a cipher suite the BMC does not offer: terminal unsupported', async () => {
    const bmc = await bmcOf('bm-1', 'bm-ipmi', { ipmiCipherSuite: 17, ...FAST });
    const f = await returned.failure(bmc.powerState());
    expect(f).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
    expect(f.message).toMatch(
      /RMCP\+ cipher suite 17: Error in open session response message : invalid authentication algorithm/,
    );
  });

  test('ipmitool missing on the worker: retryable, saying what to install', async () => {
    const bmc = await bmcOf('bm-1', 'bm-ipmi', { ipmitoolPath: join(wrapDir, 'no-such-ipmitool') });
    const f = await returned.failure(bmc.powerState());
    expect(f).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
    expect(f.message).toContain(
      'no-such-ipmitool is not installed on this worker (Debian: apt-get install ipmitool)',
    );
  });

  test('a tool that echoes the password in its error: the message carries [redacted] instead', async () => {
    const echo = join(wrapDir, 'echoing-ipmitool');
    writeFileSync(echo, '#!/bin/sh\necho "Error: bad password $IPMI_PASSWORD for $*" >&2\nexit 1\n');
    chmodSync(echo, 0o755);
    const bmc = await bmcOf('bm-1', 'bm-ipmi', { ipmitoolPath: echo });
    const f = await returned.failure(bmc.powerOn());
    expect(f.message).toContain('Error: bad password [redacted] for');
    expect(f.message).not.toContain(PASSWORD);
  });

  test('credentials from the environment work the same', async () => {
    const env = { CAPSTAN_BMC_RACK1_BMC_USERNAME: 'admin', CAPSTAN_BMC_RACK1_BMC_PASSWORD: PASSWORD };
    const bmc = await bmcFor(host('bm-env', address(), 'rack1-bmc'), {
      credentials: [envCredentialSource(env)],
    });
    expect(await returned.ok(bmc.powerState())).toBe('off');
  });

  test('credentials nowhere to be found: terminal, naming the host, the name and where it looked', async () => {
    const f = await returned.failure(
      bmcFor(host('bm-nocreds', address(), 'missing-bmc'), {
        credentials: [directoryCredentialSource(credsDir), envCredentialSource({})],
      }),
    );
    expect(f).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
    expect(f.message).toContain('BMC credentials "missing-bmc" of host lab/bm-nocreds were not found');
    expect(f.message).toContain(credsDir);
    expect(f.message).toContain('CAPSTAN_BMC_<NAME>_USERNAME');
  });
});
