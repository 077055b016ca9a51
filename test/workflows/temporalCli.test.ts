import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { temporalCliPath } from '../../scripts/temporal/paths';
import { clusterWorkflowId } from '../../shared/ids';
import type { ClusterDescription } from '../../shared/status/types';
import { machinesOf, startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';

const run = promisify(execFile);

/** The README documents starting a cluster with the plain Temporal CLI; this proves the exact line works. */
describe('starting a cluster from the Temporal CLI', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('temporal workflow start with {"manifests": ...} creates the cluster; temporal workflow query describes it', async () => {
    const name = uniqueName('cli');
    const id = clusterWorkflowId({ namespace: 'default', name });
    const input = JSON.stringify({ manifests: simClusterYaml({ name, workers: 1 }) });
    await run(temporalCliPath(), [
      'workflow', 'start',
      '--address', h.address,
      '--task-queue', h.taskQueue,
      '--type', 'clusterWorkflow',
      '--workflow-id', id,
      '--static-summary', `cluster default/${name} from the Temporal CLI`,
      '--input', input,
    ]);
    await h.capstan.waitForReady({ namespace: 'default', name }, { timeoutMs: 60_000 });
    const { stdout } = await run(temporalCliPath(), [
      'workflow', 'query', '--address', h.address, '--workflow-id', id, '--name', 'describe', '--output', 'json',
    ]);
    const parsed = JSON.parse(stdout) as { queryResult: ClusterDescription[] };
    expect(parsed.queryResult[0]).toMatchObject({ name, ready: true, phase: 'Provisioned' });
    expect(machinesOf(await h.world(), name)).toHaveLength(2);
  });
});
