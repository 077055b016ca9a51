/**
 * What a gateway call threw before classification: etcd answered with an error (HTTP status,
 * gRPC code, etcd's message), or no answer came (refused, reset, timed out).
 */
export type EtcdCallErrorFacts =
  | { kind: 'answer'; httpStatus: number; grpcCode?: number; message: string }
  | { kind: 'transport'; message: string };

export class EtcdCallError extends Error {
  constructor(
    readonly facts: EtcdCallErrorFacts,
    /** the endpoint asked, e.g. `http://172.30.0.11:2379` */
    readonly endpoint: string,
  ) {
    super(facts.message);
    this.name = 'EtcdCallError';
  }

  get grpcCode(): number | undefined {
    return this.facts.kind === 'answer' ? this.facts.grpcCode : undefined;
  }
}
