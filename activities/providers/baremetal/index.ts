/** The bare-metal provider's BMC layer: power and boot control over Redfish or IPMI (issue 4 §3). */
export type {
  BmcClient,
  BootDevice,
  BootOptions,
  BootOverride,
  PowerChange,
  PowerState,
  RebootMethod,
} from './bmcClient';
export { bmcFor, type BmcClientOptions, type BmcHost } from './bmcFor';
export {
  BmcCredentials,
  directoryCredentialSource,
  envCredentialSource,
  resolveBmcCredentials,
  type BmcCredentialSource,
} from './bmcCredentials';
export { RedfishBmc, type RedfishBmcOptions, type VirtualMediaChange } from './redfishBmc';
export { IpmiBmc, type IpmiBmcOptions } from './ipmiBmc';
export { waitForPowerState, type PowerWaitOptions } from './powerWait';
