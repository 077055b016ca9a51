import { simulateRollout, steadyModel, type SimResult } from '../../planners/rollout/driver';
import { hashUnit } from '../random';
import type { Violation } from '../violation';
import { convergenceViolation, stepViolations } from './checks';
import type { RolloutScenario } from './scenario';

/**
 * Runs one randomized rollout through the golden driver (planRollout + planMachineSetSync per
 * tick) and checks it. The transcript handed back ends at the violating step.
 */
export interface RolloutRun {
  violation?: Violation;
  transcript: string;
  result: SimResult;
}

export function simulateRandomRollout(s: RolloutScenario): RolloutRun {
  const initial = steadyModel(s.spec, { unhealthy: s.initialUnhealthy });
  const result = simulateRollout(initial, s.events, {
    readyAfterTicks: s.readyAfterTicks,
    deleteAfterTicks: s.deleteAfterTicks,
    brokenTemplates: s.brokenTemplates,
    neverReady:
      s.neverReadyRate > 0 ? (name) => hashUnit(name, s.neverReadySalt) < s.neverReadyRate : undefined,
    maxTicks: s.maxTicks + s.readyJitterTicks * (s.spec.replicas + 2) * 4,
    samePassSync: s.samePassSync,
    readyJitter: s.readyJitterTicks > 0 ? (name) => Math.floor(hashUnit(name, s.neverReadySalt + 1) * (s.readyJitterTicks + 1)) : undefined,
  });
  const broken = stepViolations(result.steps);
  if (broken) {
    return {
      violation: broken.violation,
      transcript: cutAfterStep(result.transcript, broken.step.t),
      result,
    };
  }
  const stuck = s.healthy ? convergenceViolation(result) : undefined;
  return { ...(stuck ? { violation: stuck } : {}), transcript: result.transcript, result };
}

/** The transcript up to and including step `t` (its line and the "why:" lines under it). */
function cutAfterStep(transcript: string, t: number): string {
  const lines = transcript.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`t=${t} `));
  if (at < 0) return transcript;
  let end = at + 1;
  while (end < lines.length && lines[end]!.startsWith('      why:')) end++;
  return lines.slice(0, end).join('\n');
}
