/**
 * Real BMC emulators for the bare-metal provider tests, one set per test file, on free loopback
 * ports with fresh state directories: sushy-emulator's fake driver (Redfish) and OpenIPMI's
 * ipmi_sim (IPMI 2.0 over UDP), both installed by scripts/setup/setup.sh. A missing binary is a
 * loud failure naming the setup command: these tests never skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const TOOLS_BIN = resolve(__dirname, '../../../.tools/bin');
export const SUSHY_EMULATOR = join(TOOLS_BIN, 'sushy-emulator');
const FIXTURES = join(__dirname, 'fixtures');
const SETUP = 'bash scripts/setup/setup.sh';

export async function freeTcpPort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? ok(addr.port) : fail(new Error('no port'))));
    });
  });
}

export async function freeUdpPort(): Promise<number> {
  return new Promise((ok, fail) => {
    const sock = createSocket('udp4');
    sock.once('error', fail);
    sock.bind(0, '127.0.0.1', () => {
      const port = sock.address().port;
      sock.close(() => ok(port));
    });
  });
}

function onPath(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function render(template: string, values: Record<string, string>): string {
  let text = readFileSync(join(FIXTURES, template), 'utf8');
  for (const [k, v] of Object.entries(values)) text = text.split(`@${k}@`).join(v);
  return text;
}

interface Managed {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

function manage(cmd: string, args: string[], workDir: string): Managed {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

async function until(
  what: string,
  m: Managed,
  ready: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (m.child.exitCode !== null)
      throw new Error(`${what} exited with ${m.child.exitCode} before answering:\n${m.output()}`);
    if (await ready()) return;
    if (Date.now() > deadline) {
      await m.stop();
      throw new Error(`${what} did not answer within ${timeoutMs / 1000} s:\n${m.output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface FakeSystem {
  uuid: string;
  name: string;
  power_state: 'On' | 'Off';
  nics: Array<{ mac: string; ip: string }>;
}

export interface SushyEmulator {
  /** http(s)://127.0.0.1:<port> */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** bcrypt htpasswd line, made with the bcrypt that sushy-tools itself depends on (cheap rounds). */
function htpasswd(username: string, password: string): string {
  const python = join(dirname(realpathSync(SUSHY_EMULATOR)), 'python');
  const r = spawnSync(
    python,
    ['-c', 'import bcrypt,sys; print(bcrypt.hashpw(sys.stdin.read().encode(), bcrypt.gensalt(4)).decode())'],
    { input: password, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`could not hash the test password with ${python}: ${r.stderr}`);
  return `${username}:${r.stdout.trim()}\n`;
}

/** A self-signed certificate for 127.0.0.1, as BMCs ship them (made with the openssl CLI). */
export function selfSignedCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const r = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0)
    throw new Error(
      `openssl could not make a test certificate (Debian: apt-get install openssl): ${r.error?.message ?? r.stderr}`,
    );
  return { cert, key };
}

export async function startSushy(
  systems: FakeSystem[],
  username: string,
  password: string,
  opts: { tls?: boolean } = {},
): Promise<SushyEmulator> {
  if (!existsSync(SUSHY_EMULATOR)) {
    throw new Error(
      `sushy-emulator is not installed at ${SUSHY_EMULATOR}. Install it with: ${SETUP} ` +
        '(it puts sushy-tools==2.2.0 into a virtualenv in the tools folder).',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'capstan-sushy-'));
  const port = await freeTcpPort();
  writeFileSync(join(dir, 'htpasswd'), htpasswd(username, password));
  const systemsPy = JSON.stringify(systems)
    .replace(/\btrue\b/g, 'True')
    .replace(/\bfalse\b/g, 'False');
  const conf = join(dir, 'sushy.conf');
  writeFileSync(
    conf,
    render('sushy.conf.template', {
      PORT: String(port),
      STATE_DIR: join(dir, 'state'),
      AUTH_FILE: join(dir, 'htpasswd'),
      SYSTEMS: systemsPy,
    }),
  );
  const tls = opts.tls ? selfSignedCertificate(dir) : undefined;
  const m = manage(
    SUSHY_EMULATOR,
    ['--config', conf, '--fake', ...(tls ? ['--ssl-certificate', tls.cert, '--ssl-key', tls.key] : [])],
    dir,
  );
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  await until('sushy-emulator', m, async () => {
    if (tls) {
      // fetch cannot skip verification: a TCP connect says it listens (TLS is checked by the tests).
      return new Promise<boolean>((ok) => {
        const sock = connect(port, '127.0.0.1', () => {
          sock.destroy();
          ok(true);
        });
        sock.once('error', () => ok(false));
      });
    }
    try {
      return (await fetch(`${url}/redfish/v1/`)).ok; // the service root needs no auth
    } catch {
      return false;
    }
  });
  return { url, port, stop: m.stop };
}

export interface IpmiSim {
  /** the UDP port ipmi_sim serves RMCP+ on, on 127.0.0.1 */
  port: number;
  /** where the chassis script keeps the host's power and boot state */
  hostDir: string;
  /** what ipmi_sim asked of the "hardware", oldest first (`set power 1`, `get power`, ...) */
  calls(): string[];
  /** the host's power as the hardware sees it: `0` or `1` */
  hardwarePower(): string;
  /** the boot device ipmi_sim handed to the hardware (`pxe`, `cdrom`, `default`, ...) */
  hardwareBoot(): string;
  stop(): Promise<void>;
}

export async function startIpmiSim(adminPassword: string): Promise<IpmiSim> {
  const ipmiSim = onPath('ipmi_sim');
  const ipmitool = onPath('ipmitool');
  if (!ipmiSim || !ipmitool) {
    throw new Error(
      `${!ipmiSim ? 'ipmi_sim' : 'ipmitool'} is not installed. Install both with: ${SETUP} ` +
        '(it runs apt-get install -y openipmi ipmitool; needs root).',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'capstan-ipmi-'));
  const port = await freeUdpPort();
  const hostDir = join(dir, 'host');
  const conf = join(dir, 'lan.conf');
  writeFileSync(
    conf,
    render('lan.conf.template', {
      PORT: String(port),
      CHASSIS_SCRIPT: join(FIXTURES, 'chassis.sh'),
      HOST_DIR: hostDir,
      ADMIN_PASSWORD: adminPassword,
    }),
  );
  // -n: no console on stdin; -s: a fresh state dir (a persisted user DB would override lan.conf).
  const m = manage(
    ipmiSim,
    ['-n', '-c', conf, '-f', join(FIXTURES, 'bmc.emu'), '-s', join(dir, 'state')],
    dir,
  );
  await until('ipmi_sim', m, async () => {
    const r = spawnSync(
      ipmitool,
      [
        '-I',
        'lanplus',
        '-C',
        '3',
        '-H',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'admin',
        '-E',
        '-N',
        '1',
        '-R',
        '1',
        'chassis',
        'power',
        'status',
      ],
      { env: { ...process.env, IPMI_PASSWORD: adminPassword }, encoding: 'utf8' },
    );
    return r.status === 0;
  });
  const read = (f: string, dflt: string) => {
    try {
      return readFileSync(join(hostDir, f), 'utf8').trim();
    } catch {
      return dflt;
    }
  };
  return {
    port,
    hostDir,
    calls: () => read('calls', '').split('\n').filter(Boolean),
    hardwarePower: () => read('power', '0'),
    hardwareBoot: () => read('boot', 'default'),
    stop: m.stop,
  };
}
