import { isRecord } from './variableSchema';

/**
 * RFC 6902 add/replace/remove on plain JSON, with CAPI's "ensure path exists on add" behaviour
 * (missing parent objects are created). Mutates `doc`; returns an error sentence or undefined.
 */
export function applyJsonPatchOp(
  doc: Record<string, unknown>,
  op: 'add' | 'replace' | 'remove',
  pointer: string,
  value: unknown,
): string | undefined {
  const tokens = parsePointer(pointer);
  if (!tokens || tokens.length === 0) return `"${pointer}" is not a JSON pointer to a field`;
  let parent: unknown = doc;
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i] as string;
    const next: unknown = Array.isArray(parent)
      ? parent[Number(t)]
      : isRecord(parent)
        ? parent[t]
        : undefined;
    if (next === undefined && op === 'add' && isRecord(parent)) {
      parent[t] = {};
      parent = parent[t];
      continue;
    }
    if (!isRecord(next) && !Array.isArray(next))
      return `path "${pointer}" does not exist (no "${tokens.slice(0, i + 1).join('/')}")`;
    parent = next;
  }
  const last = tokens[tokens.length - 1] as string;
  if (Array.isArray(parent)) return applyToArray(parent, op, last, pointer, value);
  if (!isRecord(parent)) return `path "${pointer}" does not exist`;
  if (op === 'add') {
    parent[last] = value;
    return undefined;
  }
  if (!(last in parent))
    return `path "${pointer}" does not exist, so it cannot be ${op === 'replace' ? 'replaced' : 'removed'}`;
  if (op === 'replace') parent[last] = value;
  else delete parent[last];
  return undefined;
}

function applyToArray(
  arr: unknown[],
  op: string,
  token: string,
  pointer: string,
  value: unknown,
): string | undefined {
  if (op === 'add' && token === '-') {
    arr.push(value);
    return undefined;
  }
  if (!/^(0|[1-9]\d*)$/.test(token)) return `"${token}" in "${pointer}" is not an array index`;
  const i = Number(token);
  if (op === 'add') {
    if (i > arr.length) return `index ${i} in "${pointer}" is beyond the end of the array`;
    arr.splice(i, 0, value);
    return undefined;
  }
  if (i >= arr.length) return `index ${i} in "${pointer}" does not exist`;
  if (op === 'replace') arr[i] = value;
  else arr.splice(i, 1);
  return undefined;
}

function parsePointer(pointer: string): string[] | undefined {
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}
