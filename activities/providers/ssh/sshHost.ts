/** An existing machine reachable over SSH: what the inventory declares about it. */
export interface SshHost {
  /** unique in the inventory; names the host in messages and claims */
  name: string;
  /** IP address or DNS name */
  address: string;
  /** default 22 */
  port?: number;
  /** default `root`; another user must be allowed password-less `sudo -n` */
  user?: string;
  /**
   * The pinned host key: `SHA256:...` (ssh-keygen -l) or a public key line (`ssh-ed25519 AAAA...`).
   * Required for everything but enrolment, which answers it.
   */
  hostKey?: string;
  /** the private key, by reference (see sshCredentials.ts) */
  credentialsName: string;
  /** namespace to look for the credentials in first */
  namespace?: string;
  /** for matching machine templates' selectors */
  labels?: Record<string, string>;
}

export const DEFAULT_SSH_PORT = 22;
export const DEFAULT_SSH_USER = 'root';

export function hostAddress(host: SshHost): string {
  const port = host.port ?? DEFAULT_SSH_PORT;
  return host.address.includes(':') ? `[${host.address}]:${port}` : `${host.address}:${port}`;
}
