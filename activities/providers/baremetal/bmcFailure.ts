/**
 * Turns what a BMC answered into the ApplicationFailure Temporal's retry policy acts on (DESIGN.md:
 * terminal errors are non-retryable ApplicationFailures typed from shared/errors.ts). Pure: the
 * clients find the facts (HTTP status, ipmitool output) and call these builders. Messages name the
 * host and its BMC address; callers redact the password from any detail before it gets here.
 */
import { ApplicationFailure } from '@temporalio/common';
import { ErrorTypes, TERMINAL_ERROR_TYPES, type ErrorType } from '../../../shared/errors';

/**
 * - `unreachable`: no answer (refused, timeout, DNS, no RMCP+ session reply). Retried.
 * - `transient`: the BMC answered with a server error, or something unknown. Retried.
 * - `auth`: the BMC refused the credentials or their privilege (HTTP 401/403, RAKP errors,
 *   insufficient privilege). Terminal: a human must fix the credentials.
 * - `unsupported`: the BMC cannot do what was asked (HTTP 501, a reset type or boot target it
 *   does not allow). Terminal.
 * - `notFound`: the system the address names does not exist (HTTP 404). Terminal.
 * - `conflict`: not now, in this state (HTTP 409, IPMI "not supported in present state"). Retried.
 * - `rejected`: the request itself was refused (other 4xx, invalid IPMI data). Terminal.
 * - `untrusted`: the BMC's TLS certificate does not verify. Terminal: trust its CA or opt out.
 */
export type BmcErrorClass =
  | 'unreachable'
  | 'transient'
  | 'auth'
  | 'unsupported'
  | 'notFound'
  | 'conflict'
  | 'rejected'
  | 'untrusted';

export interface BmcCallContext {
  /** `<namespace>/<name>` of the BareMetalHost */
  host: string;
  /** its BMC address, as declared (never with credentials) */
  address: string;
  /** what was being done, e.g. `power on`, `GET /redfish/v1/Systems/1` */
  operation: string;
  /** spec.bmc.credentialsName, named when the credentials are at fault */
  credentialsName?: string;
}

const TYPE_OF_CLASS: Record<BmcErrorClass, ErrorType> = {
  unreachable: ErrorTypes.ProviderUnavailable,
  transient: ErrorTypes.ProviderUnavailable,
  auth: ErrorTypes.AuthFailed,
  unsupported: ErrorTypes.InvalidSpec,
  notFound: ErrorTypes.InvalidSpec,
  conflict: ErrorTypes.Conflict,
  rejected: ErrorTypes.InvalidSpec,
  untrusted: ErrorTypes.InvalidSpec,
};

/** Node's TLS verification codes: retrying cannot make such a certificate trusted. */
const CERTIFICATE_CODES =
  /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|CERT_SIGNATURE_FAILURE|CERT_UNTRUSTED|CERT_REVOKED|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH)$/;

/** The class of a request that got no HTTP answer, by Node's error code. */
export function classifyTransportError(code: string): BmcErrorClass {
  return CERTIFICATE_CODES.test(code) ? 'untrusted' : 'unreachable';
}

/** The class of a Redfish HTTP status that is not a success. */
export function classifyHttpStatus(status: number): BmcErrorClass {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'notFound';
  if (status === 409 || status === 412 || status === 423) return 'conflict';
  if (status === 501) return 'unsupported';
  if (status === 408 || status === 429 || status >= 500) return 'transient';
  return 'rejected';
}

export function bmcFailure(
  cls: BmcErrorClass,
  detail: string,
  ctx: BmcCallContext,
  extra: Record<string, unknown> = {},
): ApplicationFailure {
  const type = TYPE_OF_CLASS[cls];
  const bmc = `host ${ctx.host} (BMC ${ctx.address})`;
  let message: string;
  switch (cls) {
    case 'unreachable':
      message = `BMC of ${bmc} is unreachable during ${ctx.operation} (${detail}); will retry`;
      break;
    case 'transient':
      message = `BMC of ${bmc} failed during ${ctx.operation} (${detail}); will retry`;
      break;
    case 'auth': {
      const which = ctx.credentialsName ? ` in credentials "${ctx.credentialsName}"` : '';
      message = `BMC credentials rejected for ${bmc} during ${ctx.operation} (${detail}); check the username, password and privilege${which}`;
      break;
    }
    case 'unsupported':
      message = `BMC of ${bmc} does not support ${ctx.operation} (${detail})`;
      break;
    case 'notFound':
      message = `BMC of ${bmc} has no such resource for ${ctx.operation} (${detail}); check spec.bmc.address`;
      break;
    case 'conflict':
      message = `BMC of ${bmc} refused ${ctx.operation} in its current state (${detail}); will retry`;
      break;
    case 'rejected':
      message = `BMC of ${bmc} refused ${ctx.operation} (${detail})`;
      break;
    case 'untrusted':
      message =
        `BMC of ${bmc} presented a TLS certificate this worker does not trust during ${ctx.operation} (${detail}); ` +
        'add its CA to the worker (NODE_EXTRA_CA_CERTS) or set spec.bmc.disableCertificateVerification: true';
      break;
  }
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: TERMINAL_ERROR_TYPES.includes(type),
    details: [
      { host: ctx.host, bmcAddress: ctx.address, operation: ctx.operation, bmcErrorClass: cls, ...extra },
    ],
  });
}

/** A value the BMC does not offer (a reset type, a boot target): terminal, naming what it allows. */
export function bmcUnsupportedValue(
  ctx: BmcCallContext,
  what: string,
  wanted: readonly string[],
  allowed: readonly string[],
): ApplicationFailure {
  const asked = wanted.map((w) => `"${w}"`).join(' or ');
  const offers = allowed.length > 0 ? allowed.join(', ') : 'nothing';
  return bmcFailure('unsupported', `${what} ${asked} is not allowed; the BMC allows: ${offers}`, ctx, {
    [what]: [...wanted],
    allowed: [...allowed],
  });
}

/** A problem with the host's declaration found before any call (bad address, missing credentials). */
export function bmcInvalidSpec(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: ErrorTypes.InvalidSpec, message, nonRetryable: true });
}
