import {
  classifyCluster,
  clusterUpgradeFloorMs,
  idealCampaign,
  statusCapViolations,
  truthViolations,
  waveSizes,
} from '../../../scripts/bench/campaignIdeal';

describe('bench:campaign ideal', () => {
  it('splits the fleet 10/30/60 with sizes adding up to n', () => {
    expect(waveSizes(20, [10, 30, 60])).toEqual([2, 6, 12]);
    expect(waveSizes(60, [10, 30, 60])).toEqual([6, 18, 36]);
    expect(waveSizes(300, [10, 30, 60])).toEqual([30, 90, 180]);
    expect(waveSizes(7, [10, 30, 60]).reduce((a, b) => a + b, 0)).toBe(7);
  });

  it('sums ceil(size / cap) × the single upgrade plus a soak per non-empty wave', () => {
    const waves = [
      { name: '1', size: 6 },
      { name: '2', size: 18 },
      { name: '3', size: 36 },
      { name: '4', size: 0 },
    ];
    const count = idealCampaign({ waves, maxConcurrency: 10, perClusterMs: 8000, soakMs: 30_000 });
    expect(count.waves.map((w) => w.rounds)).toEqual([1, 2, 4]);
    expect(count.totalMs).toBe(7 * 8000 + 3 * 30_000);
    // "25%" of 6 rounds down to 1, of 18 to 4, of 36 to 9
    const pct = idealCampaign({ waves, maxConcurrency: '25%', perClusterMs: 1000, soakMs: 0 });
    expect(pct.waves.map((w) => [w.cap, w.rounds])).toEqual([
      [1, 6],
      [4, 5],
      [9, 4],
    ]);
  });

  it('computes the latency floor of one 1 CP + 1 worker upgrade', () => {
    const l = { provisionMs: 2000, bootMs: 1000, deleteMs: 1000, cpDrainMs: 0, workerDrainMs: 500 };
    expect(clusterUpgradeFloorMs({ cpReplicas: 1, workers: 1, maxSurge: 1 }, l)).toBe(4000 + 4500);
    expect(clusterUpgradeFloorMs({ cpReplicas: 1, workers: 0, maxSurge: 1 }, l)).toBe(4000);
  });
});

describe('bench:campaign cap checks', () => {
  const caps = new Map([
    ['1', 2],
    ['2', 10],
  ]);
  const wave = (name: string, upgrading: number, maxConcurrency: number | null = caps.get(name) ?? null) => ({
    name,
    upgrading,
    maxConcurrency,
    groups: [],
  });

  it('passes at the cap and flags one more, a wrong resolved cap, and two waves at once', () => {
    expect(statusCapViolations({ waves: [wave('1', 2), wave('2', 0)] }, caps)).toEqual([]);
    expect(statusCapViolations({ waves: [wave('1', 3), wave('2', 0)] }, caps)).toEqual(['wave 1: 3 upgrading, cap 2']);
    expect(statusCapViolations({ waves: [wave('1', 0, 3)] }, caps)[0]).toMatch(/reports maxConcurrency 3, the spec resolves to 2/);
    expect(statusCapViolations({ waves: [wave('1', 1), wave('2', 1)] }, caps)).toEqual(['waves 1, 2 upgrading at the same time']);
  });

  it("checks the clusters' own account: the cap per wave and the wave order", () => {
    const c = (name: string, w: string, state: 'untouched' | 'inFlight' | 'done') => ({ name, wave: w, state });
    expect(truthViolations([c('a', '1', 'done'), c('b', '1', 'inFlight'), c('x', '2', 'untouched')], ['1', '2'], caps)).toEqual([]);
    expect(truthViolations([c('a', '1', 'inFlight'), c('b', '1', 'inFlight'), c('d', '1', 'inFlight')], ['1'], caps)).toEqual([
      'wave 1: 3 clusters in flight by their own account (cap 2): a, b, d',
    ]);
    expect(truthViolations([c('a', '1', 'inFlight'), c('x', '2', 'inFlight')], ['1', '2'], caps)).toEqual([
      'x (wave 2) moving before wave 1 is done',
    ]);
    expect(truthViolations([c('a', '1', 'done'), c('x', '2', 'done')], ['1', '2'], caps)).toEqual([]);
  });

  it('classifies a cluster by its describe, ignoring machines being deleted', () => {
    const m = (version: string, phase = 'Running') => ({ version, phase });
    const d = (version: string, ready: boolean, machines: Array<{ version: string; phase: string }>) =>
      ({ version, ready, controlPlane: { machines }, machineDeployments: [] }) as unknown as Parameters<typeof classifyCluster>[0];
    expect(classifyCluster(d('v1.31.4', true, [m('v1.31.4')]), 'v1.31.5')).toBe('untouched');
    expect(classifyCluster(d('v1.31.5', true, [m('v1.31.4'), m('v1.31.5')]), 'v1.31.5')).toBe('inFlight');
    expect(classifyCluster(d('v1.31.5', true, [m('v1.31.4', 'Deleting'), m('v1.31.5')]), 'v1.31.5')).toBe('done');
    expect(classifyCluster(d('v1.31.5', false, [m('v1.31.5')]), 'v1.31.5')).toBe('inFlight');
  });
});
