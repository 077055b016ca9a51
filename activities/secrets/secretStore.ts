import { rm } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { createFileExclusively, readTextIfExists } from '../fs/atomicFiles';

/**
 * Where cluster secrets live (CA keys, service-account keys): DESIGN.md's rule is that no private
 * key, token or kubeconfig sits in workflow history in plain text. Capstan keeps them OUT of
 * history entirely: activities create and read them here, and workflows never see more than
 * what is public (a CA certificate's hash). Every worker serving a provider must see the same
 * store (a shared volume, or a Vault/Kubernetes-Secret implementation of this interface).
 */
export interface SecretStore {
  /**
   * The secret at `ref`, creating it with `create` when absent. Concurrent callers (two machines
   * of one cluster bootstrapping at once, a retried activity) all get the one value written
   * first: creation is atomic and never overwrites.
   */
  getOrCreate(ref: string, create: () => Promise<string> | string): Promise<string>;
  get(ref: string): Promise<string | undefined>;
  /** Deletes every secret under `prefix` (a cluster's, at teardown); absent is success. */
  deleteAll(prefix: string): Promise<void>;
}

const REF = /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?(\/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*$/;

/**
 * A directory of files, one per secret, readable by the worker's user only (dirs 0700, files 0600).
 * Creation writes a temporary file and hard-links it into place, which fails when the name exists:
 * the first writer wins and everyone reads its value.
 */
export class FileSecretStore implements SecretStore {
  readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }

  async getOrCreate(ref: string, create: () => Promise<string> | string): Promise<string> {
    const existing = await this.get(ref);
    if (existing !== undefined) return existing;
    // a concurrent caller may win the create: everyone reads the winner's value
    await createFileExclusively(this.pathOf(ref), await create());
    return (await this.get(ref))!;
  }

  async get(ref: string): Promise<string | undefined> {
    return readTextIfExists(this.pathOf(ref));
  }

  async deleteAll(prefix: string): Promise<void> {
    await rm(this.pathOf(prefix), { recursive: true, force: true });
  }

  private pathOf(ref: string): string {
    if (!REF.test(ref)) throw new Error(`secret reference "${ref}" must be lowercase path segments ([a-z0-9._-], separated by /)`);
    const path = join(this.root, ...ref.split('/'));
    if (!path.startsWith(this.root + sep)) throw new Error(`secret reference "${ref}" leaves the store`);
    return path;
  }
}
