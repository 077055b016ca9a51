/**
 * The kubeadm user data Capstan renders passes Debian's `cloud-init schema` (cloud-init 22.4, run
 * inside the locally built node image, never on the test host: reference/real-components.md
 * §5.2), for every bootstrap mode, with the cluster's certificates and a KubeadmConfig using
 * files, users, pre/post commands and ntp. A deliberately broken document fails the same check,
 * so the check can fail. 22.4's schema is older than the cloud-init of current Ubuntu images:
 * passing it is a floor, not a guarantee.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { caCertHash, ensureClusterCertificates } from '../../../activities/bootstrap/clusterCertificates';
import { renderKubeadmCloudInit, type BootstrapMode } from '../../../activities/bootstrap/kubeadmCloudInit';
import { FileSecretStore } from '../../../activities/secrets/secretStore';

const run = promisify(execFile);
const IMAGE = 'capstan/node:bookworm';

describe('rendered kubeadm cloud-init against cloud-init schema', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'capstan-cloudinit-'));
    await run('docker', ['image', 'inspect', IMAGE]).catch(() => {
      throw new Error(`the node image ${IMAGE} is missing: run scripts/setup/setup.sh (it starts Docker and builds the image)`);
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts init, control-plane join and worker join; refuses a broken document', async () => {
    const certificates = await ensureClusterCertificates(new FileSecretStore(join(dir, 'secrets')), { namespace: 'default', name: 'c1' });
    const spec = {
      clusterConfiguration: { apiServer: { certSANs: ['api.example.com', '10.0.0.1'] }, controllerManager: { extraArgs: { 'bind-address': '0.0.0.0' } } },
      initConfiguration: { nodeRegistration: { criSocket: 'unix:///run/containerd/containerd.sock', kubeletExtraArgs: { 'eviction-hard': 'nodefs.available<0%' } } },
      joinConfiguration: { nodeRegistration: { criSocket: 'unix:///run/containerd/containerd.sock' } },
      files: [{ path: '/etc/motd', content: 'managed by capstan', permissions: '0644', owner: 'root:root' }],
      preKubeadmCommands: ['swapoff -a', 'modprobe br_netfilter'],
      postKubeadmCommands: ['echo joined > /var/log/capstan-joined'],
      users: [{ name: 'ops', groups: 'sudo', shell: '/bin/bash', lockPassword: true, sudo: 'ALL=(ALL) NOPASSWD:ALL', sshAuthorizedKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGz0t8 ops@example'] }],
      ntp: { enabled: true, servers: ['time.example.com'] },
    };
    const modes: BootstrapMode[] = ['init', 'join-control-plane', 'join-worker'];
    for (const mode of modes) {
      const data = renderKubeadmCloudInit({
        mode,
        clusterName: 'c1',
        namespace: 'default',
        version: 'v1.31.4',
        controlPlaneEndpoint: { host: '10.0.0.1', port: 6443 },
        kubeadmConfigSpec: spec,
        podCIDRs: ['192.168.0.0/16'],
        serviceCIDRs: ['10.96.0.0/12'],
        serviceDomain: 'cluster.local',
        token: 'abcdef.0123456789abcdef',
        nodeName: `m-${mode}`,
        certificates,
        caCertHash: caCertHash(certificates.ca.cert),
      });
      writeFileSync(join(dir, `${mode}.yaml`), data);
    }
    writeFileSync(join(dir, 'broken.yaml'), '#cloud-config\nwrite_files:\n  - content: no path here\n    permissions: 644\nruncmd: 5\n');
    // one container validates every file and prints each exit status
    const script = [...modes, 'broken'].map((m) => `cloud-init schema -c /ud/${m}.yaml >/ud/${m}.out 2>&1; echo "${m} $?"`).join('; ');
    const { stdout } = await run('docker', ['run', '--rm', '--network', 'none', '-v', `${dir}:/ud`, IMAGE, 'sh', '-c', script], { timeout: 120_000 });
    const status = Object.fromEntries(stdout.trim().split('\n').map((l) => l.split(' ') as [string, string]));
    expect(status).toEqual({ init: '0', 'join-control-plane': '0', 'join-worker': '0', broken: '1' });
  }, 180_000);
});
