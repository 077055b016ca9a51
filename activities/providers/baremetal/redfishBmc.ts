/**
 * A BmcClient over Redfish (DMTF DSP0266), as Ironic's redfish driver uses it: find the
 * ComputerSystem (the address's path, or the only member of /redfish/v1/Systems), read
 * PowerState, POST ComputerSystem.Reset with a ResetType the BMC allows, PATCH a one-time boot
 * override, and insert/eject virtual media. Basic auth on every request (no session: a session
 * token would be one more secret to guard, for no gain at this request rate).
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
import {
  bmcFailure,
  bmcInvalidSpec,
  bmcUnsupportedValue,
  classifyHttpStatus,
  classifyTransportError,
  type BmcCallContext,
} from './bmcFailure';
import { redact } from './redact';
import { RedfishHttp, RedfishTransportError } from './redfishHttp';
import {
  allowedBootTargetsOf,
  bootOverrideOf,
  bootOverridePatch,
  bootTargetFor,
  memberPaths,
  pickCdDevice,
  powerStateOf,
  redfishErrorMessage,
  resetActionOf,
  systemsPathOf,
  virtualMediaDeviceOf,
  virtualMediaPathOf,
  type VirtualMediaDevice,
} from './redfishResources';
import { checkResetType, chooseResetType, type PowerIntent, type ResetTypeChoice } from './redfishResetType';

export const DEFAULT_REDFISH_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 3;

export interface RedfishBmcOptions {
  /** `<namespace>/<name>` of the BareMetalHost, for messages */
  host: string;
  /** spec.bmc.address as declared, for messages */
  address: string;
  endpoint: Extract<BmcEndpoint, { protocol: 'redfish' }>;
  credentials: BmcCredentials;
  /** spec.bmc.credentialsName, named when the BMC refuses the credentials */
  credentialsName?: string;
  /** spec.bmc.disableCertificateVerification */
  insecure?: boolean;
  timeoutMs?: number;
}

export interface VirtualMediaChange {
  changed: boolean;
  /** the virtual media device used (`@odata.id`) */
  device: string;
  image?: string;
}

type Method = 'GET' | 'POST' | 'PATCH';

export class RedfishBmc implements BmcClient {
  readonly protocol = 'redfish' as const;
  readonly description: string;
  private readonly http: RedfishHttp;
  private systemPath: string | undefined;

  constructor(private readonly opts: RedfishBmcOptions) {
    this.description = `${opts.host} (BMC ${opts.address})`;
    this.systemPath = opts.endpoint.systemPath;
    this.http = new RedfishHttp(
      {
        scheme: opts.endpoint.scheme,
        hostname: opts.endpoint.hostname,
        port: opts.endpoint.port,
        insecure: opts.insecure ?? false,
        timeoutMs: opts.timeoutMs ?? DEFAULT_REDFISH_TIMEOUT_MS,
      },
      opts.credentials.username,
      opts.credentials.revealPassword(),
    );
  }

  async powerState(): Promise<PowerState> {
    const { body } = await this.system('read power state');
    return this.powerStateIn(body, 'read power state');
  }

  async powerOn(): Promise<PowerChange> {
    const { path, body } = await this.system('power on');
    const from = this.powerStateIn(body, 'power on');
    if (isHeadingTo(from, 'on')) return { changed: false, from };
    return this.sendReset(
      'power on',
      path,
      body,
      from,
      chooseResetType('on', resetActionOf(body, path).allowed),
    );
  }

  async powerOff(opts: { graceful?: boolean } = {}): Promise<PowerChange> {
    const operation = opts.graceful ? 'graceful power off' : 'power off';
    const { path, body } = await this.system(operation);
    const from = this.powerStateIn(body, operation);
    if (isHeadingTo(from, 'off')) return { changed: false, from };
    const intent: PowerIntent = opts.graceful ? 'gracefulShutdown' : 'forceOff';
    return this.sendReset(
      operation,
      path,
      body,
      from,
      chooseResetType(intent, resetActionOf(body, path).allowed),
    );
  }

