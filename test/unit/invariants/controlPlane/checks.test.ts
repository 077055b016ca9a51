import type { ControlPlaneSpec } from '../../../../shared/planners/controlPlane';
import { newWorld, type World } from '../../planners/controlPlane/simWorld';
import {
  deletionOrderViolations,
  inFlightViolation,
  machinesBoundViolation,
  quorumViolation,
  votingBoundViolation,
} from './checks';
import { intentViolations } from './intentChecks';
import { newLedger, recordCreation, recordRemediation, remember, type Ledger } from './ledger';
import { simulateControlPlane } from './simulate';
import type { ControlPlaneScenario } from './scenario';

/** Every checker must be able to fail; otherwise a green randomized run proves nothing. */
const spec: ControlPlaneSpec = {
  name: 'cp',
  replicas: 3,
  version: 'v1.30.4',
  templateHash: 'tmpl-1',
  rollout: { maxSurge: 1 },
  remediation: { retryPeriodSeconds: 0, minHealthyPeriodSeconds: 3600 },
};
const timing = { nodeAfterTicks: 2, etcdJoinAfterTicks: 1, drainTicks: 1, infraDeleteTicks: 1 };
const healthy = (replicas = 3): { world: World; ledger: Ledger } => {
  const world = newWorld({ ...spec, replicas }, [], timing, { machines: replicas, version: spec.version });
  return { world, ledger: newLedger(world) };
};
const machine = (w: World, name: string) => w.machines.find((s) => s.m.name === name)!;
const member = (name: string) => ({ id: name, name, isLearner: false, isLeader: false, healthy: true });
/** A Machine the planner created that has not joined yet: an operation in flight. */
function creating(w: World, ledger: Ledger, name: string, withNode: boolean) {
  w.machines.push({
    m: {
      name,
      version: spec.version,
      templateHash: spec.templateHash,
      createdAt: '2026-03-01T00:00:00.000Z',
      annotations: {},
      conditions: {},
      ...(withNode ? { nodeName: name } : {}),
    },
    createdTick: 0,
    createdByPlanner: true,
    healthyOnce: false,
    neverGetsNode: false,
  });
  recordCreation(ledger, name, w.spec.replicas);
}

