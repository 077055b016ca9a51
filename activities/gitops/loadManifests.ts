import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ValidationIssue } from '../../shared/errors';
import { compileClusters, parseManifestBytes, type ParsedDoc } from '../../shared/model';
import type { DesiredCluster } from '../../shared/model/desired';

/** `-f FILE|DIR`: a directory is read recursively (*.yaml, *.yml), in name order, like kubectl. */
export function manifestFiles(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new Error(`-f ${path}: no such file or directory`);
  }
  if (st.isFile()) return [path];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.ya?ml$/i.test(entry.name)) out.push(p);
    }
  };
  walk(path);
  if (out.length === 0) throw new Error(`-f ${path}: the directory holds no .yaml or .yml files`);
  return out;
}

export interface LoadedManifests {
  clusters: DesiredCluster[];
  issues: ValidationIssue[];
  documents: number;
  files: string[];
}

/** Reads, parses and compiles every manifest under the given paths, collecting every issue at once. */
export function loadManifests(paths: string[], cwd = process.cwd()): LoadedManifests {
  const files = paths.flatMap(manifestFiles);
  const docs: ParsedDoc[] = [];
  const issues: ValidationIssue[] = [];
  for (const file of files) {
    const parsed = parseManifestBytes(new Uint8Array(readFileSync(file)), relative(cwd, file) || file);
    docs.push(...parsed.docs);
    issues.push(...parsed.issues);
  }
  const compiled = compileClusters(docs);
  return { clusters: compiled.clusters, issues: [...issues, ...compiled.issues], documents: docs.length, files };
}
