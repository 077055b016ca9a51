import { resolveFenceposts } from '../../../shared/planners/rollout/fenceposts';
import { runConfig, seedOf } from './harness';
import { generateControlPlaneScenario } from './controlPlane/scenario';
import { generateDrainScenario } from './drain/scenario';
import { generateHealthScenario } from './health/scenario';
import { Rng } from './random';
import { generateRolloutScenario } from './rollout/scenario';

/**
 * The generators must keep producing the cases the invariants are about; a green run over
 * scenarios that never fault, never surge or never meet a PDB would prove little. Generation
 * only (cheap), over the default scenario counts and seed.
 */
const scenarios = <T>(file: string, count: number, generate: (rng: Rng) => T): T[] => {
  const config = runConfig(file, count, {});
  return config.indices.map((i) => generate(new Rng(seedOf(config, i))));
};
const some = <T>(list: readonly T[], p: (x: T) => boolean) => list.filter(p).length;

describe('randomized scenarios cover the interesting cases', () => {
  it('control plane: every replica count, maxSurge 0, upgrades, scale changes, every fault, both modes', () => {
    const list = scenarios('controlPlane', 400, generateControlPlaneScenario);
    const events = list.flatMap((s) => s.events);
    for (const r of [1, 3, 5]) expect(some(list, (s) => s.spec.replicas === r)).toBeGreaterThan(20);
    expect(some(list, (s) => s.spec.rollout.maxSurge === 0)).toBeGreaterThan(50);
    expect(some(list, (s) => s.initialMachines === 0)).toBeGreaterThan(20);
    expect(some(list, (s) => !s.recoverable)).toBeGreaterThan(50);
    expect(some(events, (e) => e.kind === 'spec' && e.patch.version !== undefined)).toBeGreaterThan(100);
    expect(some(events, (e) => e.kind === 'spec' && e.patch.replicas !== undefined)).toBeGreaterThan(100);
    for (const fault of ['etcdMemberDown', 'kubeletDown', 'mhcMarked', 'stuckProvisioning', 'slowBoot'])
      expect(some(events, (e) => e.kind === 'fault' && e.fault === fault)).toBeGreaterThan(20);
  });

  it('rollout: both strategies, percentages, fenceposts resolving to 0, failures, pauses', () => {
    const list = scenarios('rollout', 400, generateRolloutScenario);
    const rolling = list.filter((s) => s.spec.strategy.type === 'RollingUpdate');
    expect(list.length - rolling.length).toBeGreaterThan(40);
    expect(some(list, (s) => typeof s.spec.strategy.maxSurge === 'string')).toBeGreaterThan(100);
    expect(some(rolling, (s) => resolveFenceposts(s.spec).maxSurge === 0)).toBeGreaterThan(20);
    expect(some(list, (s) => s.spec.replicas >= 20)).toBeGreaterThan(40);
    expect(some(list, (s) => !s.healthy)).toBeGreaterThan(80);
    expect(some(list, (s) => s.events.some((e) => e.kind === 'spec' && e.patch.paused))).toBeGreaterThan(30);
  });

  it('health: every kind of limit, Machines of other owners, remediation budgets', () => {
    const list = scenarios('health', 300, generateHealthScenario);
    expect(some(list, (s) => s.check.unhealthyRange !== undefined)).toBeGreaterThan(30);
    expect(some(list, (s) => typeof s.check.maxUnhealthy === 'string')).toBeGreaterThan(60);
    expect(some(list, (s) => typeof s.check.maxUnhealthy === 'number')).toBeGreaterThan(60);
    expect(some(list, (s) => s.machines.some((m) => m.owner !== 'MachineSet' && m.selected))).toBeGreaterThan(
      60,
    );
    expect(some(list, (s) => s.machineSet.maxInFlight !== undefined)).toBeGreaterThan(150);
  });

  it('drain: DaemonSet, static and unreplicated Pods, PDBs that never allow, orders, timeouts', () => {
    const list = scenarios('drain', 300, generateDrainScenario);
    expect(some(list, (s) => s.apps.some((a) => a.owner === 'DaemonSet'))).toBeGreaterThan(100);
    expect(some(list, (s) => s.pods.some((p) => p.mirror))).toBeGreaterThan(100);
    expect(some(list, (s) => s.apps.some((a) => a.pdb?.maxUnavailable === 0))).toBeGreaterThan(20);
    expect(
      some(list, (s) => s.rules.some((r) => r.behavior === 'Drain' && (r.order ?? 0) !== 0)),
    ).toBeGreaterThan(50);
    expect(some(list, (s) => (s.nodeDrainTimeoutSeconds ?? 0) > 0)).toBeGreaterThan(80);
  });
});
