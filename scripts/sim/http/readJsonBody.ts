import type { IncomingMessage } from 'node:http';
import { SimError } from '../world/simError';

/** Bodies above this are refused before they are parsed: no request of the API comes near it. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads and parses a JSON body; `undefined` for an empty body. Refuses oversized and malformed bodies. */
export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw SimError.invalidSpec(`request body is not valid JSON: ${(err as Error).message}`);
  }
}

function tooLarge(limit: number): SimError {
  return SimError.invalidSpec(`request body exceeds ${limit} bytes`, 413);
}
