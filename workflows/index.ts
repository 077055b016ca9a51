// Workflow bundle entry (DESIGN.md): every workflow type the worker registers.
export { clusterWorkflow } from './cluster/workflow';
export { controlPlaneWorkflow } from './controlPlane/workflow';
export { machineDeploymentWorkflow } from './machineDeployment/workflow';
export { machineWorkflow } from './machine/workflow';
export { drainWorkflow } from './drain/workflow';
export { machineHealthCheckWorkflow } from './machineHealthCheck/workflow';
/** `remediation/<ns>/<machine>`: a MachineHealthCheck's external remediation request (built-in Reboot, or waits for an external controller) */
export { externalRemediationWorkflow } from './externalRemediation/workflow';
/** `campaign/<name>`: a fleet upgrade campaign (waves, groups, gates) over cluster workflows */
export { upgradeCampaignWorkflow } from './campaign/workflow';
/** `fleet-sync/<repoId>`: the continuous GitOps sync of a fleet repository checkout */
export { fleetSyncWorkflow } from './fleetSync/workflow';
