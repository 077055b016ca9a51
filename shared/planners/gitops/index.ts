/** GitOps (`capstan diff` / `capstan sync`, fleetSyncWorkflow): pure planning over a fleet repository. */
export * from './labels';
export * from './summary';
export * from './plan';
export * from './resourceDiff';
export * from './syncRun';
export * from './syncSettings';
export * from './rolloutImpact';
