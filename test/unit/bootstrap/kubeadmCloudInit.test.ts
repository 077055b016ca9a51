import { parse } from 'yaml';
import { renderKubeadmCloudInit } from '../../../activities/bootstrap/kubeadmCloudInit';

describe('renderKubeadmCloudInit: CABPK users and ntp', () => {
  it('renders users and ntp in cloud-init\'s spelling', () => {
    const data = renderKubeadmCloudInit({
      mode: 'join-worker',
      clusterName: 'c1',
      namespace: 'default',
      version: 'v1.31.4',
      controlPlaneEndpoint: { host: '10.0.0.1', port: 6443 },
      kubeadmConfigSpec: {
        users: [{ name: 'ops', homeDir: '/home/ops', primaryGroup: 'ops', lockPassword: true, sshAuthorizedKeys: ['ssh-ed25519 AAAA ops'] }],
        ntp: { enabled: true, servers: ['time.example.com'] },
      },
      podCIDRs: [],
      serviceCIDRs: [],
      serviceDomain: 'cluster.local',
      token: 'abcdef.0123456789abcdef',
      nodeName: 'm1',
    });
    const doc = parse(data) as { users: unknown[]; ntp: unknown };
    expect(doc.users).toEqual([{ name: 'ops', homedir: '/home/ops', primary_group: 'ops', lock_passwd: true, ssh_authorized_keys: ['ssh-ed25519 AAAA ops'] }]);
    expect(doc.ntp).toEqual({ enabled: true, servers: ['time.example.com'] });
  });

  it('leaves them out when the spec has none', () => {
    const doc = parse(
      renderKubeadmCloudInit({
        mode: 'init',
        clusterName: 'c1',
        namespace: 'default',
        version: 'v1.31.4',
        controlPlaneEndpoint: { host: '10.0.0.1', port: 6443 },
        kubeadmConfigSpec: {},
        podCIDRs: [],
        serviceCIDRs: [],
        serviceDomain: 'cluster.local',
        token: 'abcdef.0123456789abcdef',
        nodeName: 'm1',
      }),
    ) as Record<string, unknown>;
    expect(Object.keys(doc).sort()).toEqual(['runcmd', 'write_files']);
  });
});
