import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario, type DriverResult } from './driver';
import { SCENARIOS, V_NEW } from './scenarios';

/**
 * Golden transcripts of whole control-plane lifecycles. The driver checks the invariants at
 * every step (it throws on a violation); the transcripts pin the exact sequence of intents.
 * Regenerate with UPDATE_GOLDEN=1 after reviewing the diff.
 */
const GOLDEN_DIR = join(__dirname, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';
const results = new Map<string, DriverResult>();
const result = (name: string): DriverResult => {
  let r = results.get(name);
  if (!r) {
    r = runScenario(SCENARIOS.find((s) => s.name === name)!);
    results.set(name, r);
  }
  return r;
};

describe('control-plane lifecycle transcripts', () => {
  it.each(SCENARIOS.map((s) => [s.name]))('%s matches its golden transcript', (name) => {
    const file = join(GOLDEN_DIR, `${name}.txt`);
    const { transcript } = result(name);
    if (update || !existsSync(file)) {
      if (!update) throw new Error(`missing golden file ${file}; run with UPDATE_GOLDEN=1`);
      writeFileSync(file, transcript);
    }
    expect(transcript).toBe(readFileSync(file, 'utf8'));
  });
});

describe('control-plane lifecycle outcomes', () => {
  const types = (r: DriverResult) => r.intents.map((i) => i.type);
  const versions = (r: DriverResult) => r.world.machines.map((s) => s.m.version);

  it.each([
    ['upgrade-3-maxsurge-1', 3],
    ['upgrade-3-maxsurge-0', 3],
    ['upgrade-1', 1],
    ['upgrade-5-failure-domains', 5],
  ] as const)('%s ends with %i up-to-date Machines and as many healthy voting members', (name, replicas) => {
    const r = result(name);
    expect(r.converged).toBe(true);
    expect(versions(r)).toEqual(Array(replicas).fill(V_NEW));
    expect(r.world.members.filter((m) => m.healthy && !m.isLearner)).toHaveLength(replicas);
    expect(types(r).filter((t) => t === 'createMachine')).toHaveLength(replicas);
    expect(types(r).filter((t) => t === 'deleteMachine')).toHaveLength(replicas);
  });

  it('maxSurge 1 creates before it deletes; maxSurge 0 deletes before it creates', () => {
    const order = (name: string) =>
      types(result(name)).filter((t) => t === 'createMachine' || t === 'deleteMachine');
    expect(order('upgrade-3-maxsurge-1')).toEqual([
      'createMachine',
      'deleteMachine',
      'createMachine',
      'deleteMachine',
      'createMachine',
      'deleteMachine',
    ]);
    expect(order('upgrade-3-maxsurge-0')).toEqual([
      'deleteMachine',
      'createMachine',
      'deleteMachine',
      'createMachine',
      'deleteMachine',
      'createMachine',
    ]);
  });

  it('keeps 5 Machines spread 2/2/1 over the failure domains after the upgrade', () => {
    const perZone = new Map<string, number>();
    for (const s of result('upgrade-5-failure-domains').world.machines)
      perZone.set(s.m.failureDomain ?? '', (perZone.get(s.m.failureDomain ?? '') ?? 0) + 1);
    expect([...perZone.values()].sort()).toEqual([1, 2, 2]);
  });

  it('scales 1 → 3 → 5 → 3 → 1 and ends with one Machine and one member', () => {
    const r = result('scale-1-3-5-3-1');
    expect(r.converged).toBe(true);
    expect(r.world.machines).toHaveLength(1);
    expect(r.world.members).toHaveLength(1);
    expect(r.intents[0]).toMatchObject({ type: 'createMachine', role: 'init' });
    expect(types(r).filter((t) => t === 'createMachine')).toHaveLength(5);
    expect(types(r).filter((t) => t === 'removeEtcdMember')).toHaveLength(4);
  });

  it('a new Machine without a Node stalls the upgrade with a clear reason and leaves etcd alone', () => {
    const r = result('upgrade-stuck-no-node');
    expect(r.converged).toBe(false);
    expect(types(r)).toEqual(['createMachine', ...Array(types(r).length - 1).fill('wait')]);
    expect(r.lastPlan.intent).toMatchObject({
      type: 'wait',
      reason: expect.stringContaining('Machine cp-4 does not have a corresponding Node yet'),
    });
    expect(r.world.members.filter((m) => m.healthy)).toHaveLength(3);
  });

  it('remediates one unhealthy Machine of 3 and records the remediation on its replacement', () => {
    const r = result('remediate-1-of-3');
    expect(r.converged).toBe(true);
    expect(r.intents.find((i) => i.type === 'markRemediation')).toMatchObject({
      machine: 'cp-2',
      record: { retryCount: 0 },
    });
    expect(r.intents.find((i) => i.type === 'createMachine')).toMatchObject({
      remediationFor: { machine: 'cp-2' },
    });
    expect(r.world.machines.map((s) => s.m.name).sort()).toEqual(['cp-1', 'cp-3', 'cp-4']);
    expect(r.world.remediationInProgress).toBeUndefined();
  });

  it.each([
    ['remediation-refused-1-replica', 'cp-1', "can't remediate if current replicas are less or equal to 1"],
    ['remediation-refused-2-unhealthy', 'cp-2', 'etcd quorum loss'],
  ])('%s: refuses, says why on the Machine, changes nothing', (name, machine, message) => {
    const r = result(name);
    expect(types(r).every((t) => t === 'wait')).toBe(true);
    const owner = r.lastPlan.conditions.machines[machine]?.find((c) => c.type === 'OwnerRemediated');
    expect(owner).toMatchObject({ status: 'False', reason: 'CannotBeRemediated' });
    expect(owner?.message).toContain(message);
  });
});
