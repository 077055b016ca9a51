/**
 * The pure halves of the Docker provider's bootstrap: cloud-init → ordered steps (cloudConfig.ts),
 * steps → payload and runner (bootstrapPayload.ts), the probe's output → phase (bootstrapState.ts).
 */
import { gzipSync } from 'node:zlib';
import { parseCloudConfig } from '../../../../activities/bootstrap/cloudConfig';
import { renderKubeadmCloudInit } from '../../../../activities/bootstrap/kubeadmCloudInit';
import {
  bootstrapPayload,
  runnerScript,
  shQuote,
} from '../../../../activities/providers/docker/bootstrapPayload';
import { parseBootstrapProbe } from '../../../../activities/providers/docker/bootstrapState';
import { ApplicationFailure } from '@temporalio/common';

describe('parseCloudConfig steps', () => {
  it('orders bootcmd, write_files, runcmd as cloud-init runs them, with mode, owner, append and encodings', () => {
    const data = [
      '#cloud-config',
      'runcmd:',
      '  - echo run',
      '  - [kubeadm, init, --config, "/run/kubeadm/kubeadm.yaml"]',
      'write_files:',
      '  - path: /run/kubeadm/kubeadm.yaml',
      '    permissions: "0640"',
      '    owner: root:root',
      '    content: "kind: InitConfiguration"',
      `  - path: /etc/x.gz`,
      '    encoding: gz+b64',
      `    content: ${gzipSync(Buffer.from('zipped')).toString('base64')}`,
      '    append: true',
      'bootcmd:',
      '  - echo boot',
      'users: [{name: capi}]',
    ].join('\n');
    const r = parseCloudConfig(data);
    if (!r.ok) throw new Error(r.problem);
    expect(
      r.config.steps.map((s) => (s.kind === 'file' ? `file ${s.file.path}` : `${s.source} ${s.text}`)),
    ).toEqual([
      'bootcmd echo boot',
      'file /run/kubeadm/kubeadm.yaml',
      'file /etc/x.gz',
      'runcmd echo run',
      'runcmd kubeadm init --config /run/kubeadm/kubeadm.yaml',
    ]);
    const [, kubeadm, zipped] = r.config.steps;
    expect(kubeadm).toMatchObject({
      kind: 'file',
      file: { permissions: '0640', owner: 'root:root', append: false },
    });
    expect(zipped).toMatchObject({
      kind: 'file',
      file: { permissions: '0644', owner: 'root:root', append: true },
    });
    if (zipped?.kind === 'file') expect(zipped.file.content.toString()).toBe('zipped');
    expect(r.config.steps[4]).toMatchObject({
      argv: ['kubeadm', 'init', '--config', '/run/kubeadm/kubeadm.yaml'],
    });
    expect(r.config.ignoredKeys).toEqual(['users']);
    // the sim's view is unchanged
    expect(r.config.commands).toEqual([
      'echo boot',
      'echo run',
      'kubeadm init --config /run/kubeadm/kubeadm.yaml',
    ]);
    expect(r.config.files.get('/etc/x.gz')).toBe('zipped');
  });

  it('refuses a permissions value that is not an octal mode', () => {
    const r = parseCloudConfig('#cloud-config\nwrite_files:\n  - path: /x\n    permissions: rw-r--r--\n');
    expect(r).toEqual({ ok: false, problem: 'write_files /x: permissions "rw-r--r--" is not an octal mode' });
  });
});

describe('bootstrapPayload', () => {
  const userData = renderKubeadmCloudInit({
    mode: 'init',
    clusterName: 'c1',
    namespace: 'default',
    version: 'v1.31.4',
    controlPlaneEndpoint: { host: '172.18.0.2', port: 6443 },
    kubeadmConfigSpec: {},
    podCIDRs: ['192.168.0.0/16'],
    serviceCIDRs: [],
    serviceDomain: 'cluster.local',
    token: 'abcdef.0123456789abcdef',
    nodeName: 'c1-cp-aaaaa',
  });

  it('one step script per file and command, file contents and user data readable by root only', () => {
    const p = bootstrapPayload('c1-cp-aaaaa', userData);
    expect(p.steps).toBe(3);
    const byPath = new Map(p.entries.map((e) => [e.path, e]));
    const file1 = byPath.get('var/lib/capstan/bootstrap/steps/1.sh')!.content!.toString();
    expect(file1).toContain("cat '/var/lib/capstan/bootstrap/files/1' > '/run/kubeadm/kubeadm.yaml'");
    expect(file1).toContain("chmod 0640 '/run/kubeadm/kubeadm.yaml'");
    expect(file1).toContain("chown 'root:root' '/run/kubeadm/kubeadm.yaml'");
    expect(byPath.get('var/lib/capstan/bootstrap/steps/2.sh')!.content!.toString()).toBe(
      'kubeadm init --config /run/kubeadm/kubeadm.yaml\n',
    );
    expect(byPath.get('var/lib/capstan/bootstrap/steps/2.what')!.content!.toString()).toBe(
      'runcmd: kubeadm init --config /run/kubeadm/kubeadm.yaml',
    );
    expect(byPath.get('var/lib/capstan/bootstrap/files/1')!.mode).toBe(0o600);
    expect(byPath.get('var/lib/capstan/bootstrap/user-data.txt')).toMatchObject({ mode: 0o600 });
    expect(byPath.get('var/lib/capstan/bootstrap/run.sh')!.content!.toString()).toBe(
      runnerScript('c1-cp-aaaaa', 3),
    );
  });

  it('the runner never runs twice: sentinel, done or failed end it, a lock guards it, an interrupted run is failed', () => {
    const s = runnerScript('m', 2);
    expect(s).toContain('[ -f "$SENTINEL" ] && exit 0');
    expect(s).toContain('mkdir "$LOCK" 2>/dev/null || exit 0');
    expect(s).toContain('the bootstrap was interrupted');
    expect(s).toContain('SENTINEL=/run/cluster-api/bootstrap-success.complete');
  });

  it('user data that is not cloud-config is a terminal InvalidSpec', () => {
    let err: unknown;
    try {
      bootstrapPayload('m', '#!/bin/sh\n');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
  });

  it('shQuote survives single quotes', () => {
    expect(shQuote("it's")).toBe(`'it'\\''s'`);
  });
});

describe('parseBootstrapProbe', () => {
  const probe = (flags: Record<string, 0 | 1>, failed?: string) =>
    Object.entries({ sentinel: 0, done: 0, started: 0, running: 0, payload: 1, ...flags })
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') +
    '\n' +
    (failed ?? '');

  it.each([
    [probe({}), 'not-started'],
    [probe({ started: 1, running: 1 }), 'running'],
    [probe({ started: 1, done: 1 }), 'succeeded'],
    [probe({ sentinel: 1 }), 'succeeded'],
    [probe({ started: 1 }), 'failed'],
  ])('%j is %s', (out, phase) => {
    expect(parseBootstrapProbe(out).phase).toBe(phase);
  });

  it('a failed step: its number, exit code, command and output tail', () => {
    const out = probe(
      { started: 1 },
      'failed=1\nstep=2\ntotal=4\nexit=127\nwhat=runcmd: kubeadm init\n--- output\nsh: kubeadm: not found\n',
    );
    expect(parseBootstrapProbe(out)).toMatchObject({
      phase: 'failed',
      failure:
        'bootstrap step 2 of 4 failed (exit 127): runcmd: kubeadm init; output (last lines):\nsh: kubeadm: not found',
    });
  });
});
