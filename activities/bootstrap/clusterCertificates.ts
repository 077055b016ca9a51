import { createHash, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import type { ResourceKey } from '../../shared/ids';
import type { SecretStore } from '../secrets/secretStore';

/** A certificate authority as kubeadm expects it under /etc/kubernetes/pki: PEM certificate and key. */
export interface CertificateAuthority {
  cert: string;
  key: string;
}

/**
 * The cluster-wide material CABPK generates once per cluster (its "cluster certificates"): the
 * cluster CA, the etcd CA, the front-proxy CA and the service-account signing key pair. Every
 * control-plane machine gets all of it as files, so each one runs `kubeadm init/join` with the
 * same CAs; workers get only the CA's hash, to verify the API server they join.
 */
export interface ClusterCertificates {
  ca: CertificateAuthority;
  etcdCa: CertificateAuthority;
  frontProxyCa: CertificateAuthority;
  serviceAccount: { key: string; pub: string };
}

/** kubeadm's CA validity: ten years. */
const CA_VALIDITY_MS = 10 * 365 * 24 * 3600_000;

/** A self-signed RSA-2048 CA, as `kubeadm init phase certs ca` makes it. Keys are made natively (fast). */
export function generateCertificateAuthority(commonName: string, now = new Date()): CertificateAuthority {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`; // positive (leading 01), unique
  cert.validity.notBefore = new Date(now.getTime() - 5 * 60_000); // clock skew between machines
  cert.validity.notAfter = new Date(now.getTime() + CA_VALIDITY_MS);
  const subject = [{ name: 'commonName', value: commonName }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: privateKey };
}

export function generateServiceAccountKeys(): { key: string; pub: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return { key: privateKey, pub: publicKey };
}

/**
 * kubeadm's `--discovery-token-ca-cert-hash`: `sha256:` + the SHA-256 of the CA certificate's
 * SubjectPublicKeyInfo (DER). Public: it may go anywhere, history included.
 */
export function caCertHash(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

const clusterPrefix = (cluster: ResourceKey) => `clusters/${cluster.namespace}/${cluster.name}`;

/**
 * The cluster's certificates, created on first use and the same for every later caller (a second
 * control-plane machine, a retried activity, another worker sharing the store).
 */
export async function ensureClusterCertificates(store: SecretStore, cluster: ResourceKey): Promise<ClusterCertificates> {
  const prefix = clusterPrefix(cluster);
  const ca = async (name: string, cn: string): Promise<CertificateAuthority> =>
    JSON.parse(await store.getOrCreate(`${prefix}/${name}`, () => JSON.stringify(generateCertificateAuthority(cn)))) as CertificateAuthority;
  return {
    ca: await ca('ca', 'kubernetes'),
    etcdCa: await ca('etcd-ca', 'etcd-ca'),
    frontProxyCa: await ca('front-proxy-ca', 'front-proxy-ca'),
    serviceAccount: JSON.parse(await store.getOrCreate(`${prefix}/sa`, () => JSON.stringify(generateServiceAccountKeys()))) as { key: string; pub: string },
  };
}

/** Removes a deleted cluster's certificates. */
export function deleteClusterCertificates(store: SecretStore, cluster: ResourceKey): Promise<void> {
  return store.deleteAll(clusterPrefix(cluster));
}
