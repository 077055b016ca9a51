// Workflow bundle entry (DESIGN.md): every workflow type the worker registers.
export { clusterWorkflow } from './cluster/workflow';
export { controlPlaneWorkflow } from './controlPlane/workflow';
export { machineDeploymentWorkflow } from './machineDeployment/workflow';
export { machineWorkflow } from './machine/workflow';
export { drainWorkflow } from './drain/workflow';
export { machineHealthCheckWorkflow } from './machineHealthCheck/workflow';
