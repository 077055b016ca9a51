import { gzipSync } from 'node:zlib';
import { renderKubeadmCloudInit, type BootstrapMode } from '../../../activities/bootstrap/kubeadmCloudInit';
import {
  assessBootstrapData,
  type BootstrapContext,
} from '../../../scripts/sim/bootstrap/assessBootstrapData';

const endpoint = { host: 'c1.default.sim.capstan.local', port: 6443 };
const cp: BootstrapContext = { role: 'control-plane', clusterEndpoint: endpoint };
const worker: BootstrapContext = { role: 'worker', clusterEndpoint: endpoint };
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('assessBootstrapData', () => {
  it.each<[string, string, BootstrapContext, 'init' | 'join']>([
    [
      'init with its config file',
      '#cloud-config\nwrite_files:\n- path: /k.yaml\n  content: "kind: InitConfiguration"\nruncmd:\n- kubeadm init --config /k.yaml\n',
      cp,
      'init',
    ],
    [
      'join by positional endpoint, argv form',
      '#cloud-config\nruncmd:\n- [kubeadm, join, "c1.default.sim.capstan.local:6443", --token, t]\n',
      worker,
      'join',
    ],
    [
      'join, endpoint without port',
      '#cloud-config\nruncmd:\n- kubeadm join c1.default.sim.capstan.local --token t\n',
      worker,
      'join',
    ],
    [
      'join without any endpoint named (lenient)',
      '#cloud-config\nruncmd:\n- kubeadm join --discovery-file /x\n',
      worker,
      'join',
    ],
    [
      'runcmd as one string, after other commands',
      '#cloud-config\nruncmd: "set -e; swapoff -a && kubeadm join c1.default.sim.capstan.local:6443"\n',
      worker,
      'join',
    ],
    ['bootcmd', '#cloud-config\nbootcmd:\n- kubeadm init\n', cp, 'init'],
    [
      'a script placed by write_files (base64)',
      `#cloud-config\nwrite_files:\n- path: /opt/boot.sh\n  encoding: b64\n  content: ${b64('#!/bin/sh\n# comment\nkubeadm init --skip-phases=addon\n')}\nruncmd:\n- bash /opt/boot.sh\n`,
      cp,
      'init',
    ],
    [
      'a gzip+base64 script run directly',
      `#cloud-config\nwrite_files:\n- path: /opt/boot.sh\n  encoding: gz+b64\n  content: ${gzipSync(Buffer.from('kubeadm join c1.default.sim.capstan.local:6443\n')).toString('base64')}\nruncmd:\n- /opt/boot.sh\n`,
      worker,
      'join',
    ],
    [
      '`kubeadm init phase` next to a real join',
      '#cloud-config\nruncmd:\n- kubeadm init phase upload-certs\n- kubeadm join c1.default.sim.capstan.local:6443\n',
      cp,
      'join',
    ],
  ])('accepts %s', (_name, data, ctx, kind) => {
    const a = assessBootstrapData(data, ctx);
    expect(a).toEqual({ kind, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it.each<[string, string, BootstrapContext, RegExp]>([
    ['a shell script', '#!/bin/bash\nkubeadm init\n', cp, /not a #cloud-config/],
    ['broken YAML', '#cloud-config\nruncmd: [kubeadm init\n', cp, /not valid YAML/],
    ['a YAML list at the top', '#cloud-config\n- kubeadm init\n', cp, /mapping/],
    ['no kubeadm', '#cloud-config\nruncmd:\n- echo hi\n', cp, /no `kubeadm init` or `kubeadm join`/],
    [
      'kubeadm only in a file nobody runs',
      '#cloud-config\nwrite_files:\n- path: /x.sh\n  content: kubeadm init\n',
      cp,
      /no `kubeadm init`/,
    ],
    [
      'both init and join',
      '#cloud-config\nruncmd:\n- kubeadm init\n- kubeadm join c1.default.sim.capstan.local:6443\n',
      cp,
      /both/,
    ],
    ['init on a worker', '#cloud-config\nruncmd:\n- kubeadm init\n', worker, /cluster of its own/],
    [
      'a --config file that is not written',
      '#cloud-config\nruncmd:\n- kubeadm init --config /run/kubeadm/kubeadm.yaml\n',
      cp,
      /not among write_files/,
    ],
    [
      'a join to another endpoint',
      '#cloud-config\nruncmd:\n- kubeadm join c2.default.sim.capstan.local:6443\n',
      worker,
      /targets c2\.default/,
    ],
    [
      'a JoinConfiguration for another endpoint',
      '#cloud-config\nwrite_files:\n- path: /j.yaml\n  content: |\n    kind: JoinConfiguration\n    discovery:\n      bootstrapToken:\n        apiServerEndpoint: 10.0.0.1:6443\nruncmd:\n- kubeadm join --config=/j.yaml\n',
      worker,
      /targets 10\.0\.0\.1:6443/,
    ],
  ])('refuses %s', (_name, data, ctx, problem) => {
    const a = assessBootstrapData(data, ctx);
    expect(a.kind).toBe('invalid');
    expect(a.problem).toMatch(problem);
  });

  it('never keeps the data itself, only a digest', () => {
    const data =
      '#cloud-config\nruncmd:\n- kubeadm join c1.default.sim.capstan.local:6443 --token secret.token\n';
    expect(JSON.stringify(assessBootstrapData(data, worker))).not.toContain('secret');
  });

  // Contract with activities/bootstrap: what Capstan renders is what the sim accepts.
  it.each<[BootstrapMode, BootstrapContext, 'init' | 'join']>([
    ['init', cp, 'init'],
    ['join-control-plane', cp, 'join'],
    ['join-worker', worker, 'join'],
  ])('accepts the kubeadm cloud-init Capstan renders (%s)', (mode, ctx, kind) => {
    const data = renderKubeadmCloudInit({
      mode,
      clusterName: 'c1',
      namespace: 'default',
      version: 'v1.31.4',
      controlPlaneEndpoint: endpoint,
      kubeadmConfigSpec: { preKubeadmCommands: ['echo pre'], files: [{ path: '/etc/x', content: 'y' }] },
      podCIDRs: ['192.168.0.0/16'],
      serviceCIDRs: ['10.128.0.0/12'],
      serviceDomain: 'cluster.local',
      token: 'abcdef.0123456789abcdef',
      nodeName: 'm1',
    });
    expect(assessBootstrapData(data, ctx)).toMatchObject({ kind });
    const elsewhere = assessBootstrapData(data, {
      ...ctx,
      clusterEndpoint: { host: 'c9.default.sim.capstan.local', port: 6443 },
    });
    expect(elsewhere.kind).toBe(kind === 'join' ? 'invalid' : 'init');
  });
});
