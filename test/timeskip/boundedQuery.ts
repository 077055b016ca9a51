/**
 * Queries bounded in real time and retried, for every time-skipping test.
 *
 * A query that reaches the time-skipping test server just as the workflow continues-as-new can
 * be dispatched to the closing run: the worker's answer is then refused ("workflow execution
 * already completed") and the server never answers that query. Without a deadline the query
 * waits forever and the test dies on its guard with no hint (seen in CI on the campaign soak
 * test; reproduced by querying a campaign in a loop while it continues-as-new). A fresh query
 * goes to the new run.
 */
import type { Client } from '@temporalio/client';

export const QUERY_DEADLINE_MS = 5_000;

export async function boundedQuery<T>(client: Client, query: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await client.withDeadline(Date.now() + QUERY_DEADLINE_MS, query);
    } catch (err) {
      if (i >= attempts) throw err;
    }
  }
}
