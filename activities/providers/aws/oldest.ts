/**
 * Oldest first, ties broken by id: a total order, so every caller that sees the same set of
 * twins (two creates raced and the cloud did not dedupe them) keeps the same one. Pure.
 */
export function oldestFirst<T>(
  items: readonly T[],
  createdAt: (t: T) => Date | string | undefined,
  id: (t: T) => string | undefined,
): T[] {
  const time = (t: T) => {
    const c = createdAt(t);
    return c === undefined ? Number.MAX_SAFE_INTEGER : new Date(c).getTime();
  };
  return [...items].sort((a, b) => {
    const d = time(a) - time(b);
    if (d !== 0) return d;
    const ia = id(a) ?? '';
    const ib = id(b) ?? '';
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });
}
