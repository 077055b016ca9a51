import type { ValidationIssue } from '../../errors';
import type { KindName } from '../kinds/registry';
import { docIssue, type ParsedDoc } from '../parsedDoc';
import { violation } from '../rules/violation';

const keyOf = (kind: string, namespace: string, name: string): string => `${kind}/${namespace}/${name}`;

/**
 * The declared objects by kind/namespace/name, as the API server would hold them. A second
 * declaration of the same object is an issue (kubectl would silently let the last one win, which
 * hides mistakes in multi-file applies); the first declaration is kept.
 */
export class DocIndex {
  private readonly byKey = new Map<string, ParsedDoc>();
  readonly issues: ValidationIssue[] = [];
  readonly docs: ParsedDoc[] = [];

  constructor(docs: readonly ParsedDoc[]) {
    for (const doc of docs) {
      const key = keyOf(doc.kind, doc.namespace, doc.name);
      const first = this.byKey.get(key);
      if (first) {
        this.issues.push(
          docIssue(
            doc,
            'metadata.name',
            violation(
              'duplicate-resource',
              `${doc.kind} ${doc.namespace}/${doc.name} is declared more than once (first in ${first.document}); each object may be declared once`,
            ),
          ),
        );
        continue;
      }
      this.byKey.set(key, doc);
      this.docs.push(doc);
    }
  }

  get(kind: string, namespace: string, name: string): ParsedDoc | undefined {
    return this.byKey.get(keyOf(kind, namespace, name));
  }

  ofKind<K extends KindName>(kind: K): ParsedDoc<K>[] {
    return this.docs.filter((d): d is ParsedDoc<K> => d.kind === kind);
  }
}
