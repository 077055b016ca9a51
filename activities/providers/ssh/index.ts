/** The SSH hosts building blocks (issue 4 §4): pinned transport, enrolment, bootstrap, claims. */
export {
  describeHostKey,
  fingerprintOf,
  parseHostKeyPin,
  type HostKeyPin,
  type PresentedHostKey,
} from './hostKey';
export {
  SshCredentials,
  directorySshCredentialSource,
  envSshCredentialSource,
  resolveSshCredentials,
  sshCredentialsEnvName,
  type SshCredentialSource,
  type SshCredentialsRef,
} from './sshCredentials';
export { DEFAULT_SSH_PORT, DEFAULT_SSH_USER, hostAddress, type SshHost } from './sshHost';
export { classifyConnectError, sshFailure, type SshCallContext, type SshErrorClass } from './sshFailure';
export {
  SshSession,
  openSshSession,
  withSshSession,
  type ExecOptions,
  type ExecResult,
  type SshConnectOptions,
} from './sshSession';
export { enrolHost, type EnrolmentResult, type HostFacts } from './enrol';
export { BOOTSTRAP_SENTINEL, BOOTSTRAP_STATE_DIR } from './bootstrapScript';
export {
  bootstrapComplete,
  readBootstrapState,
  runBootstrap,
  startBootstrap,
  type BootstrapOptions,
  type BootstrapResult,
  type BootstrapStartOutcome,
} from './bootstrapRunner';
export type { HostBootstrapState } from './bootstrapScript';
export { CLAIM_PATH, type ClaimRecord, type HostClaim } from './claimMarker';
export { claimHost, readHostClaim, releaseHost, type ReleaseOptions, type ReleaseOutcome } from './claim';
export {
  describeSelector,
  hostsMatching,
  parseSshInventory,
  templateSelector,
  type InventoryParse,
} from './inventory';
export {
  DEFAULT_RESET_COMMAND,
  SshInfrastructureProvider,
  providerIdOf,
  statusOf,
  type SshProviderOptions,
} from './sshInfrastructureProvider';
