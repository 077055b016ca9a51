import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BareMetalInfrastructureProvider } from '../../../../activities/providers/baremetal/bareMetalInfrastructureProvider';
import { loadWorkerConfig } from '../../../../workers/config';
import { BAREMETAL_MIN_POLL_INTERVAL_MS } from '../../../../workers/bareMetalProvider';
import { providerDeps } from '../../../../workers/providers';

const HOST = `apiVersion: metal3.io/v1alpha1
kind: BareMetalHost
metadata:
  name: node-1
  namespace: lab
spec:
  online: false
  bootMACAddress: 52:54:00:00:00:01
  bmc:
    address: redfish+http://127.0.0.1:8000/redfish/v1/Systems/node-1
    credentialsName: node-1-bmc
  sshAddress: 10.0.0.11:22
`;

describe('the baremetal provider in a worker', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'capstan-bm-wiring-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to start without an inventory, naming the variable', () => {
    expect(() => providerDeps('baremetal', loadWorkerConfig({ CAPSTAN_PROVIDERS: 'baremetal' }))).toThrow(/needs CAPSTAN_BAREMETAL_HOSTS/);
  });

  it('refuses an unreadable or invalid inventory at start, with the path', () => {
    expect(() => providerDeps('baremetal', loadWorkerConfig({ CAPSTAN_PROVIDERS: 'baremetal', CAPSTAN_BAREMETAL_HOSTS: join(dir, 'missing.yaml') }))).toThrow(/cannot read CAPSTAN_BAREMETAL_HOSTS/);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, HOST.replace('52:54:00:00:00:01', 'not-a-mac'));
    expect(() => providerDeps('baremetal', loadWorkerConfig({ CAPSTAN_PROVIDERS: 'baremetal', CAPSTAN_BAREMETAL_HOSTS: bad }))).toThrow(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is invalid`));
  });

  it('builds the provider from a valid inventory and polls no faster than the BMCs allow', () => {
    const hosts = join(dir, 'hosts.yaml');
    writeFileSync(hosts, HOST);
    const deps = providerDeps('baremetal', loadWorkerConfig({ CAPSTAN_PROVIDERS: 'baremetal', CAPSTAN_BAREMETAL_HOSTS: hosts, CAPSTAN_BAREMETAL_STATE_DIR: join(dir, 'state') }));
    expect(deps.infrastructure).toBeInstanceOf(BareMetalInfrastructureProvider);
    expect(deps.pollIntervalMs).toBeGreaterThanOrEqual(BAREMETAL_MIN_POLL_INTERVAL_MS);
  });
});
