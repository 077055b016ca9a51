import {
  DELETE_MACHINE_ANNOTATION,
  selectMachineForScaleDown,
} from '../../../../shared/planners/controlPlane';
import type { ControlPlaneMachine } from '../../../../shared/planners/controlPlane';
import { FDS, OLD, healthy, machine } from './fixtures';

const annotated = { [DELETE_MACHINE_ANNOTATION]: '' };
const outdated = (name: string, minute: number, patch: Partial<ControlPlaneMachine> = {}) =>
  machine(name, minute, { version: OLD, ...patch });

describe('selectMachineForScaleDown (selectMachineForInPlaceUpdateOrScaleDown)', () => {
  it.each<[string, ControlPlaneMachine[], string]>([
    [
      '1. outdated with the delete-machine annotation beats an annotated up-to-date one',
      [
        machine('new', 1, { failureDomain: 'fd-a', annotations: annotated }),
        outdated('old-annotated', 5, { failureDomain: 'fd-b', annotations: annotated }),
        outdated('old', 0, { failureDomain: 'fd-b' }),
      ],
      'old-annotated',
    ],
    [
      '2. an annotated up-to-date Machine beats plain outdated ones',
      [
        machine('new', 9, { failureDomain: 'fd-a', annotations: annotated }),
        outdated('old', 1, { failureDomain: 'fd-b' }),
      ],
      'new',
    ],
    [
      '3. outdated with a False component condition beats older outdated ones',
      [
        outdated('old1', 1, { failureDomain: 'fd-a' }),
        outdated('sick', 5, {
          failureDomain: 'fd-b',
          conditions: { ...healthy(), ControllerManagerPodHealthy: 'False' },
        }),
      ],
      'sick',
    ],
    [
      '3. … but an Unknown condition does not count',
      [
        outdated('old1', 1, { failureDomain: 'fd-a' }),
        outdated('unknown', 5, {
          failureDomain: 'fd-b',
          conditions: { ...healthy(), EtcdMemberHealthy: 'Unknown' },
        }),
      ],
      'old1',
    ],
    [
      'a Machine outside the known failure domains goes first',
      [
        outdated('a1', 1, { failureDomain: 'fd-a' }),
        outdated('a2', 2, { failureDomain: 'fd-a' }),
        outdated('lost', 7, { failureDomain: 'fd-retired' }),
      ],
      'lost',
    ],
    [
      'the domain with most eligible Machines, oldest within it',
      [
        outdated('a1', 1, { failureDomain: 'fd-a' }),
        outdated('b1', 3, { failureDomain: 'fd-b' }),
        outdated('b2', 2, { failureDomain: 'fd-b' }),
        machine('c-new', 0, { failureDomain: 'fd-c' }),
      ],
      'b2',
    ],
    [
      'equal eligible counts: the domain with more Machines overall',
      [
        outdated('a1', 1, { failureDomain: 'fd-a' }),
        outdated('b1', 2, { failureDomain: 'fd-b' }),
        machine('b-new', 3, { failureDomain: 'fd-b' }),
      ],
      'b1',
    ],
  ])('%s', (_name, machines, expected) => {
    const outdatedSet = machines.filter((m) => m.version === OLD);
    expect(selectMachineForScaleDown(machines, outdatedSet, FDS)?.machine.name).toBe(expected);
  });

  it('without failure domains, the oldest eligible Machine', () => {
    const machines = [machine('m2', 2), machine('m1', 1), machine('m3', 3)];
    expect(selectMachineForScaleDown(machines, [], [])?.machine.name).toBe('m1');
  });
});
