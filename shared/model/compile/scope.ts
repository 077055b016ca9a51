import type { ValidationIssue } from '../../errors';
import type { ParsedDoc } from '../parsedDoc';

/**
 * What compiling one cluster collects: its issues, whether it depends on a document that failed
 * validation (then it is not emitted, and no further issue is invented for it), and the
 * documents that make it up, for `DesiredCluster.resources`.
 */
export class ClusterScope {
  readonly issues: ValidationIssue[] = [];
  blocked = false;
  private readonly members = new Map<string, ParsedDoc>();

  constructor(
    readonly namespace: string,
    readonly name: string,
  ) {}

  add(...issues: ValidationIssue[]): void {
    this.issues.push(...issues);
  }

  /** Records a document as part of the cluster; returns its object, or undefined (and blocks) if invalid. */
  use<T>(doc: ParsedDoc & { object: T | undefined }): T | undefined {
    this.members.set(doc.document, doc);
    if (doc.object === undefined) this.blocked = true;
    return doc.object;
  }

  get ok(): boolean {
    return !this.blocked && this.issues.length === 0;
  }

  memberDocs(): ParsedDoc[] {
    return [...this.members.values()];
  }
}