  async reboot(method: RebootMethod = 'cycle'): Promise<PowerChange> {
    const operation = `reboot (${method})`;
    const { path, body } = await this.system(operation);
    const from = this.powerStateIn(body, operation);
    const allowed = resetActionOf(body, path).allowed;
    if (isHeadingTo(from, 'off'))
      return this.sendReset(operation, path, body, from, chooseResetType('on', allowed));
    const intent: PowerIntent = method === 'graceful' ? 'gracefulRestart' : method;
    return this.sendReset(operation, path, body, from, chooseResetType(intent, allowed));
  }

  /** Sends one ResetType as is, after checking the BMC allows it. Not idempotent: callers decide. */
  async reset(resetType: string): Promise<PowerChange> {
    const operation = `reset ${resetType}`;
    const { path, body } = await this.system(operation);
    const from = this.powerStateIn(body, operation);
    return this.sendReset(
      operation,
      path,
      body,
      from,
      checkResetType(resetType, resetActionOf(body, path).allowed),
    );
  }

  async setBootDevice(device: BootDevice, opts: BootOptions = {}): Promise<void> {
    const operation = `set one-time boot device ${device}`;
    const { path, body } = await this.system(operation);
    const target = bootTargetFor(device);
    const allowed = allowedBootTargetsOf(body);
    if (allowed && allowed.length > 0 && !allowed.includes(target)) {
      throw bmcUnsupportedValue(this.ctx(operation), 'BootSourceOverrideTarget', [target], allowed);
    }
    await this.call(operation, 'PATCH', path, bootOverridePatch(device, opts));
  }

  async bootOverride(): Promise<BootOverride> {
    const { body } = await this.system('read boot override');
    return bootOverrideOf(body);
  }

  /** The system's virtual media devices (Redfish VirtualMedia collection). */
  async virtualMedia(): Promise<VirtualMediaDevice[]> {
    const operation = 'list virtual media';
    const { body } = await this.system(operation);
    const collection = virtualMediaPathOf(body);
    if (!collection)
      throw bmcFailure('unsupported', 'the system has no VirtualMedia collection', this.ctx(operation));
    const members = memberPaths(await this.call(operation, 'GET', collection));
    const devices: VirtualMediaDevice[] = [];
    for (const m of members) devices.push(virtualMediaDeviceOf(await this.call(operation, 'GET', m), m));
    return devices;
  }

  /**
   * Inserts `imageUrl` into the CD/DVD device: a no-op when that image is already in; another
   * image is ejected first. The BMC fetches the image itself.
   */
  async insertVirtualMedia(imageUrl: string): Promise<VirtualMediaChange> {
    const operation = 'insert virtual media';
    const cd = await this.cdDevice(operation);
    if (cd.inserted && cd.image === imageUrl) return { changed: false, device: cd.path, image: imageUrl };
    if (cd.inserted) await this.call(operation, 'POST', cd.ejectTarget, {});
    await this.call(operation, 'POST', cd.insertTarget, {
      Image: imageUrl,
      Inserted: true,
      WriteProtected: true,
    });
    return { changed: true, device: cd.path, image: imageUrl };
  }

  /** Ejects the CD/DVD device's media; a no-op when none is in. */
  async ejectVirtualMedia(): Promise<VirtualMediaChange> {
    const operation = 'eject virtual media';
    const cd = await this.cdDevice(operation);
    if (!cd.inserted) return { changed: false, device: cd.path };
    await this.call(operation, 'POST', cd.ejectTarget, {});
    return { changed: true, device: cd.path };
  }

  private async cdDevice(operation: string): Promise<VirtualMediaDevice> {
    const devices = await this.virtualMedia();
    const cd = pickCdDevice(devices);
    if (!cd) {
      const kinds = devices.map((d) => `${d.path} [${d.mediaTypes.join(', ')}]`).join('; ') || 'none';
      throw bmcFailure(
        'unsupported',
        `no virtual media device takes a CD or DVD (devices: ${kinds})`,
        this.ctx(operation),
      );
    }
    return cd;
  }

