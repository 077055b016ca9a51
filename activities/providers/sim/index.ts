/** The `sim` provider: InfrastructureProvider and WorkloadCluster over `capstan sim serve`'s HTTP API. */
export {
  SimInfrastructureProvider,
  toClusterInfraStatus,
  toMachineInfraStatus,
} from './simInfrastructureProvider';
export { SimWorkloadCluster, toNodeInfo } from './simWorkloadCluster';
export { SimClient, SIM_CLIENT_TIMEOUT_MS, type SimClientOptions } from './simClient';
export * from './simApi';
export * from './simWorkloadApi';
