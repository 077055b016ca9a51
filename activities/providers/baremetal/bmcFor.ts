/**
 * The BmcClient for one BareMetalHost: the address's scheme picks Redfish or IPMI; credentials
 * are resolved here, in the activity, from spec.bmc.credentialsName and stay inside the client.
 */
import type { BareMetalHostObject } from '../../../shared/model/kinds/bareMetalHost';
import { parseBmcAddress } from './bmcAddress';
import type { BmcClient } from './bmcClient';
import { resolveBmcCredentials, type BmcCredentialSource } from './bmcCredentials';
import { bmcInvalidSpec } from './bmcFailure';
import { IpmiBmc } from './ipmiBmc';
import type { IpmiPrivilege } from './ipmitoolArgs';
import { RedfishBmc } from './redfishBmc';

/** The parts of a BareMetalHost the BMC layer reads. */
export interface BmcHost {
  metadata: Pick<BareMetalHostObject['metadata'], 'name' | 'namespace'>;
  spec: { bmc: BareMetalHostObject['spec']['bmc'] };
}

export interface BmcClientOptions {
  /** where credentials are looked up, in order */
  credentials: readonly BmcCredentialSource[];
  /** bound on one Redfish request or one ipmitool run */
  timeoutMs?: number;
  ipmitoolPath?: string;
  ipmiCipherSuite?: number;
  ipmiPrivilegeLevel?: IpmiPrivilege;
  /** ipmitool -N / -R */
  ipmiAnswerTimeoutSec?: number;
  ipmiRetries?: number;
}

export async function bmcFor(host: BmcHost, opts: BmcClientOptions): Promise<BmcClient> {
  const name = `${host.metadata.namespace}/${host.metadata.name}`;
  const { address, credentialsName, disableCertificateVerification } = host.spec.bmc;
  const parsed = parseBmcAddress(address);
  if (!parsed.ok) throw bmcInvalidSpec(`BareMetalHost ${name} spec.bmc.address: ${parsed.problem}`);
  const credentials = await resolveBmcCredentials(opts.credentials, {
    namespace: host.metadata.namespace,
    credentialsName,
    host: name,
  });
  const common = { host: name, address, credentials, credentialsName };
  const endpoint = parsed.endpoint;
  if (endpoint.protocol === 'redfish') {
    return new RedfishBmc({
      ...common,
      endpoint,
      insecure: disableCertificateVerification ?? false,
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    });
  }
  return new IpmiBmc({
    ...common,
    endpoint,
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.ipmitoolPath !== undefined ? { ipmitoolPath: opts.ipmitoolPath } : {}),
    ...(opts.ipmiCipherSuite !== undefined ? { cipherSuite: opts.ipmiCipherSuite } : {}),
    ...(opts.ipmiPrivilegeLevel !== undefined ? { privilegeLevel: opts.ipmiPrivilegeLevel } : {}),
    ...(opts.ipmiAnswerTimeoutSec !== undefined ? { answerTimeoutSec: opts.ipmiAnswerTimeoutSec } : {}),
    ...(opts.ipmiRetries !== undefined ? { retries: opts.ipmiRetries } : {}),
  });
}
