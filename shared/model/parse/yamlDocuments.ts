import { Composer, LineCounter, Parser, isMap, type Document, type YAMLError } from 'yaml';
import type { ValidationIssue } from '../../errors';
import { docLabel, resourceLabel } from '../parsedDoc';
import { formatBytes, type ManifestLimits } from './limits';
import { utf8ByteLength } from './utf8';

/** One YAML document of a stream, as plain JSON-like data. */
export interface YamlDocument {
  /** 1-based position in the stream; empty documents count, as users count `---` separators */
  index: number;
  value: unknown;
}

/**
 * Splits a multi-document YAML stream safely. Documents are composed one at a time (stopping at
 * the document limit), YAML errors such as tabs used as indentation or duplicate keys become
 * issues, aliases are expanded under a budget, and an oversized document is refused before it is
 * converted. YAML 1.2 core schema, plus `<<` merge keys, which kubectl users rely on.
 */
export function readYamlDocuments(
  text: string,
  source: string,
  limits: ManifestLimits,
): { documents: YamlDocument[]; issues: ValidationIssue[] } {
  const documents: YamlDocument[] = [];
  const issues: ValidationIssue[] = [];
  const total = utf8ByteLength(text);
  if (total > limits.maxTotalBytes) {
    issues.push(
      inputIssue(
        source,
        'input-too-large',
        `the input is ${formatBytes(total)}; at most ${formatBytes(limits.maxTotalBytes)} is accepted`,
      ),
    );
    return { documents, issues };
  }

  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer({ uniqueKeys: true, merge: true, strict: true, version: '1.2' });
  let index = 0;
  let stopped = false;

  const take = (doc: Document.Parsed): void => {
    if (stopped) return;
    index++;
    if (index > limits.maxDocuments) {
      issues.push(
        inputIssue(
          source,
          'too-many-documents',
          `the input has more than ${limits.maxDocuments} documents; split it into smaller files`,
        ),
      );
      stopped = true;
      return;
    }
    const document = docLabel(source, index);
    const resource = guessResource(doc);
    const [start, , end] = doc.range;
    const size = utf8ByteLength(text.slice(start, end));
    if (size > limits.maxDocumentBytes) {
      issues.push({
        document,
        resource,
        path: '',
        rule: 'document-too-large',
        message: `the document is ${formatBytes(size)}; at most ${formatBytes(limits.maxDocumentBytes)} per document is accepted`,
      });
      return;
    }
    if (doc.errors.length > 0) {
      for (const e of doc.errors) issues.push(yamlErrorIssue(e, document, resource, lineCounter));
      return;
    }
    try {
      documents.push({ index, value: doc.toJS({ maxAliasCount: limits.maxAliasCount }) });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const aliasBomb = /alias/i.test(message);
      issues.push({
        document,
        resource,
        path: '',
        rule: aliasBomb ? 'yaml-alias-limit' : 'yaml-syntax',
        message: aliasBomb
          ? `YAML aliases would expand beyond ${limits.maxAliasCount} references (a "billion laughs" pattern): ${message}`
          : message,
      });
    }
  };

  for (const token of parser.parse(text)) {
    for (const doc of composer.next(token)) take(doc);
    if (stopped) break;
  }
  if (!stopped) for (const doc of composer.end()) take(doc);
  return { documents, issues };
}

function inputIssue(source: string, rule: string, message: string): ValidationIssue {
  return { document: source, resource: '<input>', path: '', rule, message };
}

const YAML_RULES: Partial<Record<string, string>> = {
  DUPLICATE_KEY: 'yaml-duplicate-key',
  TAB_AS_INDENT: 'yaml-tab-indent',
  BAD_INDENT: 'yaml-indentation',
};

function yamlErrorIssue(
  e: YAMLError,
  document: string,
  resource: string,
  lines: LineCounter,
): ValidationIssue {
  const { line, col } = lines.linePos(e.pos[0]);
  const rule = YAML_RULES[e.code] ?? 'yaml-syntax';
  const hint =
    e.code === 'TAB_AS_INDENT'
      ? ' (YAML forbids tabs for indentation; use spaces)'
      : e.code === 'DUPLICATE_KEY'
        ? ' (a key may appear only once per mapping)'
        : '';
  return {
    document,
    resource,
    path: '',
    rule,
    message: `${e.message}${hint} at line ${line}, column ${col}`,
  };
}

/** Best-effort `Kind/name` of a document that could not be converted, for the issue's label. */
function guessResource(doc: Document.Parsed): string {
  if (!isMap(doc.contents)) return resourceLabel('<unknown kind>', undefined);
  const kind = doc.get('kind');
  const name = doc.getIn(['metadata', 'name']);
  return resourceLabel(
    typeof kind === 'string' ? kind : '<unknown kind>',
    typeof name === 'string' ? name : undefined,
  );
}
