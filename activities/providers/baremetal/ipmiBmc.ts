/**
 * A BmcClient over IPMI 2.0 (RMCP+, `ipmitool -I lanplus`), as Ironic's ipmitool driver uses it:
 * `chassis power status|on|off|soft|cycle|reset`, `chassis bootdev pxe|disk|cdrom` (next boot
 * only) and `chassis bootparam get 5`. Every run is bounded; failures are classified from
 * ipmitool's words (wrong password vs no answer) and the password is redacted from them.
 */
import type { BmcEndpoint } from './bmcAddress';
import {
  isHeadingTo,
  type BmcClient,
  type BootDevice,
  type BootOptions,
  type BootOverride,
  type PowerChange,
  type PowerState,
  type RebootMethod,
} from './bmcClient';
import type { BmcCredentials } from './bmcCredentials';
import { bmcFailure, bmcUnsupportedValue, type BmcCallContext } from './bmcFailure';
import {
  bootFlagsCommand,
  bootdevCommand,
  ipmitoolArgs,
  powerCommand,
  type IpmiPrivilege,
  type IpmiTarget,
  type PowerVerb,
} from './ipmitoolArgs';
import {
  bootdevAccepted,
  classifyIpmitoolFailure,
  parseBootFlags,
  parsePowerStatus,
  powerControlAccepted,
} from './ipmitoolOutput';
import { runIpmitool } from './ipmitoolRunner';
import { redact } from './redact';

export interface IpmiBmcOptions {
  /** `<namespace>/<name>` of the BareMetalHost, for messages */
  host: string;
  /** spec.bmc.address as declared, for messages */
  address: string;
  endpoint: Extract<BmcEndpoint, { protocol: 'ipmi' }>;
  credentials: BmcCredentials;
  credentialsName?: string;
  /** the ipmitool binary; `ipmitool` on PATH by default */
  ipmitoolPath?: string;
  cipherSuite?: number;
  /** session privilege (ipmitool -L); OPERATOR suffices for chassis control on most BMCs */
  privilegeLevel?: IpmiPrivilege;
  /** seconds per answer (ipmitool -N), default 2 */
  answerTimeoutSec?: number;
  /** resends per request (ipmitool -R), default 3 */
  retries?: number;
  /** hard bound on one ipmitool run, default 30 s */
  timeoutMs?: number;
}

const REBOOT_VERB: Partial<Record<RebootMethod, PowerVerb>> = { cycle: 'cycle', reset: 'reset' };

export class IpmiBmc implements BmcClient {
  readonly protocol = 'ipmi' as const;
  readonly description: string;
  private readonly target: IpmiTarget;

  constructor(private readonly opts: IpmiBmcOptions) {
    this.description = `${opts.host} (BMC ${opts.address})`;
    this.target = {
      hostname: opts.endpoint.hostname,
      port: opts.endpoint.port,
      username: opts.credentials.username,
      cipherSuite: opts.cipherSuite ?? 3,
      answerTimeoutSec: opts.answerTimeoutSec ?? 2,
      retries: opts.retries ?? 3,
      ...(opts.privilegeLevel ? { privilegeLevel: opts.privilegeLevel } : {}),
    };
  }

  async powerState(): Promise<PowerState> {
    return this.readPower('read power state');
  }

  async powerOn(): Promise<PowerChange> {
    const from = await this.readPower('power on');
    if (isHeadingTo(from, 'on')) return { changed: false, from };
    return this.power('power on', 'on', from);
  }

  async powerOff(opts: { graceful?: boolean } = {}): Promise<PowerChange> {
    const operation = opts.graceful ? 'graceful power off' : 'power off';
    const from = await this.readPower(operation);
    if (isHeadingTo(from, 'off')) return { changed: false, from };
    return this.power(operation, opts.graceful ? 'soft' : 'off', from);
  }

  async reboot(method: RebootMethod = 'cycle'): Promise<PowerChange> {
    const operation = `reboot (${method})`;
    const verb = REBOOT_VERB[method];
    if (!verb) throw bmcUnsupportedValue(this.ctx(operation), 'reboot method', [method], ['cycle', 'reset']);
    const from = await this.readPower(operation);
    // A cycle or reset of a host that is off is refused by many BMCs ("not supported in present
    // state"): from off, a reboot is a power on.
    return this.power(operation, from === 'off' ? 'on' : verb, from);
  }

  async setBootDevice(device: BootDevice, opts: BootOptions = {}): Promise<void> {
    const operation = `set one-time boot device ${device}`;
    const out = await this.run(operation, bootdevCommand(device, opts));
    if (!bootdevAccepted(out)) throw this.unexpected(operation, out);
  }

  async bootOverride(): Promise<BootOverride> {
    const operation = 'read boot override';
    const out = await this.run(operation, bootFlagsCommand());
    const flags = parseBootFlags(out);
    if (!flags) throw this.unexpected(operation, out);
    return flags;
  }

  private async readPower(operation: string): Promise<PowerState> {
    const out = await this.run(operation, powerCommand('status'));
    const state = parsePowerStatus(out);
    if (!state) throw this.unexpected(operation, out);
    return state;
  }

  private async power(operation: string, verb: PowerVerb, from: PowerState): Promise<PowerChange> {
    const command = powerCommand(verb);
    const out = await this.run(operation, command);
    if (!powerControlAccepted(out)) throw this.unexpected(operation, out);
    return { changed: true, from, request: command.join(' ') };
  }

  /** Runs ipmitool; answers stdout when it exits 0, throws the classified failure otherwise. */
  private async run(operation: string, command: string[]): Promise<string> {
    const timeoutMs = this.opts.timeoutMs ?? 30_000;
    const path = this.opts.ipmitoolPath ?? 'ipmitool';
    const password = this.opts.credentials.revealPassword();
    const r = await runIpmitool(path, ipmitoolArgs(this.target, command), password, timeoutMs);
    const clean = (s: string) => redact(s, [password]);
    const request = `ipmitool ${command.join(' ')}`;
    if (r.spawnError) {
      const why =
        r.spawnError === 'ENOENT'
          ? `${path} is not installed on this worker (Debian: apt-get install ipmitool)`
          : clean(r.spawnError);
      throw bmcFailure('transient', `${request}: ${why}`, this.ctx(operation), { request });
    }
    if (r.timedOut) {
      throw bmcFailure('unreachable', `${request}: no result within ${timeoutMs} ms`, this.ctx(operation), {
        request,
      });
    }
    if (r.exitCode === 0) return r.stdout;
    const failure = classifyIpmitoolFailure(`${r.stderr}\n${r.stdout}`);
    const cipher = failure.cipher ? `RMCP+ cipher suite ${this.target.cipherSuite}: ` : '';
    throw bmcFailure(failure.cls, clean(`${request}: ${cipher}${failure.detail}`), this.ctx(operation), {
      request,
      exitCode: r.exitCode,
    });
  }

  private unexpected(operation: string, stdout: string) {
    const said = redact(stdout.trim().split(/\r?\n/).slice(-3).join(' / '), [
      this.opts.credentials.revealPassword(),
    ]);
    return bmcFailure('transient', `ipmitool answered something unexpected: "${said}"`, this.ctx(operation));
  }

  private ctx(operation: string): BmcCallContext {
    return {
      host: this.opts.host,
      address: this.opts.address,
      operation,
      ...(this.opts.credentialsName ? { credentialsName: this.opts.credentialsName } : {}),
    };
  }
}
