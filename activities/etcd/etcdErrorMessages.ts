/**
 * etcd's server error texts (etcdserver/api/v3rpc/rpctypes, 3.4) the client acts on, and the gRPC
 * codes the gateway reports. Pure.
 */

export const GrpcCode = {
  OK: 0,
  Cancelled: 1,
  Unknown: 2,
  InvalidArgument: 3,
  DeadlineExceeded: 4,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Aborted: 10,
  OutOfRange: 11,
  Unimplemented: 12,
  Internal: 13,
  Unavailable: 14,
  DataLoss: 15,
  Unauthenticated: 16,
} as const;

const has = (message: string, text: string): boolean => message.toLowerCase().includes(text);

/** Promote refused because the learner has not caught up with the leader's log yet: retry. */
export const isLearnerNotInSync = (m: string): boolean => has(m, 'in sync with leader');
/** Promote of a member that already votes (a repeated promote). */
export const isNotALearner = (m: string): boolean => has(m, 'can only promote a learner member') && !isLearnerNotInSync(m);
export const isMemberNotFound = (m: string): boolean => has(m, 'member not found');
/** Add of a peer URL (or id) that is already a member: a repeated add. */
export const isAlreadyMember = (m: string): boolean => has(m, 'peer urls already exists') || has(m, 'member id already exist');
/** A learner serves only a few RPCs (status, serializable reads): ask a voting member instead. */
export const isNotSupportedForLearner = (m: string): boolean => has(m, 'rpc not supported for learner');
/** etcd 3.4 allows one learner at a time. */
export const isTooManyLearners = (m: string): boolean => has(m, 'too many learner members');
/** A reconfiguration refused by `--strict-reconfig-check` or while the cluster settles. */
export const isReconfigRefused = (m: string): boolean =>
  has(m, 'not enough started members') || has(m, 'unhealthy cluster');
/** transfer-leadership sent to a member that no longer leads. */
export const isNotLeader = (m: string): boolean => has(m, 'not leader');
