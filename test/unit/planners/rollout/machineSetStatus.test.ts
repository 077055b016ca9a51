import type { DesiredMachineDeployment } from '../../../../shared/model/desired';
import { machineTemplateHash } from '../../../../shared/planners/machineTemplateHash';
import {
  rolloutMachineFromStatus,
  rolloutSpecFromDesired,
} from '../../../../shared/planners/rollout/fromDesired';
import { machineSetStatus, nextAvailabilityAt } from '../../../../shared/planners/rollout/machineSetStatus';
import { nextRolloutWakeAt } from '../../../../shared/planners/rollout/nextWakeAt';
import type { RolloutMachineSet } from '../../../../shared/planners/rollout/types';
import { machine } from '../fixtures';
import { NOW, pendingMachine, rolloutSpec, runningMachine } from './fixtures';

const set = (machines: RolloutMachineSet['machines']): RolloutMachineSet => ({
  name: 'ms',
  revision: 1,
  templateHash: 'v1',
  createdAt: NOW,
  replicas: machines.length,
  machines,
});

describe('machineSetStatus (status.replicas / readyReplicas / availableReplicas)', () => {
  it('counts deleting machines in replicas but never as ready or available', () => {
    const s = set([runningMachine('a'), runningMachine('b', { deleting: true }), pendingMachine('c')]);
    expect(machineSetStatus(s, 0, NOW)).toEqual({ replicas: 3, readyReplicas: 1, availableReplicas: 1, deletingReplicas: 1 });
  });

  it('a machine is available only after Ready for minReadySeconds (boundary inclusive)', () => {
    const s = set([
      runningMachine('exact', { readySince: '2026-03-01T11:59:30.000Z' }),
      runningMachine('early', { readySince: '2026-03-01T11:59:31.000Z' }),
    ]);
    expect(machineSetStatus(s, 30, NOW)).toEqual({ replicas: 2, readyReplicas: 2, availableReplicas: 1, deletingReplicas: 0 });
  });

  it('nextAvailabilityAt is the minReadySeconds boundary of the earliest Ready-but-not-available machine', () => {
    const s = set([
      runningMachine('a', { readySince: '2026-03-01T11:59:50.000Z' }),
      runningMachine('b', { readySince: '2026-03-01T11:59:40.000Z' }),
      runningMachine('old'),
    ]);
    expect(nextAvailabilityAt([s], 30, NOW)).toBe('2026-03-01T12:00:10.000Z');
    expect(nextAvailabilityAt([s], 0, NOW)).toBeUndefined();
  });

  it('nextRolloutWakeAt is the earlier of that boundary and a rollout.after still ahead', () => {
    const s = set([runningMachine('a', { readySince: '2026-03-01T11:59:50.000Z' })]);
    const spec = rolloutSpec({ minReadySeconds: 30, rolloutAfter: '2026-03-01T12:00:05.000Z' });
    expect(nextRolloutWakeAt({ spec, machineSets: [s] }, NOW)).toBe('2026-03-01T12:00:05.000Z');
    expect(
      nextRolloutWakeAt(
        { spec: { ...spec, rolloutAfter: '2026-03-01T11:00:00.000Z' }, machineSets: [s] },
        NOW,
      ),
    ).toBe('2026-03-01T12:00:20.000Z');
    expect(nextRolloutWakeAt({ spec: rolloutSpec(), machineSets: [s] }, NOW)).toBeUndefined();
  });
});

describe('adapters from the workflow model', () => {
  it('reads Ready-since from the Ready condition, else from the last report in Running', () => {
    const withReady = machine('m1', {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          severity: '',
          reason: '',
          message: '',
          lastTransitionTime: '2026-02-02T00:00:00Z',
        },
      ],
      lastUpdated: '2026-02-03T00:00:00Z',
    });
    expect(rolloutMachineFromStatus(withReady).readySince).toBe('2026-02-02T00:00:00Z');
    expect(rolloutMachineFromStatus(machine('m2', { lastUpdated: '2026-02-04T00:00:00Z' })).readySince).toBe(
      '2026-02-04T00:00:00Z',
    );
    expect(rolloutMachineFromStatus(machine('m3', { phase: 'Provisioned' })).readySince).toBeUndefined();
    expect(rolloutMachineFromStatus(machine('m4', { deletionRequestedAt: NOW })).deleting).toBe(true);
  });

  it('builds the rollout spec from a compiled MachineDeployment', () => {
    const template = {
      version: 'v1.31.4',
      infrastructure: { apiVersion: 'x/v1', kind: 'SimMachineTemplate', name: 'infra-a', spec: {} },
      bootstrap: { apiVersion: 'x/v1', kind: 'KubeadmConfigTemplate', name: 'boot-a', spec: {} },
      labels: {},
      annotations: {},
      minReadySeconds: 20,
      nodeDeletionTimeoutSeconds: 10,
    };
    const md: DesiredMachineDeployment = {
      name: 'workers',
      replicas: 4,
      template,
      strategy: { type: 'RollingUpdate', maxSurge: '25%', maxUnavailable: 0, deletePolicy: 'Oldest' },
      rolloutAfter: '2026-03-02T00:00:00Z',
      paused: false,
      labels: {},
      annotations: {},
    };
    expect(rolloutSpecFromDesired(md)).toEqual({
      name: 'workers',
      replicas: 4,
      strategy: { type: 'RollingUpdate', maxSurge: '25%', maxUnavailable: 0 },
      deletePolicy: 'Oldest',
      paused: false,
      rolloutAfter: '2026-03-02T00:00:00Z',
      minReadySeconds: 20,
      templateHash: machineTemplateHash(template),
    });
  });
});
