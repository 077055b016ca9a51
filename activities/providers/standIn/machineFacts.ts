import type { MachineRole } from '../types';

/** What the kubelet stand-in needs to register a machine's Node: read back from the machine itself. */
export interface MachineFacts {
  role: MachineRole;
  version: string;
  address?: string;
  /** the cloud-init the machine was bootstrapped with (absent: not bootstrapped by us, or not yet) */
  userData?: string;
}
