/** External remediation requests (MachineHealthCheck `remediationTemplate`): pure, sandbox-safe. */
export * from './strategy';
export * from './rebootSteps';
export * from './externalWait';
