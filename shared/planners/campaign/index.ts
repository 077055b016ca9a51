export * from './types';
export * from './names';
export { validateCampaignSpec, MAX_SOAK_SECONDS, DEFAULT_UPGRADE_TIMEOUT } from './validateSpec';
export { snapshotCampaign, selectClusters, clusterKey, STAGED_TARGET, sortWaveValues, type FleetCluster, type SnapshotResult } from './snapshot';
export {
  summarizeDescription,
  assessStep,
  assessStagedStep,
  assessEligibility,
  observationFingerprint,
  stepTargetOf,
  VERSION_STEPS,
  STAGED_STEPS,
  type StepTarget,
  type StepVerdict,
  type Eligibility,
} from './assess';
export { planCampaign, activeWaveIndex, budgetBreaches, gateSatisfied, isPaused, isTerminal, FRESH_MS, type PlanInput } from './plan';
export * from './operator';
export { campaignStatus, campaignPhase, type CampaignStatusView, type WaveStatusView, type ScopeStatusView, type ClusterStatusView, type CampaignPhase } from './status';
export { upgradePath, compareVersionStrings } from './versions';
export { maintenanceState, activeExclusion, nextWindowOpening, isWindowOpen } from './windows';
export { recordObservations, recordUpgradeRequested, recordUpgradeRefused } from './record';
