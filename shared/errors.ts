/**
 * Error types shared by activities and workflows. Activities throw ApplicationFailure with one of
 * these types; terminal ones are marked nonRetryable so Temporal does not retry a bad spec forever.
 */
export const ErrorTypes = {
  /** The declared resources are invalid (schema, refs, version rules). Terminal. */
  InvalidSpec: 'InvalidSpec',
  /** A version change breaks the skew rules. Terminal. */
  VersionSkew: 'VersionSkew',
  /** Credentials refused by the provider. Terminal. */
  AuthFailed: 'AuthFailed',
  /** Provider quota exhausted. Terminal until a human acts. */
  QuotaExceeded: 'QuotaExceeded',
  /** The provider or workload API did not answer; retried. */
  ProviderUnavailable: 'ProviderUnavailable',
  /** Infrastructure reported the machine failed to provision. Terminal for that machine. */
  ProvisioningFailed: 'ProvisioningFailed',
  /** The request conflicts with the resource's current state (e.g. deleting). */
  Conflict: 'Conflict',
  /** The resource does not exist. */
  NotFound: 'NotFound',
} as const;

export type ErrorType = (typeof ErrorTypes)[keyof typeof ErrorTypes];

export const TERMINAL_ERROR_TYPES: readonly ErrorType[] = [
  ErrorTypes.InvalidSpec,
  ErrorTypes.VersionSkew,
  ErrorTypes.AuthFailed,
  ErrorTypes.QuotaExceeded,
  ErrorTypes.ProvisioningFailed,
];

/**
 * One finding of manifest validation. Every message names where (document, kind/name, field
 * path) and which rule, because a platform engineer fixing YAML needs all three.
 */
export interface ValidationIssue {
  /** e.g. `cluster.yaml#3` (file and 1-based document index) */
  document: string;
  /** `Kind/name`, or `Kind/<unnamed>` when the name itself is missing */
  resource: string;
  /** dotted field path, e.g. `spec.rollout.strategy.rollingUpdate.maxSurge` */
  path: string;
  /** short rule id, e.g. `dns1123-subdomain`, `one-minor-per-upgrade` */
  rule: string;
  /** human sentence that says the rule */
  message: string;
}

export function formatIssue(i: ValidationIssue): string {
  const where = i.path ? `${i.resource} ${i.path}` : i.resource;
  return `${i.document}: ${where}: ${i.message} [${i.rule}]`;
}

/** Thrown (in plain code, not workflows) when a manifest set is invalid; carries every issue. */
export class ManifestValidationError extends Error {
  constructor(public readonly issues: ValidationIssue[]) {
    super(
      `${issues.length} validation error${issues.length === 1 ? '' : 's'}:\n` +
        issues.map((i) => `  - ${formatIssue(i)}`).join('\n'),
    );
    this.name = 'ManifestValidationError';
  }
}
