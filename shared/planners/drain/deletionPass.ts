import type { NodeDeletionDecision } from './deleteNodeAllowed';
import { deletingSummary } from './deletingSummary';
import type {
  DeletionAction,
  DeletionProgress,
  DeletionStage,
  MachineDeletionState,
  MachineDeletionStep,
} from './machineDeletionTypes';

/** What one `planMachineDeletion` call carries from step to step. */
export interface Pass {
  s: MachineDeletionState;
  now: string;
  record: Partial<DeletionProgress>;
  skipped: string[];
  nodeDeletion: NodeDeletionDecision;
}

/** The step that stops this pass, with the Ready summary derived from its stage and message. */
export function step(
  p: Pass,
  stage: DeletionStage,
  action: DeletionAction,
  message: string,
  reason: string,
  nextCheckAt?: string,
): MachineDeletionStep {
  const drainStart = p.record.nodeDrainStartTime ?? p.s.progress.nodeDrainStartTime;
  return {
    stage,
    action,
    record: p.record,
    message,
    reason,
    readySummary: deletingSummary(stage, p.s.machine.deletionRequestedAt, drainStart, message, p.now),
    skipped: p.skipped,
    nodeDeletion: p.nodeDeletion,
    nextCheckAt,
  };
}
