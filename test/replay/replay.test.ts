import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime, Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { workflowBundle } from '../../workers/createWorkers';

const HISTORIES = join(__dirname, '..', 'histories');

function recordedHistories(): Array<{ file: string; workflowId: string; history: ReturnType<typeof historyFromJSON> }> {
  // index*.json map each history file to its workflow id; older captures keep their own index.
  const files = readdirSync(HISTORIES);
  const ids = Object.assign(
    {},
    ...files.filter((f) => /^index.*\.json$/.test(f)).map((f) => JSON.parse(readFileSync(join(HISTORIES, f), 'utf8')) as Record<string, string>),
  ) as Record<string, string>;
  return files
    .filter((f) => f.endsWith('.json') && !/^index.*\.json$/.test(f))
    .sort()
    .map((file) => {
      const json = JSON.parse(readFileSync(join(HISTORIES, file), 'utf8')) as unknown;
      const workflowId = ids[file];
      if (!workflowId) throw new Error(`test/histories/index.json has no workflow id for ${file}`);
      return { file, workflowId, history: historyFromJSON(json) };
    });
}

try {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
} catch {
  // installed by an earlier test file
}

/**
 * Replays every recorded history (test/histories, captured from real runs by
 * `npm run histories:capture`) against today's workflow code. A change that alters the commands
 * of a recorded path without `patched()` fails here, before it can break running clusters.
 */
describe('replay of recorded histories', () => {
  const histories = recordedHistories();

  it('covers every workflow type', () => {
    const types = new Set(histories.map((h) => h.file.split('-')[0]));
    expect([...types].sort()).toEqual(['clusterWorkflow', 'controlPlaneWorkflow', 'drainWorkflow', 'externalRemediationWorkflow', 'fleetSyncWorkflow', 'machineDeploymentWorkflow', 'machineHealthCheckWorkflow', 'machineWorkflow', 'upgradeCampaignWorkflow']);
  });

  it.each(histories.map((h) => [h.file, h] as const))('%s replays without nondeterminism', async (_file, h) => {
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, h.history, h.workflowId);
  });

  it('fails on a deliberately incompatible change', async () => {
    const bundle: WorkflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./incompatible'),
      logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    const machine = histories.find((h) => h.file.startsWith('machineWorkflow-worker-drained'))!;
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, machine.history, machine.workflowId)).rejects.toThrow(
      /[Nn]ondeterminis/,
    );
  });
});
