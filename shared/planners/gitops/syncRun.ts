/** One pass of the continuous GitOps sync (fleetSyncWorkflow), as its status shows it. */
export interface FleetSyncRun {
  repoId: string;
  /** the checkout's HEAD commit, when it is a git checkout */
  commit?: string;
  files: number;
  /** hash of the compiled desired states (the same for an unchanged repository) */
  fingerprint: string;
  /** Invalid: the repository did not compile and nothing was applied */
  status: 'Synced' | 'PartiallyFailed' | 'Invalid';
  issueCount: number;
  /** the first issues, formatted with their file, resource and field */
  issues: string[];
  /** staged: changes staged this pass; held: staged before, still waiting for a campaign (counted unchanged too) */
  counts: { created: number; configured: number; staged?: number; held?: number; unchanged: number; deleted: number; failed: number; wouldPrune: number };
  /** the first clusters that changed or failed */
  changes: Array<{ key: string; action: string; generation?: number; error?: string }>;
}
