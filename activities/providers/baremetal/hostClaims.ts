/**
 * Which machine holds which BareMetalHost: a small store shared by every worker serving the
 * provider (a directory on a shared volume, like the secret store, activities/secrets/secretStore.ts).
 *
 * Why not on the host, as the SSH provider does: a bare-metal host has no OS to write a claim to
 * before it is powered on and booted, and a BMC has nowhere portable to keep one (IPMI has no such
 * field; Redfish AssetTag is optional and operators use it). And the claim must come before the
 * power-on: two workers must never both boot one host. So the claim is a file created atomically
 * (temporary file hard-linked into place: the link fails when the name exists, the first writer
 * wins, everyone reads the winner), and only then is the BMC touched. Once the OS answers over SSH
 * the provider also writes the SSH provider's claim marker on the host (a second, on-host record).
 *
 * Layout (dirs 0700, files 0600):
 * - `<root>/claims/<namespace>/<host>.json`: the claim and how far provisioning got;
 * - `<root>/userdata/<namespace>/<cluster>/<machine>`: the machine's bootstrap data, which the
 *   provider hands to the host over SSH once it has booted (the equivalent of the userData Secret
 *   CAPM3 gives a BareMetalHost). It holds the join token: it never leaves the worker side.
 *
 * Updates to a claim are made by its owner's activities only (write to a temporary file, rename).
 */
import type { MachineRole } from '../types';
import { readdir, rm } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { createFileExclusively, readTextIfExists, replaceFile } from '../../fs/atomicFiles';
import type { BootDevice } from './bmcClient';

export interface HostOwner {
  namespace: string;
  cluster: string;
  machine: string;
}

export interface HostClaimRecord extends HostOwner {
  /** the BareMetalHost's name (in `namespace`) */
  host: string;
  claimedAt: string;
  /** what the machine is (absent in claims made before they were kept): the kubelet stand-in registers its Node from them */
  role?: MachineRole;
  version?: string;
  /** the boot device the machine's template asks for (PXE with an image), set through the BMC once */
  plannedBootDevice?: BootDevice;
  /** the one-time boot device set through the BMC, once set */
  bootDevice?: BootDevice;
  /** when power-on was requested through the BMC */
  poweredOnAt?: string;
  /** host key pinned at the first SSH contact after the claim (when the host declares none) */
  hostKey?: string;
  /** when the host's OS first answered over SSH (and the on-host claim marker was written) */
  contactedAt?: string;
  /** when the bootstrap was first started on the host */
  bootstrapStartedAt?: string;
  /** set by deleteMachine: the host is being given back */
  deletingSince?: string;
  /** when the reset over SSH was done (or skipped), during delete */
  resetAt?: string;
  /** idempotency keys of the power cycles already sent (the latest few) */
  reboots?: string[];
}

export function sameOwner(a: HostOwner, b: HostOwner): boolean {
  return a.namespace === b.namespace && a.cluster === b.cluster && a.machine === b.machine;
}

const SEGMENT = /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/;

export class FileHostClaimStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /**
   * Claims `host` for `owner` unless someone holds it; answers the claim as recorded (the
   * caller's, or another machine's).
   */
  async claim(
    namespace: string,
    host: string,
    owner: HostOwner,
    extra: Pick<HostClaimRecord, 'plannedBootDevice' | 'role' | 'version'> = {},
    now = new Date(),
  ): Promise<HostClaimRecord> {
    const path = this.claimPath(namespace, host);
    const existing = await this.read(path);
    if (existing) return existing;
    const record: HostClaimRecord = { ...owner, host, claimedAt: now.toISOString(), ...extra };
    await createFileExclusively(path, `${JSON.stringify(record)}\n`);
    const held = await this.read(path);
    if (!held) throw new Error(`claim ${path} vanished right after it was made`);
    return held;
  }

  /** The claim `owner` holds, if any (there is at most one: a machine claims one host). */
  async findByOwner(owner: HostOwner): Promise<HostClaimRecord | undefined> {
    return (await this.list(owner.namespace)).find((c) => sameOwner(c, owner));
  }

  /** Every claim of a namespace (optionally of one cluster). */
  async list(namespace: string, cluster?: string): Promise<HostClaimRecord[]> {
    const dir = join(this.root, 'claims', segment(namespace));
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const out: HostClaimRecord[] = [];
    for (const n of names.filter((x) => x.endsWith('.json')).sort()) {
      const c = await this.read(join(dir, n));
      if (c && (cluster === undefined || c.cluster === cluster)) out.push(c);
    }
    return out;
  }

  /** Records progress on the owner's claim; answers the record as written. */
  async update(claim: HostClaimRecord, change: Partial<HostClaimRecord>): Promise<HostClaimRecord> {
    const path = this.claimPath(claim.namespace, claim.host);
    const current = await this.read(path);
    if (!current || !sameOwner(current, claim)) {
      throw new Error(`claim of host ${claim.namespace}/${claim.host} is no longer held by machine ${claim.machine}`);
    }
    const next: HostClaimRecord = { ...current, ...change };
    await replaceFile(path, `${JSON.stringify(next)}\n`);
    return next;
  }

  /** Gives the host back (and drops the owner's bootstrap data); already free is success. */
  async release(claim: HostClaimRecord): Promise<void> {
    await this.deleteUserData(claim);
    const path = this.claimPath(claim.namespace, claim.host);
    const current = await this.read(path);
    if (current && sameOwner(current, claim)) await rm(path, { force: true });
  }

  async putUserData(owner: HostOwner, data: string): Promise<void> {
    await replaceFile(this.userDataPath(owner), data);
  }

  async userData(owner: HostOwner): Promise<string | undefined> {
    return readTextIfExists(this.userDataPath(owner));
  }

  async deleteUserData(owner: HostOwner): Promise<void> {
    await rm(this.userDataPath(owner), { force: true });
  }

  private async read(path: string): Promise<HostClaimRecord | undefined> {
    const text = await readTextIfExists(path);
    if (text === undefined) return undefined;
    const v = JSON.parse(text) as Partial<HostClaimRecord>;
    if (typeof v.namespace !== 'string' || typeof v.cluster !== 'string' || typeof v.machine !== 'string' || typeof v.host !== 'string') {
      throw new Error(`claim file ${path} does not name namespace, cluster, machine and host; a human must inspect or remove it`);
    }
    return v as HostClaimRecord;
  }

  private claimPath(namespace: string, host: string): string {
    return this.inside(join(this.root, 'claims', segment(namespace), `${segment(host)}.json`));
  }

  private userDataPath(o: HostOwner): string {
    return this.inside(join(this.root, 'userdata', segment(o.namespace), segment(o.cluster), segment(o.machine)));
  }

  private inside(path: string): string {
    if (!path.startsWith(this.root + sep)) throw new Error(`path ${path} leaves the claim store`);
    return path;
  }
}

function segment(s: string): string {
  if (!SEGMENT.test(s)) throw new Error(`"${s}" is not a usable name in the claim store (lowercase [a-z0-9._-])`);
  return s;
}
