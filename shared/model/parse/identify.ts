import type { ValidationIssue } from '../../errors';
import {
  acceptedApiVersions,
  acceptsApiVersion,
  kindDefinition,
  KIND_DEFINITIONS,
  type KindDefinition,
} from '../kinds/registry';
import { docLabel, resourceLabel } from '../parsedDoc';
import { outOfScopeReason } from './outOfScope';

export interface DocIdentity {
  apiVersion: string;
  definition: KindDefinition;
  name: string;
  namespace: string;
  raw: Record<string, unknown>;
}

/**
 * Reads apiVersion, kind and metadata.name/namespace before schema validation, so every later
 * issue can name its resource, and routes the document to its kind's schema. Anything that is
 * not a known kind at an accepted apiVersion is refused here with the reason.
 */
export function identifyDocument(
  value: unknown,
  source: string,
  index: number,
): { identity: DocIdentity; issues: [] } | { identity: undefined; issues: ValidationIssue[] } {
  const document = docLabel(source, index);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(
      document,
      '<unknown kind>/<unnamed>',
      '',
      'document-not-object',
      'a manifest document must be a mapping with apiVersion, kind and metadata',
    );
  }
  const raw = value as Record<string, unknown>;
  const metadata = isRecord(raw.metadata) ? raw.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const kind = typeof raw.kind === 'string' ? raw.kind : '';
  const apiVersion = typeof raw.apiVersion === 'string' ? raw.apiVersion : '';
  const resource = resourceLabel(kind || '<unknown kind>', name);
  // Checked first: a non-CAPI document (the kind config has no metadata) is refused for what it is.
  const outOfScope = kind && apiVersion ? outOfScopeReason(apiVersion, kind) : undefined;
  if (outOfScope) return fail(document, resource, 'kind', 'out-of-scope-kind', outOfScope);

  const issues: ValidationIssue[] = [];
  if (!kind) issues.push(issueOf(document, resource, 'kind', 'kind-required', 'every document needs a kind'));
  if (!apiVersion)
    issues.push(
      issueOf(document, resource, 'apiVersion', 'api-version-required', 'every document needs an apiVersion'),
    );
  if (metadata.name !== undefined && typeof metadata.name !== 'string') {
    issues.push(
      issueOf(
        document,
        resource,
        'metadata.name',
        'type',
        `metadata.name must be a string (got ${typeof metadata.name}); quote names that look like numbers`,
      ),
    );
  } else if (!name) {
    issues.push(
      issueOf(
        document,
        resource,
        'metadata.name',
        'name-required',
        'metadata.name is required (generateName is not supported: Capstan keys every resource by its name)',
      ),
    );
  }
  if (issues.length > 0) return { identity: undefined, issues };

  const definition = kindDefinition(kind);
  if (!definition) {
    return fail(
      document,
      resource,
      'kind',
      'unknown-kind',
      `unknown kind "${kind}" (${apiVersion}); supported kinds: ${KIND_DEFINITIONS.map((d) => d.kind).join(', ')}`,
    );
  }
  if (!acceptsApiVersion(definition, apiVersion)) {
    return fail(
      document,
      resource,
      'apiVersion',
      'unsupported-api-version',
      `${kind} is supported at ${acceptedApiVersions(definition).join(' or ')}, not ${apiVersion}`,
    );
  }
  const namespace =
    typeof metadata.namespace === 'string' && metadata.namespace ? metadata.namespace : 'default';
  return { identity: { apiVersion, definition, name, namespace, raw }, issues: [] };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function issueOf(
  document: string,
  resource: string,
  path: string,
  rule: string,
  message: string,
): ValidationIssue {
  return { document, resource, path, rule, message };
}

function fail(document: string, resource: string, path: string, rule: string, message: string) {
  return { identity: undefined, issues: [issueOf(document, resource, path, rule, message)] };
}
