/**
 * The shared dev server from test/setup/globalSetup.ts is up, knows every Capstan search attribute,
 * and visibility queries over them work (what the CLI and the upgrade campaign rely on).
 */
import { randomUUID } from 'node:crypto';
import { TypedSearchAttributes } from '@temporalio/common';
import { CAPSTAN_SEARCH_ATTRIBUTES } from '../../scripts/temporal/searchAttributes';
import { CapstanClusterKey, CapstanLabelsKey, ProviderKey } from '../../shared/searchAttributes';
import { testConnection, uniqueTaskQueue } from '../setup/temporal';
import type { TestConnection } from '../setup/temporal';

const INDEXED_VALUE_TYPE: Record<string, number> = { Keyword: 2, KeywordList: 7 }; // temporal.api.enums.v1

describe('shared Temporal dev server', () => {
  let t: TestConnection;
  beforeAll(async () => {
    t = await testConnection();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers GetSystemInfo', async () => {
    const info = await t.client.workflowService.getSystemInfo({});
    expect(info.capabilities?.upsertMemo).toBe(true);
  });

  it('has every Capstan search attribute registered with its type', async () => {
    const res = await t.client.connection.operatorService.listSearchAttributes({ namespace: t.namespace });
    const custom = res.customAttributes ?? {};
    for (const [name, type] of Object.entries(CAPSTAN_SEARCH_ATTRIBUTES)) {
      expect({ name, type: custom[name] }).toEqual({ name, type: INDEXED_VALUE_TYPE[type] });
    }
  });

  it('finds a workflow by Capstan search attributes', async () => {
    const cluster = `default/sa-${randomUUID().slice(0, 8)}`;
    // No worker needed: a started workflow is visible before any task runs.
    const handle = await t.client.workflow.start('noSuchWorkflow', {
      taskQueue: uniqueTaskQueue('sa'),
      workflowId: `test/${cluster}`,
      typedSearchAttributes: new TypedSearchAttributes([
        { key: CapstanClusterKey, value: cluster },
        { key: ProviderKey, value: 'sim' },
        { key: CapstanLabelsKey, value: ['env=test', 'tier=gold'] },
      ]),
    });
    try {
      const query = `CapstanCluster = '${cluster}' AND CapstanLabels = 'tier=gold' AND Provider = 'sim'`;
      const deadline = Date.now() + 10_000;
      let ids: string[] = [];
      while (ids.length === 0 && Date.now() < deadline) {
        ids = [];
        for await (const wf of t.client.workflow.list({ query })) ids.push(wf.workflowId);
        if (ids.length === 0) await new Promise((r) => setTimeout(r, 200));
      }
      expect(ids).toEqual([handle.workflowId]);
    } finally {
      await handle.terminate('test done');
    }
  });
});
