export * from './types';
export * from './planLifecycleHook';
export * from './recordHookOutcome';
export * from './hookCondition';
