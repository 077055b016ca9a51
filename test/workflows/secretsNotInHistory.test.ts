/**
 * A cluster's CAs and service-account keys exist (in the worker's secret store, and in the
 * control-plane machines' bootstrap data) but never in workflow history: every workflow of the
 * cluster — cluster, control plane, MachineDeployment, machines, health check — is scanned for
 * PEM keys and certificates, bootstrap tokens, kubeconfig credentials and the CA key's own lines.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterWorkflowId, controlPlaneWorkflowId, machineDeploymentWorkflowId, machineHealthCheckWorkflowId, machineWorkflowId } from '../../shared/ids';
import { compileManifestText } from '../../shared/model';
import { findSecrets, historyText } from '../support/secretScan';
import { startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';

describe('cluster secrets and workflow history', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.stop());

  it('the CA material is in the secret store, and in no history of the cluster', async () => {
    const name = uniqueName('sec');
    const desired = compileManifestText(simClusterYaml({ name, cpReplicas: 1, workers: 1, healthCheck: { maxUnhealthy: '100%', timeout: '300s', nodeStartupTimeout: '600s' } }), 's.yaml').clusters[0]!;
    await h.capstan.apply(desired);
    await h.capstan.waitForReady(desired, { timeoutMs: 60_000 });

    const stored = JSON.parse(readFileSync(join(h.workerConfig.secretsDir, 'clusters', 'default', name, 'ca'), 'utf8')) as { cert: string; key: string };
    const sa = JSON.parse(readFileSync(join(h.workerConfig.secretsDir, 'clusters', 'default', name, 'sa'), 'utf8')) as { key: string };
    expect(stored.key).toMatch(/PRIVATE KEY/);

    // every workflow of the cluster, by the IDs the tree names (visibility would lag)
    const d = await h.capstan.describe(desired);
    const k = (n: string) => ({ namespace: 'default', name: n });
    const ids = [
      clusterWorkflowId(k(name)),
      controlPlaneWorkflowId(k(d.controlPlane!.name)),
      ...d.controlPlane!.machines.map((m) => machineWorkflowId(k(m.name))),
      ...d.machineDeployments.flatMap((md) => [machineDeploymentWorkflowId(k(md.name)), ...md.machines.map((m) => machineWorkflowId(k(m.name)))]),
      ...d.healthChecks.map((hc) => machineHealthCheckWorkflowId(k(hc.name))),
    ];
    expect(ids).toHaveLength(6);
    for (const id of ids) {
      const text = historyText(await h.client.workflow.getHandle(id).fetchHistory());
      expect({ id, found: findSecrets(text, [stored.key, stored.cert, sa.key]) }).toEqual({ id, found: [] });
    }

    // teardown removes the cluster's material from the store
    await h.capstan.delete(desired, { wait: true });
    expect(existsSync(join(h.workerConfig.secretsDir, 'clusters', 'default', name))).toBe(false);
  }, 120_000);
});
