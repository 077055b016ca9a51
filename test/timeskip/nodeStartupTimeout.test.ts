/**
 * nodeStartupTimeout (default 10m) in skipped time: a machine whose Node never registers is
 * handed to its owner (the MachineDeployment's `remediateMachines`) only once the window has
 * passed — not at 9 minutes, and by 11.
 */
import { HANG_GUARD_MS, startTimeSkipEnv, type TimeSkipEnv } from './env';
import { STUCK, startHealthCheckScene } from './healthCheckScene';
import { signalsReceived } from './history';

const MINUTE = 60_000;

describe('MachineHealthCheck nodeStartupTimeout in skipped time', () => {
  let t: TimeSkipEnv;
  beforeAll(async () => {
    t = await startTimeSkipEnv();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('leaves a machine without a Node alone for 10 minutes, then hands it to the MachineDeployment', async () => {
    const scene = await startHealthCheckScene(t, 'ts-startup');

    await t.env.sleep(9 * MINUTE);
    const at9 = await scene.checkStatus();
    expect(at9).toMatchObject({ expectedMachines: 3, currentHealthy: 2, unhealthy: [], remediated: [] });
    expect((await scene.ownerStatus()).machines.find((m) => m.name === STUCK)?.deletionRequestedAt).toBeUndefined();
    expect(await signalsReceived(t, scene.owner, 'remediateMachines')).toBe(0);

    await t.env.sleep(2 * MINUTE);
    const at11 = await scene.checkStatus();
    expect(at11).toMatchObject({
      currentHealthy: 2,
      remediationAllowed: true,
      unhealthy: [{ machine: STUCK, reason: 'Health check failed: Node failed to report startup in 10m0s' }],
      remediated: [STUCK],
    });
    expect(await signalsReceived(t, scene.owner, 'remediateMachines')).toBe(1);
    // The owner acted on it (marked it for deletion), at workflow time just past the window.
    const owned = (await scene.ownerStatus()).machines;
    const requested = Date.parse(owned.find((m) => m.name === STUCK)!.deletionRequestedAt!) - scene.createdAt;
    expect(requested).toBeGreaterThan(10 * MINUTE);
    expect(requested).toBeLessThan(11 * MINUTE);
    // the healthy ones are untouched
    expect(owned.filter((m) => m.name !== STUCK).map((m) => [m.name, m.deletionRequestedAt])).toEqual([
      ['w1', undefined],
      ['w2', undefined],
    ]);
  }, HANG_GUARD_MS);
});
