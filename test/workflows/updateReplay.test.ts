/**
 * A worker without a workflow cache replays a cluster's whole history for every task, exactly
 * what a freshly restarted worker does for its first task. Updates taken in that way while the
 * children report status used to leave histories that no longer replayed: the live worker emitted
 * UpdateAccepted, a child signal, UpdateCompleted; replay emitted UpdateCompleted first
 * ("Update machine does not handle this event: SignalExternalWorkflowExecutionInitiated"). Without the
 * fix this test failed in 2 of 3 runs; with it, it passed 4 of 4; workflows/common/updateBarrier.ts explains the fix.
 */
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { compileManifestText } from '../../shared/model';
import { clusterWorkflowId } from '../../shared/ids';
import { workflowBundle } from '../../workers/createWorkers';
import { startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const EventType = temporal.api.enums.v1.EventType;

describe('upgrade Updates taken in by a worker without a workflow cache', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ startWorkers: false });
    h.workerConfig.maxCachedWorkflows = 0;
    await h.startWorkers();
  });
  afterAll(async () => h.stop());

  it('never fail a workflow task and leave a history that replays', async () => {
    const name = uniqueName('upd');
    const desired = compileManifestText(simClusterYaml({ name, cpReplicas: 1, workers: 2 }), 'u.yaml').clusters[0]!;
    const key = { namespace: 'default', name };
    await h.capstan.apply(desired);
    // Each Update lands while the children are still reporting the previous one's rollout.
    // Spacings vary so some Updates meet a child's report in the same workflow task.
    for (let patch = 5; patch <= 24; patch++) {
      await sleep(60 + (patch % 4) * 80);
      const r = await h.capstan.upgrade(key, { version: `v1.31.${patch}` });
      expect(r.changed).toBe(true);
    }
    await sleep(1500);
    const workflowId = clusterWorkflowId(key);
    const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
    const failedTasks = history.events!.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    expect(failedTasks.map((e) => e.workflowTaskFailedEventAttributes?.failure?.message)).toEqual([]);
    const accepted = history.events!.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
    expect(accepted.length).toBeGreaterThanOrEqual(21); // the apply and 20 upgrades
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId);
  }, 180_000);
});
