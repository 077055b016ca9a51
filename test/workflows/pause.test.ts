import { compileManifestText } from '../../shared/model';
import { machinesOf, startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('pause and resume (CAPI spec.paused)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('a paused cluster creates and deletes nothing, deletion included, and resumes cleanly', async () => {
    const name = uniqueName('pause');
    const desired = compileManifestText(simClusterYaml({ name, workers: 1 }), 'pause.yaml').clusters[0]!;
    await h.capstan.apply(desired);
    await h.capstan.waitForReady(desired, { timeoutMs: 60_000 });

    expect((await h.capstan.pause(desired)).changed).toBe(true);
    expect((await h.capstan.pause(desired)).changed).toBe(false); // idempotent
    const paused = await h.capstan.waitFor(desired, (d) => d.paused, { timeoutMs: 10_000 });
    expect(paused.conditions.find((c) => c.type === 'Paused')).toMatchObject({ status: 'True', message: 'reconciliation paused: spec.paused is true' });
    expect(paused.waitingFor).toMatch(/^Paused: /);

    await h.capstan.scale(desired, { kind: 'MachineDeployment', name: `${name}-md-0`, replicas: 3 });
    await h.capstan.delete(desired);
    await settle(1500); // several sim latencies: anything not held would have happened by now
    expect(machinesOf(await h.world(), name)).toHaveLength(2);
    const held = await h.capstan.describe(desired);
    expect(held.phase).toBe('Deleting');
    expect(held.machineDeployments[0]!.machines).toHaveLength(1);

    await h.capstan.resume(desired);
    const final = await h.client.workflow.getHandle(`cluster/default/${name}`).result();
    expect(final.phase).toBe('Deleted');
    expect(machinesOf(await h.world(), name)).toEqual([]);
  });
});
