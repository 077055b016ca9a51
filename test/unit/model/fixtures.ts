import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

export function readRepoFile(...parts: string[]): string {
  return readFileSync(join(ROOT, ...parts), 'utf8');
}

export const seed = (file: string): string => readRepoFile('test', 'fixtures', 'seed', file);

/** Several files as one stream, the way `capstan apply -f dir/` hands them to the compiler. */
export function joinDocs(...texts: string[]): string {
  return texts.map((t) => (t.endsWith('\n') ? t : `${t}\n`)).join('---\n');
}
