import type { RolloutSpec } from '../../../../shared/planners/rollout/types';
import { steadyModel, type SimResult, type SimStep } from '../../planners/rollout/driver';
import {
  availabilityViolation,
  convergenceViolation,
  directionViolation,
  stepViolations,
  surgeViolation,
} from './checks';

/** Every checker must be able to fail; otherwise a green randomized run proves nothing. */
const spec: RolloutSpec = {
  name: 'md',
  replicas: 4,
  strategy: { type: 'RollingUpdate', maxSurge: 1, maxUnavailable: 1 },
  deletePolicy: 'Random',
  paused: false,
  minReadySeconds: 0,
  templateHash: 'v2',
};

/** A quiet step of a 4-replica, maxSurge 1, maxUnavailable 1 deployment. */
function step(patch: Partial<SimStep> = {}): SimStep {
  return {
    t: 7,
    line: 't=7',
    reasons: [],
    replicas: 4,
    maxTotal: 5,
    minAvailable: 3,
    total: 5,
    created: 0,
    specTotal: 5,
    liveBefore: 5,
    liveAfter: 5,
    spec,
    intents: [],
    availableBefore: 4,
    availableAfter: 4,
    deadlockBreaker: false,
    ...patch,
  };
}

describe('rollout invariant checkers', () => {
  it('pass on a quiet step', () => {
    expect(stepViolations([step()])).toBeUndefined();
  });

  it('machines-bound: a step that creates machines beyond replicas + maxSurge', () => {
    expect(surgeViolation(step({ created: 1, total: 6 }))?.rule).toBe('machines-bound');
    // Above the bound without creating anything is the tail of a scale-down, not a breach.
    expect(surgeViolation(step({ created: 0, total: 9 }))).toBeUndefined();
  });

  it('machines-bound while paused is about Σ spec.replicas (what CAPI scale() guarantees)', () => {
    const paused = { ...spec, paused: true };
    expect(surgeViolation(step({ spec: paused, created: 2, total: 7, specTotal: 5 }))).toBeUndefined();
    expect(surgeViolation(step({ spec: paused, created: 2, total: 7, specTotal: 6 }))?.rule).toBe(
      'machines-bound',
    );
  });

  it('availability: the planners take availability below replicas − maxUnavailable', () => {
    expect(availabilityViolation(step({ availableBefore: 4, availableAfter: 2 }))?.rule).toBe('availability');
    expect(
      availabilityViolation(step({ availableBefore: 4, availableAfter: 2, deadlockBreaker: true })),
    ).toBeUndefined();
    // A machine that failed by itself lowers the floor: the planners just must not go lower.
    expect(availabilityViolation(step({ availableBefore: 2, availableAfter: 2 }))).toBeUndefined();
  });

  it('below-replicas: OnDelete, paused and new-MachineSet trims must not delete below replicas', () => {
    const onDelete = { ...spec, strategy: { ...spec.strategy, type: 'OnDelete' as const } };
    expect(availabilityViolation(step({ spec: onDelete, liveBefore: 5, liveAfter: 3 }))?.rule).toBe(
      'below-replicas',
    );
    const trim = step({
      intents: [{ type: 'scaleMachineSet', name: 'md-v2-2', role: 'new', from: 6, to: 4, why: '' }],
      liveBefore: 6,
      liveAfter: 4,
      availableAfter: 1,
    });
    expect(availabilityViolation(trim)).toBeUndefined();
    expect(availabilityViolation({ ...trim, liveAfter: 3 })?.rule).toBe('below-replicas');
  });

  it('old-scaled-up and new-above-replicas (outside a pause)', () => {
    const old = step({
      intents: [{ type: 'scaleMachineSet', name: 'md-v1-1', role: 'old', from: 1, to: 2, why: '' }],
    });
    expect(directionViolation(old)?.rule).toBe('old-scaled-up');
    expect(directionViolation({ ...old, spec: { ...spec, paused: true } })).toBeUndefined();
    const big = step({
      intents: [{ type: 'scaleMachineSet', name: 'md-v2-2', role: 'new', from: 4, to: 5, why: '' }],
    });
    expect(directionViolation(big)?.rule).toBe('new-above-replicas');
  });

  it('liveness: a healthy rollout that ends with two MachineSets', () => {
    const final = steadyModel({ ...spec, templateHash: 'v1' });
    final.spec = spec;
    const result: SimResult = { steps: [step()], transcript: '', final, outcome: 'stalled' };
    expect(convergenceViolation(result)?.rule).toBe('liveness');
  });
});
