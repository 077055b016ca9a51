import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ResourceKey } from '../../shared/ids';
import type { ProviderName } from '../../shared/model/desired';
import type { EvictionAttempt } from '../../shared/planners/drain';
import type { MachineDrainRule } from '../../shared/planners/drain';

export interface DrainWorkflowInput {
  cluster: ResourceKey;
  provider: ProviderName;
  machine: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
  clusterLabels: Record<string, string>;
  nodeName: string;
  /**
   * The MachineDrainRules of the Machine's namespace (the planner picks those matching the Machine
   * and the Cluster labels). Optional: drains started before drain rules were supported have none.
   */
  rules?: MachineDrainRule[];
  /** unset or 0: no limit (CAPI's default) */
  nodeDrainTimeoutSeconds?: number;
  /** how long to wait for volumes to detach after the drain; unset or 0: no limit (CAPI's default) */
  nodeVolumeDetachTimeoutSeconds?: number;
  /** the machine workflow, told about every change of the explanation */
  machineWorkflowId: string;
  /** history length that triggers continue-as-new (tests set it low) */
  continueAsNewAfterEvents?: number;
  /**
   * Carried across continue-as-new: a drain blocked by a PodDisruptionBudget with no
   * nodeDrainTimeout (CAPI's default) runs for as long as the budget says no.
   */
  carried?: { startedAt: string; attempts: EvictionAttempt[]; passes: number; sentProgress?: number };
}

export interface DrainProgress {
  /** one paragraph: exactly why the drain is where it is */
  explanation: string;
  conditionMessage: string;
  passes: number;
  startedAt: string;
  /**
   * Counts the drain's progress messages. They are sent without waiting, so two of one workflow
   * task may arrive in either order; the machine keeps the one with the higher count.
   */
  seq?: number;
}

export interface DrainResult extends DrainProgress {
  outcome: 'drained' | 'skipped' | 'timedOut';
  /** the wait for volumes to detach that follows the drain (absent in runs from before it) */
  volumes?: 'detached' | 'skipped' | 'timedOut';
}

export const drainProgressSignal = defineSignal<[DrainProgress]>('drainProgress');
export const drainStatusQuery = defineQuery<DrainProgress>('status');