describe('control-plane invariant checkers', () => {
  it('pass on a healthy control plane', () => {
    const { world, ledger } = healthy();
    expect(quorumViolation(world)).toBeUndefined();
    expect(votingBoundViolation(world, ledger)).toBeUndefined();
    expect(inFlightViolation(world, ledger)).toBeUndefined();
    expect(deletionOrderViolations(world, ledger)).toEqual([]);
  });

  it('etcd-quorum: two of three members down', () => {
    const { world } = healthy();
    world.members[1]!.healthy = false;
    world.members[2]!.healthy = false;
    expect(quorumViolation(world)?.rule).toBe('etcd-quorum');
  });

  it('voting-members-bound: a member joins as the fifth for 3 replicas', () => {
    const { world, ledger } = healthy();
    world.members.push(member('cp-4'));
    recordCreation(ledger, 'cp-5', 3);
    world.members.push(member('cp-5'));
    expect(votingBoundViolation(world, ledger)?.rule).toBe('voting-members-bound');
  });

  it('voting-members-bound allows a member created before a scale-down to join (max of old and new)', () => {
    const { world, ledger } = healthy(5);
    world.members.pop();
    remember(ledger, world);
    world.spec = { ...world.spec, replicas: 3 };
    world.members.push(member('cp-5'));
    expect(votingBoundViolation(world, ledger)).toBeUndefined();
  });

  it('machines-bound: createMachine beyond replicas + maxSurge', () => {
    const { world, ledger } = healthy();
    creating(world, ledger, 'cp-4', true);
    expect(
      machinesBoundViolation(world, { type: 'createMachine', role: 'join', reason: '' }),
    ).toBeUndefined();
    creating(world, ledger, 'cp-5', true);
    expect(machinesBoundViolation(world, { type: 'createMachine', role: 'join', reason: '' })?.rule).toBe(
      'machines-bound',
    );
  });

  it('one-operation-in-flight: two deletions, or a scale-down next to a creation', () => {
    const a = healthy();
    machine(a.world, 'cp-1').m.deletionRequestedAt = '2026-03-01T00:00:00.000Z';
    machine(a.world, 'cp-2').m.deletionRequestedAt = '2026-03-01T00:00:00.000Z';
    expect(inFlightViolation(a.world, a.ledger)?.rule).toBe('one-operation-in-flight');
    const b = healthy();
    machine(b.world, 'cp-1').m.deletionRequestedAt = '2026-03-01T00:00:00.000Z';
    creating(b.world, b.ledger, 'cp-4', true);
    expect(inFlightViolation(b.world, b.ledger)?.rule).toBe('one-operation-in-flight');
    // ...but a remediation may overlap a new Machine that already has its Node (CAPI does).
    recordRemediation(b.ledger, 'cp-1');
    expect(inFlightViolation(b.world, b.ledger)).toBeUndefined();
  });

  it('deleted-without-drain: a Machine vanishes that was never drained nor released', () => {
    const { world, ledger } = healthy();
    machine(world, 'cp-3').m.deletionRequestedAt = '2026-03-01T00:00:00.000Z';
    remember(ledger, world);
    world.machines = world.machines.filter((s) => s.m.name !== 'cp-3');
    expect(deletionOrderViolations(world, ledger).map((v) => v.rule)).toEqual(['deleted-without-drain']);
  });

  it('hook-before-drain and member-left-behind', () => {
    const { world } = healthy();
    machine(world, 'cp-2').m.deletionRequestedAt = '2026-03-01T00:00:00.000Z';
    const release = { type: 'removePreTerminateHook', machine: 'cp-2', reason: '' } as const;
    expect(intentViolations(world, release).map((v) => v.rule)).toEqual(['hook-before-drain']);
    machine(world, 'cp-2').m.waitingForPreTerminateHook = true;
    expect(intentViolations(world, release).map((v) => v.rule)).toEqual(['member-left-behind']);
  });

  it('member-removed-before-drain: removing the member of a Machine that is not being deleted', () => {
    const { world } = healthy();
    const intent = {
      type: 'removeEtcdMember',
      memberId: 'm2',
      memberName: 'cp-2',
      machine: 'cp-2',
      reason: '',
    } as const;
    expect(intentViolations(world, intent).map((v) => v.rule)).toEqual(['member-removed-before-drain']);
  });

  it('remediation-single-machine, remediation-loses-quorum, remediation-during-provisioning', () => {
    const record = { machine: 'cp-1', timestamp: '2026-03-01T00:00:00.000Z', retryCount: 0 };
    const one = healthy(1);
    expect(
      intentViolations(one.world, { type: 'markRemediation', machine: 'cp-1', record, reason: '' }).map(
        (v) => v.rule,
      ),
    ).toEqual(['remediation-single-machine']);
    const three = healthy();
    three.world.members[1]!.healthy = false; // cp-2's member is down; remediating cp-3 leaves 1 of 2
    expect(
      intentViolations(three.world, { type: 'markRemediation', machine: 'cp-3', record, reason: '' }).map(
        (v) => v.rule,
      ),
    ).toEqual(['remediation-loses-quorum']);
    const provisioning = healthy();
    creating(provisioning.world, provisioning.ledger, 'cp-4', false);
    expect(
      intentViolations(provisioning.world, {
        type: 'markRemediation',
        machine: 'cp-3',
        record,
        reason: '',
      }).map((v) => v.rule),
    ).toEqual(['remediation-during-provisioning']);
  });

  it('deletes-leader: deleting, remediating or removing the member of the etcd leader', () => {
    const { world } = healthy();
    const record = { machine: 'cp-1', timestamp: '2026-03-01T00:00:00.000Z', retryCount: 0 };
    expect(
      intentViolations(world, { type: 'deleteMachine', name: 'cp-1', reason: '' }).map((v) => v.rule),
    ).toEqual(['deletes-leader']);
    expect(
      intentViolations(world, { type: 'markRemediation', machine: 'cp-1', record, reason: '' }).map(
        (v) => v.rule,
      ),
    ).toEqual(['deletes-leader']);
    expect(intentViolations(world, { type: 'deleteMachine', name: 'cp-2', reason: '' })).toEqual([]);
  });

  it('failure-domain: outside the control-plane domains, or not the emptiest one', () => {
    const zones = [
      { name: 'az1', controlPlane: true },
      { name: 'az2', controlPlane: true },
      { name: 'edge', controlPlane: false },
    ];
    const world = newWorld(spec, zones, timing, { machines: 3, version: spec.version });
    const create = (failureDomain?: string) =>
      intentViolations(world, {
        type: 'createMachine',
        role: 'join',
        reason: '',
        ...(failureDomain ? { failureDomain } : {}),
      });
    expect(create('az2')).toEqual([]);
    expect(create('edge').map((v) => v.rule)).toEqual(['failure-domain']);
    expect(create().map((v) => v.rule)).toEqual(['failure-domain']);
    // cp-1 and cp-3 in az1, cp-2 in az2: az2 is the emptiest.
    expect(create('az1').map((v) => v.rule)).toEqual(['failure-domain']);
  });

  it('liveness: a recoverable run that cannot converge fails (an even replica count the planner refuses)', () => {
    const scenario: ControlPlaneScenario = {
      recoverable: true,
      spec,
      failureDomains: [],
      initialMachines: 3,
      initialVersion: spec.version,
      timing,
      events: [{ at: 0, kind: 'spec', describe: 'replicas 3 → 4', patch: { replicas: 4 } }],
    };
    const run = simulateControlPlane(scenario);
    expect(run.violation?.rule).toBe('liveness');
    expect(run.transcript).toContain('VIOLATION');
  });
});
