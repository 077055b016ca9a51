import { findNewAndOldMachineSets } from '../../../../shared/planners/rollout/findNewMachineSet';
import { newMachineSetName } from '../../../../shared/planners/rollout/machineSetName';
import { planRollingUpdate } from '../../../../shared/planners/rollout/planRollout';
import { revisionForNewMachineSet } from '../../../../shared/planners/rollout/revision';
import { machineSet, NOW, rolloutSpec } from './fixtures';

const names = (list: { name: string }[]) => list.map((ms) => ms.name);

describe('findNewAndOldMachineSets (mdutil.FindNewAndOldMachineSets)', () => {
  it('needs a new MachineSet when none exists', () => {
    expect(findNewAndOldMachineSets(rolloutSpec(), [], NOW)).toEqual({
      oldMSs: [],
      createReason: 'no MachineSets exist for the MachineDeployment',
    });
  });

  it('needs a new MachineSet when no template hash matches', () => {
    const found = findNewAndOldMachineSets(rolloutSpec(), [machineSet('a', 'v1', 3)], NOW);
    expect(found.newMS).toBeUndefined();
    expect(names(found.oldMSs)).toEqual(['a']);
    expect(found.createReason).toContain("couldn't find MachineSet matching MachineDeployment template v2");
  });

  it('picks the matching MachineSet with the most replicas; other candidates become old', () => {
    const found = findNewAndOldMachineSets(
      rolloutSpec(),
      [machineSet('small', 'v2', 1), machineSet('old', 'v1', 2), machineSet('big', 'v2', 2)],
      NOW,
    );
    expect(found.newMS?.name).toBe('big');
    expect(names(found.oldMSs)).toEqual(['old', 'small']);
  });

  it('breaks a replica tie by creation time, oldest first', () => {
    const found = findNewAndOldMachineSets(
      rolloutSpec(),
      [
        machineSet('b', 'v2', 2, {}, { createdAt: '2026-02-02T00:00:00Z' }),
        machineSet('a', 'v2', 2, {}, { createdAt: '2026-02-03T00:00:00Z' }),
      ],
      NOW,
    );
    expect(found.newMS?.name).toBe('b');
  });

  const before = machineSet('ms', 'v2', 3, {}, { createdAt: '2026-02-01T00:00:00Z' });

  it('ignores rolloutAfter while it lies in the future', () => {
    const found = findNewAndOldMachineSets(
      rolloutSpec({ rolloutAfter: '2026-03-02T00:00:00Z' }),
      [before],
      NOW,
    );
    expect(found.newMS?.name).toBe('ms');
  });

  it('once rolloutAfter passed, a MachineSet created before it is old even with the same template', () => {
    const found = findNewAndOldMachineSets(
      rolloutSpec({ rolloutAfter: '2026-03-01T00:00:00Z' }),
      [before],
      NOW,
    );
    expect(found.newMS).toBeUndefined();
    expect(names(found.oldMSs)).toEqual(['ms']);
    expect(found.createReason).toBe(
      'spec.rollout.after on MachineDeployment set to 2026-03-01T00:00:00Z, no MachineSet has been created afterwards',
    );
  });

  it('once rolloutAfter passed, a MachineSet created at or after it is the new one', () => {
    const fresh = machineSet('fresh', 'v2', 1, {}, { createdAt: '2026-03-01T00:00:00Z' });
    const found = findNewAndOldMachineSets(
      rolloutSpec({ rolloutAfter: '2026-03-01T00:00:00Z' }),
      [before, fresh],
      NOW,
    );
    expect(found.newMS?.name).toBe('fresh');
    expect(names(found.oldMSs)).toEqual(['ms']);
  });

  it('treats now == rolloutAfter as passed (CAPI: !now.Before(after))', () => {
    const found = findNewAndOldMachineSets(rolloutSpec({ rolloutAfter: NOW }), [before], NOW);
    expect(found.newMS).toBeUndefined();
  });
});

describe('revisions and names', () => {
  it('a new MachineSet gets max(old revisions) + 1', () => {
    expect(revisionForNewMachineSet(undefined, [{ revision: 3 }, { revision: 7 }])).toBe(8);
    expect(revisionForNewMachineSet(undefined, [])).toBe(1);
  });

  it('an existing current revision is never decreased', () => {
    expect(revisionForNewMachineSet({ revision: 9 }, [{ revision: 3 }])).toBe(9);
  });

  it('a MachineSet that becomes current again (template rolled back) is renumbered to max + 1', () => {
    const state = {
      spec: rolloutSpec({ templateHash: 'v1' }),
      machineSets: [
        machineSet('md-v1-1', 'v1', 1, {}, { revision: 1 }),
        machineSet('md-v2-2', 'v2', 2, {}, { revision: 2 }),
      ],
    };
    const plan = planRollingUpdate(state, NOW);
    expect(plan.newMachineSet).toBe('md-v1-1');
    expect(plan.intents).toContainEqual(
      expect.objectContaining({
        type: 'annotateMachineSet',
        name: 'md-v1-1',
        annotations: expect.objectContaining({ revision: 3 }),
      }),
    );
    expect(plan.reasons[0]).toBe(
      'scale up new MachineSet md-v1-1 1→2: this is now the current MachineSet; 3 current Machines < 3 MachineDeployment spec.replicas + 1 maxSurge',
    );
  });

  it('names new MachineSets <md>-<hash>-<revision>, trimmed to a 63-character DNS label', () => {
    expect(newMachineSetName('workers', 'bcdfgh', 4)).toBe('workers-bcdfgh-4');
    const long = newMachineSetName(`${'a'.repeat(55)}-${'b'.repeat(20)}`, 'bcdfgh', 12);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long.endsWith('-bcdfgh-12')).toBe(true);
  });
});
