import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { parse } from 'yaml';
import {
  caCertHash,
  deleteClusterCertificates,
  ensureClusterCertificates,
  generateCertificateAuthority,
} from '../../../activities/bootstrap/clusterCertificates';
import { renderKubeadmCloudInit, type KubeadmRenderInput } from '../../../activities/bootstrap/kubeadmCloudInit';
import { FileSecretStore } from '../../../activities/secrets/secretStore';

const cluster = { namespace: 'default', name: 'c1' };
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'capstan-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('generateCertificateAuthority', () => {
  it('makes a self-signed CA with kubeadm\'s ten-year validity', () => {
    const ca = generateCertificateAuthority('kubernetes', new Date('2026-01-01T00:00:00Z'));
    const x = new X509Certificate(ca.cert);
    expect(x.subject).toBe('CN=kubernetes');
    expect(x.ca).toBe(true);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.checkPrivateKey(createPrivateKey(ca.key))).toBe(true);
    expect(new Date(x.validTo).getUTCFullYear()).toBe(2035);
  });

  it('hashes the CA the way kubeadm\'s --discovery-token-ca-cert-hash is computed (openssl recipe from the kubeadm docs)', () => {
    const ca = generateCertificateAuthority('kubernetes');
    const file = join(dir, 'ca.crt');
    writeFileSync(file, ca.cert);
    const der = execFileSync('sh', ['-c', `openssl x509 -pubkey -in ${file} | openssl rsa -pubin -outform der 2>/dev/null | openssl dgst -sha256 -hex | sed 's/^.* //'`]).toString().trim();
    expect(caCertHash(ca.cert)).toBe(`sha256:${der}`);
  });
});

describe('ensureClusterCertificates with a FileSecretStore', () => {
  it('creates the material once: later and concurrent callers get the same CAs', async () => {
    const store = new FileSecretStore(dir);
    const [a, b] = await Promise.all([ensureClusterCertificates(store, cluster), ensureClusterCertificates(store, cluster)]);
    expect(b).toEqual(a);
    expect(await ensureClusterCertificates(new FileSecretStore(dir), cluster)).toEqual(a); // another worker, same volume
    expect(new Set([a.ca.cert, a.etcdCa.cert, a.frontProxyCa.cert]).size).toBe(3);
    expect(new X509Certificate(a.etcdCa.cert).subject).toBe('CN=etcd-ca');
    expect(a.serviceAccount.key).toMatch(/BEGIN RSA PRIVATE KEY/);
  });

  it('keeps the files readable by the worker\'s user only', async () => {
    await ensureClusterCertificates(new FileSecretStore(dir), cluster);
    expect(statSync(join(dir, 'clusters', 'default', 'c1', 'ca')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'clusters', 'default', 'c1')).mode & 0o777).toBe(0o700);
  });

  it('deletes a cluster\'s material, and deleting again is fine', async () => {
    const store = new FileSecretStore(dir);
    const first = await ensureClusterCertificates(store, cluster);
    await deleteClusterCertificates(store, cluster);
    await deleteClusterCertificates(store, cluster);
    expect(await store.get('clusters/default/c1/ca')).toBeUndefined();
    expect((await ensureClusterCertificates(store, cluster)).ca.cert).not.toBe(first.ca.cert);
  });

  it('refuses references that could leave the store', async () => {
    const store = new FileSecretStore(dir);
    await expect(store.get('../etc/passwd')).rejects.toThrow(/lowercase path segments/);
    await expect(store.get('clusters/../../x')).rejects.toThrow(/lowercase path segments/);
  });
});

describe('renderKubeadmCloudInit with cluster certificates', () => {
  const base = (mode: KubeadmRenderInput['mode']): KubeadmRenderInput => ({
    mode,
    clusterName: 'c1',
    namespace: 'default',
    version: 'v1.31.4',
    controlPlaneEndpoint: { host: '10.0.0.1', port: 6443 },
    kubeadmConfigSpec: { clusterConfiguration: { apiServer: { certSANs: ['api.example.com'] } }, joinConfiguration: { nodeRegistration: { criSocket: 'unix:///run/containerd/containerd.sock' } } },
    podCIDRs: ['192.168.0.0/16'],
    serviceCIDRs: [],
    serviceDomain: 'cluster.local',
    token: 'abcdef.0123456789abcdef',
    nodeName: 'm1',
  });
  const files = (data: string) => (parse(data) as { write_files: Array<{ path: string; permissions: string; content: string }> }).write_files;

  it('gives control-plane machines the CAs and keys as CABPK lays them out (keys 0600)', async () => {
    const certificates = await ensureClusterCertificates(new FileSecretStore(dir), cluster);
    for (const mode of ['init', 'join-control-plane'] as const) {
      const f = files(renderKubeadmCloudInit({ ...base(mode), certificates, caCertHash: caCertHash(certificates.ca.cert) }));
      const byPath = Object.fromEntries(f.map((x) => [x.path, x]));
      expect(byPath['/etc/kubernetes/pki/ca.key']).toMatchObject({ permissions: '0600', content: certificates.ca.key });
      expect(byPath['/etc/kubernetes/pki/etcd/ca.crt']!.content).toBe(certificates.etcdCa.cert);
      expect(byPath['/etc/kubernetes/pki/front-proxy-ca.key']!.permissions).toBe('0600');
      expect(byPath['/etc/kubernetes/pki/sa.pub']!.permissions).toBe('0640');
    }
  });

  it('gives workers no key, and pins the CA by hash instead of skipping verification', async () => {
    const certificates = await ensureClusterCertificates(new FileSecretStore(dir), cluster);
    const hash = caCertHash(certificates.ca.cert);
    const data = renderKubeadmCloudInit({ ...base('join-worker'), certificates, caCertHash: hash });
    expect(data).not.toMatch(/PRIVATE KEY/);
    expect(data).toContain(hash);
    expect(data).not.toContain('unsafeSkipCAVerification');
    expect(data).toContain('criSocket: unix:///run/containerd/containerd.sock');
    expect(renderKubeadmCloudInit(base('init'))).toContain('api.example.com'); // certSANs pass through
  });
});
