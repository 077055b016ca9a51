/**
 * Helpers for tests of the `workflows` project, which talk to the shared dev server started by
 * globalSetup.ts (or to the server TEMPORAL_ADDRESS named before jest started).
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';

export interface TestConnection {
  /** For Worker.create({ connection }). */
  connection: NativeConnection;
  /** For starting workflows, updates, queries; `client.connection` reaches the operator service. */
  client: Client;
  namespace: string;
  close(): Promise<void>;
}

export function temporalAddress(): string {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) {
    throw new Error(
      'TEMPORAL_ADDRESS is not set: run these tests in the jest "workflows" project (its globalSetup starts the server)',
    );
  }
  return address;
}

export async function testConnection(): Promise<TestConnection> {
  const address = temporalAddress();
  const namespace = process.env.TEMPORAL_NAMESPACE || 'default';
  const connection = await NativeConnection.connect({ address });
  const clientConnection = await Connection.connect({ address });
  const client = new Client({ connection: clientConnection, namespace });
  return {
    connection,
    client,
    namespace,
    async close() {
      await clientConnection.close();
      await connection.close();
    },
  };
}

/** A task queue no other test file (or earlier run against the same server) polls. */
export function uniqueTaskQueue(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