  private async sendReset(
    operation: string,
    systemPath: string,
    system: unknown,
    from: PowerState,
    choice: ResetTypeChoice,
  ): Promise<PowerChange> {
    if (!choice.ok)
      throw bmcUnsupportedValue(this.ctx(operation), 'ResetType', choice.wanted, choice.allowed);
    const { target } = resetActionOf(system, systemPath);
    await this.call(operation, 'POST', target, { ResetType: choice.resetType });
    return { changed: true, from, request: choice.resetType };
  }

  private powerStateIn(system: unknown, operation: string): PowerState {
    const state = powerStateOf(system);
    if (state) return state;
    const raw = (system as { PowerState?: unknown } | undefined)?.PowerState;
    throw bmcFailure(
      'transient',
      `the system reports PowerState ${JSON.stringify(raw ?? null)}, which is not one Redfish defines`,
      this.ctx(operation),
    );
  }

  private async system(operation: string): Promise<{ path: string; body: unknown }> {
    const path = await this.resolveSystemPath(operation);
    return { path, body: await this.call(operation, 'GET', path) };
  }

  private async resolveSystemPath(operation: string): Promise<string> {
    if (this.systemPath) return this.systemPath;
    const root = await this.call(operation, 'GET', '/redfish/v1/');
    const systemsPath = systemsPathOf(root);
    const members = memberPaths(await this.call(operation, 'GET', systemsPath));
    if (members.length === 1 && members[0]) {
      this.systemPath = members[0];
      return members[0];
    }
    if (members.length === 0)
      throw bmcFailure('notFound', `${systemsPath} lists no system`, this.ctx(operation));
    throw bmcInvalidSpec(
      `BMC of host ${this.description} serves ${members.length} systems (${members.join(', ')}): ` +
        `name one in spec.bmc.address, e.g. ${this.opts.address.replace(/\/*$/, '')}${members[0] ?? ''}`,
    );
  }

  private ctx(operation: string): BmcCallContext {
    return {
      host: this.opts.host,
      address: this.opts.address,
      operation,
      ...(this.opts.credentialsName ? { credentialsName: this.opts.credentialsName } : {}),
    };
  }

  private async call(operation: string, method: Method, path: string, body?: unknown): Promise<unknown> {
    let current = path;
    for (let hop = 0; ; hop++) {
      const request = `${method} ${current}`;
      let res;
      try {
        res = await this.http.request(method, current, body);
      } catch (err) {
        if (!(err instanceof RedfishTransportError)) throw err;
        throw bmcFailure(
          classifyTransportError(err.code),
          redact(`${request}: ${err.code}: ${err.message}`, [this.opts.credentials.revealPassword()]),
          this.ctx(operation),
          {
            request,
            errorCode: err.code,
          },
        );
      }
      if (res.status >= 200 && res.status < 300) return res.body;
      if ((res.status === 307 || res.status === 308) && res.location && hop < MAX_REDIRECTS) {
        // sushy-tools answers a system addressed by name with a redirect to its UUID.
        current = new URL(res.location, 'http://bmc').pathname;
        if (method === 'GET' && current.startsWith('/redfish/v1/Systems/') && path === this.systemPath)
          this.systemPath = current;
        continue;
      }
      const said =
        redfishErrorMessage(res.body) ?? (typeof res.body === 'string' ? res.body.trim().slice(0, 300) : '');
      const detail = redact(`${request}: HTTP ${res.status}${said ? `: ${said}` : ''}`, [
        this.opts.credentials.revealPassword(),
      ]);
      throw bmcFailure(classifyHttpStatus(res.status), detail, this.ctx(operation), {
        request,
        httpStatus: res.status,
      });
    }
  }
}
