/**
 * Input limits for manifests (a platform engineer's YAML, or anything posted to an Update).
 * They bound the work a single request can cause, in the same spirit as the API server's 3 MiB
 * request limit; the alias limit stops "billion laughs" expansion before it starts.
 */
export const MANIFEST_LIMITS = {
  maxTotalBytes: 8 * 1024 * 1024,
  maxDocumentBytes: 1024 * 1024,
  maxDocuments: 1000,
  maxAliasCount: 100,
} as const;

export type ManifestLimits = { [K in keyof typeof MANIFEST_LIMITS]: number };

export function formatBytes(n: number): string {
  return n >= 1024 * 1024
    ? `${(n / (1024 * 1024)).toFixed(1)} MiB`
    : n >= 1024
      ? `${(n / 1024).toFixed(1)} KiB`
      : `${n} bytes`;
}
