/**
 * Registers Capstan's search attributes on a running server through the operator service.
 * `start-dev --search-attribute` only applies when the SQLite file is created, and docker-compose's
 * auto-setup server knows none of them, so every entry point (dev server, worker start-up) calls
 * this; it is idempotent.
 */
import { Connection, isGrpcServiceError } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
// The SDK exports this codec for exactly this use ("to register search attributes"), but only here.
import {
  encodeSearchAttributeIndexedValueType as encodeType,
  _ as decodeType,
} from '@temporalio/common/lib/search-attributes';
import { ALL_SEARCH_ATTRIBUTE_KEYS } from '../../shared/searchAttributes';

const GRPC_ALREADY_EXISTS = 6;
const VERIFY_TIMEOUT_MS = 10_000;

/** Adds whatever is missing, then waits until the server lists every attribute with its type. */
export async function ensureSearchAttributesOn(connection: Connection, namespace: string): Promise<void> {
  const wanted = new Map<string, SearchAttributeType>(ALL_SEARCH_ATTRIBUTE_KEYS.map((k) => [k.name, k.type]));
  const present = await listCustom(connection, namespace);
  const missing = [...wanted].filter(([name]) => !present.has(name));
  if (missing.length > 0) {
    const searchAttributes = Object.fromEntries(missing.map(([name, type]) => [name, encodeType(type)!]));
    try {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
    } catch (err) {
      // Another worker or test process registered them between our list and add.
      if (!(isGrpcServiceError(err) && err.code === GRPC_ALREADY_EXISTS)) throw err;
    }
  }
  await verify(connection, namespace, wanted);
}

/** Same, opening (and closing) its own connection: for servers started by someone else. */
export async function ensureSearchAttributes(address: string, namespace = 'default'): Promise<void> {
  const connection = Connection.lazy({ address }); // closed even when connecting fails
  try {
    await connection.ensureConnected();
    await ensureSearchAttributesOn(connection, namespace);
  } finally {
    await connection.close();
  }
}

async function listCustom(
  connection: Connection,
  namespace: string,
): Promise<Map<string, SearchAttributeType>> {
  const res = await connection.operatorService.listSearchAttributes({ namespace });
  const out = new Map<string, SearchAttributeType>();
  for (const [name, type] of Object.entries(res.customAttributes ?? {})) {
    const decoded = decodeType(type);
    if (decoded) out.set(name, decoded);
  }
  return out;
}

// Servers without forceSearchAttributesCacheRefreshOnRead list new attributes after a cache refresh.
async function verify(connection: Connection, namespace: string, wanted: Map<string, SearchAttributeType>) {
  const deadline = Date.now() + VERIFY_TIMEOUT_MS;
  for (;;) {
    const present = await listCustom(connection, namespace);
    const wrongType = [...wanted].filter(([name, type]) => present.has(name) && present.get(name) !== type);
    if (wrongType.length > 0) {
      const detail = wrongType
        .map(([name, type]) => `${name} is ${present.get(name)}, want ${type}`)
        .join('; ');
      throw new Error(`search attributes in namespace ${namespace} have the wrong type: ${detail}`);
    }
    const missing = [...wanted.keys()].filter((name) => !present.has(name));
    if (missing.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`search attributes still missing in namespace ${namespace}: ${missing.join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
