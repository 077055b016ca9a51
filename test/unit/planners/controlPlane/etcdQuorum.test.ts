import { isEtcdQuorumSafe, projectEtcdCluster } from '../../../../shared/planners/controlPlane';
import type { ControlPlaneMachine, EtcdMember } from '../../../../shared/planners/controlPlane';
import { machine, membersFor, unhealthy } from './fixtures';

function cluster(
  size: number,
  unhealthyCount: number,
): { machines: ControlPlaneMachine[]; members: EtcdMember[] } {
  const machines = Array.from({ length: size }, (_, i) =>
    machine(
      `m${i + 1}`,
      i + 1,
      i >= size - unhealthyCount ? { conditions: unhealthy({ EtcdMemberHealthy: 'False' }) } : {},
    ),
  );
  return { machines, members: membersFor(machines) };
}

describe('targetEtcdClusterHealthy (isEtcdQuorumSafe)', () => {
  // Removing m1 (healthy); "unhealthy" counts the other failing members. From remediation.go's comment:
  // 3 CP tolerate 0 extra failures after removing one, 5 → 1, 7 → 2.
  it.each([
    [3, 0, true],
    [3, 1, false],
    [5, 1, true],
    [5, 2, false],
    [7, 2, true],
    [7, 3, false],
  ])('removing one member of %i with %i other unhealthy → safe=%s', (size, bad, safe) => {
    const { machines, members } = cluster(size, bad);
    expect(isEtcdQuorumSafe(machines, members, { addMember: false, memberToRemove: 'node-m1' })).toBe(safe);
  });

  it.each([
    ['0 → 1 (best case)', 0, 0, true],
    ['1 → 2 (best case)', 1, 0, true],
    ['3 healthy → 4 (new member counted unhealthy)', 3, 0, true],
    ['3 with 1 unhealthy → 4 is unsafe', 3, 1, false],
  ])('adding a member: %s', (_name, size, bad, safe) => {
    const { machines, members } = cluster(size, bad);
    expect(isEtcdQuorumSafe(machines, members, { addMember: true })).toBe(safe);
  });

  it('treats a learner or a member still starting (no name) as blocking', () => {
    const { machines, members } = cluster(3, 0);
    const withLearner = members.map((m, i) => (i === 2 ? { ...m, isLearner: true } : m));
    expect(isEtcdQuorumSafe(machines, withLearner, { addMember: false })).toBe(false);
    const starting = [...members, { id: 'id-9', name: '', isLearner: false, isLeader: false, healthy: true }];
    const p = projectEtcdCluster(machines, starting, { addMember: false });
    expect(p).toMatchObject({ learnerMembers: 1, safe: false });
  });

  it('judges a member without a Machine by what etcd reports, and Unknown EtcdMemberHealthy as unhealthy', () => {
    const { machines, members } = cluster(3, 0);
    const orphanBad = [
      ...members,
      { id: 'id-9', name: 'node-gone', isLearner: false, isLeader: false, healthy: false },
    ];
    expect(projectEtcdCluster(machines, orphanBad, { addMember: false })).toMatchObject({
      votingMembers: 4,
      quorum: 3,
      unhealthy: ['node-gone (no machine)'],
      safe: true,
    });
    const unknown = machines.map((m, i) =>
      i === 1 ? { ...m, conditions: { ...m.conditions, EtcdMemberHealthy: 'Unknown' as const } } : m,
    );
    expect(isEtcdQuorumSafe(unknown, members, { addMember: false, memberToRemove: 'node-m1' })).toBe(false);
  });
});
