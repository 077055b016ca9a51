import { ErrorTypes, type ErrorType } from '../../../shared/errors';

/** A refusal of the simulated cloud, carried to the HTTP layer as `{error: {type, message}}`. */
export class SimError extends Error {
  constructor(
    public readonly type: ErrorType,
    public readonly httpStatus: number,
    message: string,
  ) {
    super(message);
    this.name = 'SimError';
  }

  static notFound(message: string): SimError {
    return new SimError(ErrorTypes.NotFound, 404, message);
  }

  static conflict(message: string): SimError {
    return new SimError(ErrorTypes.Conflict, 409, message);
  }

  /** The workload cluster's API server (or etcd) cannot serve the request now; retry later. */
  static unavailable(message: string): SimError {
    return new SimError(ErrorTypes.ProviderUnavailable, 503, message);
  }

  static invalidSpec(message: string, httpStatus = 400): SimError {
    return new SimError(ErrorTypes.InvalidSpec, httpStatus, message);
  }
}
