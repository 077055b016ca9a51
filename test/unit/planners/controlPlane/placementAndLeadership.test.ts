import {
  pickFailureDomainForNewMachine,
  selectEtcdLeaderCandidate,
} from '../../../../shared/planners/controlPlane';
import type { ControlPlaneMachine } from '../../../../shared/planners/controlPlane';
import { FDS, NEW, NOW, OLD, healthy, machine, membersFor } from './fixtures';

describe('pickFailureDomainForNewMachine (PickFewest)', () => {
  it.each<[string, ControlPlaneMachine[], string | undefined]>([
    ['empty: first control-plane domain by name', [], 'fd-a'],
    [
      'fewest up-to-date Machines wins even if it has more Machines overall',
      [
        machine('a-old1', 1, { failureDomain: 'fd-a', version: OLD }),
        machine('a-old2', 2, { failureDomain: 'fd-a', version: OLD }),
        machine('b-new', 3, { failureDomain: 'fd-b' }),
        machine('c-new', 4, { failureDomain: 'fd-c' }),
      ],
      'fd-a',
    ],
    [
      'tie on up-to-date: fewest Machines overall',
      [
        machine('a-old', 1, { failureDomain: 'fd-a', version: OLD }),
        machine('b-old', 2, { failureDomain: 'fd-b', version: OLD }),
      ],
      'fd-c',
    ],
    [
      'deleting up-to-date Machines do not count as up to date',
      [
        machine('a-new', 1, { failureDomain: 'fd-a', deletionRequestedAt: NOW }),
        machine('b-new', 2, { failureDomain: 'fd-b' }),
        machine('c-new', 3, { failureDomain: 'fd-c' }),
      ],
      'fd-a',
    ],
  ])('%s', (_name, machines, expected) => {
    expect(
      pickFailureDomainForNewMachine(
        FDS,
        machines,
        machines.filter((m) => m.version === NEW),
      ),
    ).toBe(expected);
  });

  it('uses only controlPlane: true domains, and none when there are none', () => {
    expect(pickFailureDomainForNewMachine([{ name: 'w', controlPlane: false }], [], [])).toBeUndefined();
  });
});

describe('selectEtcdLeaderCandidate', () => {
  const upToDate = (m: ControlPlaneMachine) => m.version === NEW;
  it.each<[string, ControlPlaneMachine[], string | undefined]>([
    [
      'EtcdMemberHealthy first',
      [
        machine('leader', 1),
        machine('etcd-bad', 9, { conditions: { ...healthy(), EtcdMemberHealthy: 'False' } }),
        machine('ok', 2),
      ],
      'ok',
    ],
    [
      'then not marked unhealthy by the MHC',
      [
        machine('leader', 1),
        machine('mhc-bad', 9, { conditions: { ...healthy(), HealthCheckSucceeded: 'False' } }),
        machine('ok', 2),
      ],
      'ok',
    ],
    [
      'then up to date',
      [machine('leader', 1), machine('old', 9, { version: OLD }), machine('new', 2)],
      'new',
    ],
    ['then the newest', [machine('leader', 1), machine('older', 2), machine('newer', 3)], 'newer'],
    [
      'never a deleting Machine or one without a Node',
      [
        machine('leader', 1),
        machine('deleting', 5, { deletionRequestedAt: NOW }),
        machine('no-node', 6, { nodeName: undefined }),
      ],
      undefined,
    ],
  ])('%s', (_name, machines, expected) => {
    expect(
      selectEtcdLeaderCandidate(machines, membersFor(machines, 'leader'), 'leader', upToDate)?.name,
    ).toBe(expected);
  });
});
