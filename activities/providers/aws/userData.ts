/**
 * Bootstrap data → EC2 UserData. CAPA gzips it by default (cloud-init detects gzip by its magic
 * bytes), which keeps kubeadm configs with embedded files under EC2's 16 KiB limit. Pure.
 */
import { gzipSync } from 'node:zlib';

/** EC2's limit on user data, before base64. */
export const USER_DATA_MAX_BYTES = 16 * 1024;

export function encodeUserData(bootstrapData: string, compress: boolean): { base64: string; bytes: number } {
  const raw = Buffer.from(bootstrapData, 'utf8');
  // mtime 0 (gzipSync's default header) keeps the output a function of the input alone.
  const body = compress ? gzipSync(raw, { level: 9 }) : raw;
  return { base64: body.toString('base64'), bytes: body.length };
}
