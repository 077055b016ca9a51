/**
 * End to end: a bare-metal cluster declared in ordinary CAPI YAML (BareMetalCluster,
 * BareMetalMachineTemplate; the hosts as BareMetalHost manifests in the worker's inventory),
 * applied through the real cluster workflow with a worker whose only provider is baremetal: each
 * machine claims a host of its pool, is booted through its BMC (a sushy-emulator Redfish system:
 * one-time PXE boot, power on), bootstrapped over SSH once its OS answers, and reaches Running;
 * deleting the cluster resets the hosts, powers them off at the BMC and gives them back.
 *
 * Simulated, plainly: no image is written to a disk; each host's "OS" is an sshd container of
 * capstan/node:bookworm that runs from the start, with the kubeadm STAND-IN script
 * (test/support/kubeadmStandIn.ts); the worker's kubelet stand-in (CAPSTAN_BAREMETAL_SIM_URL)
 * registers each Node in the SIMULATED workload cluster once the host's bootstrap finished.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bmcFor, directoryCredentialSource } from '../../../activities/providers/baremetal';
import { FileHostClaimStore } from '../../../activities/providers/baremetal/hostClaims';
import { parseBareMetalHosts } from '../../../activities/providers/baremetal/hostInventory';
import { compileManifestText } from '../../../shared/model';
import { KUBEADM_STAND_IN } from '../../support/kubeadmStandIn';
import { startHarness, type Harness } from '../../workflows/harness';
import { credentialsDir as sshCredentialsDir } from '../ssh/kit';
import { newKey, SshdLab, type SshdHost } from '../ssh/sshdContainers';
import { startSushy, type SushyEmulator } from './emulators';
import { credentialsDir as bmcCredentialsDir, NAMESPACE } from './kit';

const BMC_USER = 'admin';
const BMC_PASSWORD = 'bm-E2e-4410';
const SYS = { cp: '7d1e0000-0000-4000-8000-0000000000e1', w: '7d1e0000-0000-4000-8000-0000000000e2' };
const NAME = 'metal-e2e';

const lab = new SshdLab();
const key = newKey();
let h: Harness;
let sushy: SushyEmulator;
let work: string;
let bmcCreds: string;
let os: Record<'cp' | 'w', SshdHost>;

const hostsYaml = () =>
  (['cp', 'w'] as const)
    .map(
      (id) => `---
apiVersion: metal3.io/v1alpha1
kind: BareMetalHost
metadata:
  name: e2e-${id}
  namespace: ${NAMESPACE}
  labels: { pool: ${id === 'cp' ? 'control-plane' : 'workers'} }
  annotations: { baremetal.capstan.io/ssh-credentials-name: lab-key }
spec:
  online: true
  bootMACAddress: 52:54:00:00:0e:0${id === 'cp' ? 1 : 2}
  bmc: { address: "redfish+http://127.0.0.1:${sushy.port}/redfish/v1/Systems/${SYS[id]}", credentialsName: e2e-bmc }
  sshAddress: "${os[id].address}"
`,
    )
    .join('');

const clusterYaml = (endpoint: string) => `apiVersion: cluster.x-k8s.io/v1beta1
kind: Cluster
metadata: { name: ${NAME}, namespace: ${NAMESPACE} }
spec:
  controlPlaneRef: { apiVersion: controlplane.cluster.x-k8s.io/v1beta1, kind: KubeadmControlPlane, name: ${NAME}-cp }
  infrastructureRef: { apiVersion: infrastructure.cluster.x-k8s.io/v1beta1, kind: BareMetalCluster, name: ${NAME} }
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: BareMetalCluster
metadata: { name: ${NAME}, namespace: ${NAMESPACE} }
spec:
  controlPlaneEndpoint: { host: ${endpoint}, port: 6443 }
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: BareMetalMachineTemplate
metadata: { name: ${NAME}-cp, namespace: ${NAMESPACE} }
spec:
  template:
    spec:
      image: { url: "http://images.lab/node.qcow2", checksum: abc, format: qcow2 }
      hostSelector: { matchLabels: { pool: control-plane } }
---
apiVersion: controlplane.cluster.x-k8s.io/v1beta1
kind: KubeadmControlPlane
metadata: { name: ${NAME}-cp, namespace: ${NAMESPACE} }
spec:
  replicas: 1
  version: v1.31.4
  machineTemplate:
    infrastructureRef: { apiVersion: infrastructure.cluster.x-k8s.io/v1beta1, kind: BareMetalMachineTemplate, name: ${NAME}-cp }
  kubeadmConfigSpec: {}
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: BareMetalMachineTemplate
metadata: { name: ${NAME}-md-0, namespace: ${NAMESPACE} }
spec:
  template:
    spec:
      image: { url: "http://images.lab/node.qcow2", checksum: abc, format: qcow2 }
      hostSelector: { matchLabels: { pool: workers } }
---
apiVersion: bootstrap.cluster.x-k8s.io/v1beta1
kind: KubeadmConfigTemplate
metadata: { name: ${NAME}-md-0, namespace: ${NAMESPACE} }
spec: { template: { spec: {} } }
---
apiVersion: cluster.x-k8s.io/v1beta1
kind: MachineDeployment
metadata: { name: ${NAME}-md-0, namespace: ${NAMESPACE} }
spec:
  clusterName: ${NAME}
  replicas: 1
  selector: { matchLabels: {} }
  template:
    spec:
      clusterName: ${NAME}
      version: v1.31.4
      bootstrap: { configRef: { apiVersion: bootstrap.cluster.x-k8s.io/v1beta1, kind: KubeadmConfigTemplate, name: ${NAME}-md-0 } }
      infrastructureRef: { apiVersion: infrastructure.cluster.x-k8s.io/v1beta1, kind: BareMetalMachineTemplate, name: ${NAME}-md-0 }
`;

beforeAll(async () => {
  const fake = (uuid: string, name: string) => ({ uuid, name, power_state: 'Off' as const, nics: [{ mac: '52:54:00:00:0e:01', ip: '10.10.0.1' }] });
  sushy = await startSushy([fake(SYS.cp, 'e2e-cp'), fake(SYS.w, 'e2e-w')], BMC_USER, BMC_PASSWORD);
  await lab.start();
  const [cp, w] = await Promise.all([lab.startHost('e2e-cp', key.publicKey), lab.startHost('e2e-w', key.publicKey)]);
  os = { cp: cp!, w: w! };
  for (const host of Object.values(os)) {
    expect((await lab.sh(host, `cat > /usr/local/bin/kubeadm <<'EOF'\n${KUBEADM_STAND_IN}EOF\nchmod 755 /usr/local/bin/kubeadm`)).code).toBe(0);
  }
  work = mkdtempSync(join(tmpdir(), 'capstan-bm-e2e-'));
  writeFileSync(join(work, 'hosts.yaml'), hostsYaml());
  bmcCreds = bmcCredentialsDir({ 'e2e-bmc': { username: BMC_USER, password: BMC_PASSWORD } });
  h = await startHarness({ startWorkers: false });
  h.workerConfig.providers = ['baremetal'];
  h.workerConfig.baremetal = { hostsPath: join(work, 'hosts.yaml'), bmcCredentialsDir: bmcCreds, stateDir: join(work, 'state'), simUrl: h.simUrl };
  h.workerConfig.ssh = { credentialsDir: sshCredentialsDir({ 'lab-key': key }), resetCommand: 'rm -f /var/log/kubeadm-stand-in.log && touch /root/was-reset' };
  await h.startWorkers();
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await lab.cleanup();
  await sushy?.stop();
  for (const d of [work, bmcCreds]) if (d) rmSync(d, { recursive: true, force: true });
  expect(await lab.leftovers()).toEqual([]);
}, 120_000);

test('the BareMetalCluster manifest: BMC boot, bootstrap over SSH, all machines Running; delete powers off and gives the hosts back', async () => {
  const { clusters, issues } = compileManifestText(clusterYaml(os.cp.address), `${NAME}.yaml`);
  expect(issues).toEqual([]);
  const desired = clusters[0]!;
  expect(desired.provider).toBe('baremetal');
  const clusterKey = { namespace: desired.namespace, name: desired.name };
  const parsed = parseBareMetalHosts(hostsYaml(), 'hosts.yaml');
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const bmcOf = (id: 'cp' | 'w') => bmcFor(parsed.hosts.find((x) => x.metadata.name === `e2e-${id}`)!, { credentials: [directoryCredentialSource(bmcCreds)] });

  await h.capstan.apply(desired);
  const d = await h.capstan.waitForReady(clusterKey, { timeoutMs: 240_000 });
  const cp = d.controlPlane!.machines[0]!;
  const worker = d.machineDeployments[0]!.machines[0]!;
  expect([cp.phase, worker.phase]).toEqual(['Running', 'Running']);
  expect(cp.providerID).toBe(`metal3://${NAMESPACE}/e2e-cp/${cp.name}`);
  expect(worker.providerID).toBe(`metal3://${NAMESPACE}/e2e-w/${worker.name}`);
  // booted through the BMC, bootstrapped over SSH: kubeadm init on the control plane, join on the worker
  expect(await (await bmcOf('cp')).powerState()).toBe('on');
  expect(await (await bmcOf('w')).powerState()).toBe('on');
  expect((await lab.sh(os.cp, 'cat /var/log/kubeadm-stand-in.log')).out).toBe('kubeadm init --config /run/kubeadm/kubeadm.yaml\n');
  expect((await lab.sh(os.w, 'cat /var/log/kubeadm-stand-in.log')).out).toBe('kubeadm join --config /run/kubeadm/kubeadm-join-config.yaml\n');

  // delete: every host reset over SSH, powered off at the BMC, its claim given back
  await h.capstan.delete(clusterKey, { wait: true });
  expect(await new FileHostClaimStore(join(work, 'state')).list(NAMESPACE, NAME)).toEqual([]);
  for (const id of ['cp', 'w'] as const) {
    expect(await (await bmcOf(id)).powerState()).toBe('off');
    expect((await lab.sh(os[id], 'test -e /root/was-reset && echo reset; test -e /etc/capstan/claim && echo claimed')).out).toBe('reset\n');
  }
  const world = await h.world();
  expect(world.machines.filter((m) => m.cluster === NAME)).toEqual([]);
}, 400_000);
