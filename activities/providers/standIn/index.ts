export { SimKubeletStandIn, type EtcdStandIn, type StandInProvider } from './simKubeletStandIn';
export type { MachineFacts } from './machineFacts';
export { simExternalMachinePath, type SimExternalMachineRequest } from './simStandInApi';
