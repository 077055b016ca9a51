import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { FleetSyncRun } from '../../shared/planners/gitops';

export interface FleetSyncSettings {
  /** the fleet repository checkout, as the workflow worker sees it (absolute path) */
  dir: string;
  /** the repository id (label `capstan.io/gitops-repo` on its clusters); the workflow ID is `fleet-sync/<repoId>` */
  repoId: string;
  /** delete this repository's clusters it no longer declares */
  prune: boolean;
  /** seconds between passes (at least 5) */
  intervalSeconds: number;
}

/** One pass as kept in the workflow's state: what the activity returned, or why it could not run. */
export type FleetSyncPass = { at: string; durationMs: number } & (
  | { ok: true; run: FleetSyncRun }
  | { ok: false; error: string }
);

export interface FleetSyncCarried {
  passes: number;
  last?: FleetSyncPass;
  /** the last pass that created, changed, deleted or failed something (the audit's headline) */
  lastChange?: FleetSyncPass;
  /** the latest passes' headlines, newest first (at most 20) */
  recent: Array<{ at: string; status: string; commit?: string; changed: number; failed: number }>;
}

export interface FleetSyncInput extends FleetSyncSettings {
  continueAsNewAfterEvents?: number;
  carried?: FleetSyncCarried;
}

export interface FleetSyncStatus extends FleetSyncSettings, FleetSyncCarried {
  stopping: boolean;
  /** when the next pass starts unless `syncNow` comes first */
  nextPassAt?: string;
}

export const fleetSyncStatusQuery = defineQuery<FleetSyncStatus>('status');
/** Runs a pass now and returns it (also applies the settings' change to later passes). */
export const syncNowUpdate = defineUpdate<FleetSyncPass, []>('syncNow');
/** Changes the interval or prune from the next pass on. */
export const configureFleetSyncUpdate = defineUpdate<FleetSyncSettings, [Partial<Pick<FleetSyncSettings, 'intervalSeconds' | 'prune'>>]>('configure');
/** Ends the workflow after the pass in flight, if any. */
export const stopFleetSyncUpdate = defineUpdate<FleetSyncStatus, []>('stop');
