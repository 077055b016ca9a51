import type { ValidationIssue } from '../../errors';
import type { CapiObject } from '../kinds/registry';
import { docLabel, resourceLabel, type ParsedDoc } from '../parsedDoc';
import { identifyDocument } from './identify';
import { MANIFEST_LIMITS, formatBytes, type ManifestLimits } from './limits';
import { decodeUtf8 } from './utf8';
import { readYamlDocuments } from './yamlDocuments';
import { zodIssuesToViolations } from './zodIssues';

export interface ParseResult {
  docs: ParsedDoc[];
  issues: ValidationIssue[];
}

/**
 * Multi-document YAML in, one ParsedDoc per document of a known kind out, with every issue found
 * (YAML errors, unknown kinds, schema violations) rather than the first. Cross-document rules
 * (refs, duplicates, versions between objects) belong to `compileClusters`.
 */
export function parseManifests(
  text: string,
  source: string,
  limits: ManifestLimits = MANIFEST_LIMITS,
): ParseResult {
  const { documents, issues } = readYamlDocuments(text, source, limits);
  const docs: ParsedDoc[] = [];
  for (const { index, value } of documents) {
    if (value === null || value === undefined) continue; // empty document (comments only, trailing ---)
    const { identity, issues: idIssues } = identifyDocument(value, source, index);
    issues.push(...idIssues);
    if (!identity) continue;
    const { definition, name, namespace, apiVersion, raw } = identity;
    const document = docLabel(source, index);
    const result = definition.schema.safeParse(raw);
    if (!result.success) {
      for (const v of zodIssuesToViolations(result.error, definition.kind)) {
        issues.push({ document, resource: resourceLabel(definition.kind, name), ...v });
      }
    }
    docs.push({
      source,
      index,
      document,
      apiVersion,
      kind: definition.kind,
      name,
      namespace,
      raw,
      object: result.success ? (result.data as CapiObject) : undefined,
    });
  }
  return { docs, issues };
}

/**
 * Same as `parseManifests` for raw bytes: refuses oversized input before decoding and non-UTF-8
 * input (Kubernetes manifests are UTF-8; a Latin-1 file would otherwise parse into mojibake).
 */
export function parseManifestBytes(
  bytes: Uint8Array,
  source: string,
  limits: ManifestLimits = MANIFEST_LIMITS,
): ParseResult {
  if (bytes.length > limits.maxTotalBytes) {
    return {
      docs: [],
      issues: [
        {
          document: source,
          resource: '<input>',
          path: '',
          rule: 'input-too-large',
          message: `the input is ${formatBytes(bytes.length)}; at most ${formatBytes(limits.maxTotalBytes)} is accepted`,
        },
      ],
    };
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    return {
      docs: [],
      issues: [
        {
          document: source,
          resource: '<input>',
          path: '',
          rule: 'utf8',
          message: `the input is not valid UTF-8 (first bad byte at offset ${decoded.offset}); save the file as UTF-8`,
        },
      ],
    };
  }
  return parseManifests(decoded.text, source, limits);
}
