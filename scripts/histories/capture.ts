/**
 * npm run histories:capture
 *
 * Records real histories of every workflow type into test/histories/, from a real dev server,
 * simulated cloud and worker: create a cluster, scale its MachineDeployment up and down, scale
 * the control plane, roll the workers to a new template, upgrade the whole cluster one minor
 * (control plane first, its old machine leaving etcd at KCP's pre-terminate hook), then delete it;
 * then a second cluster whose health check power-cycles a NotReady worker through a
 * RebootRemediationTemplate (external remediation); then an upgrade campaign over two small
 * clusters in two waves; then a ClusterClass change staged in two clusters and rolled out by a
 * stagedChanges campaign; then a cluster with lifecycle hooks (a Runtime Extension on loopback)
 * through an upgrade and its deletion; then a continuous GitOps sync that creates a cluster and
 * prunes it. The replay test (test/replay) replays them against the
 * current workflow code, so a change that alters commands without `patched()` fails CI.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { compileManifestText } from '../../shared/model';
import { SimClient } from '../../activities/providers/sim';
import { externalRemediationWorkflowId } from '../../shared/ids';
import { CampaignClient } from '../client/CampaignClient';
import { CapstanClient } from '../client/CapstanClient';
import { FleetSyncClient } from '../client/FleetSyncClient';
import { startRuntimeExtension } from '../../test/support/runtimeExtension';
import { readSimClassExample, simClassClusterYaml, withRolloutPolicy, withWorkerCommand } from '../../test/support/simClassExample';
import { simClusterYaml } from '../manifests/simClusterYaml';
import { startSimServer } from '../sim/server';
import { startDevServer } from '../temporal/devServer';
import { temporalCliPath } from '../temporal/paths';
import { loadWorkerConfig } from '../../workers/config';
import { createWorkers, runWorkers } from '../../workers/createWorkers';

const OUT = join(__dirname, '..', '..', 'test', 'histories');

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const server = await startDevServer({ headless: true });
  const sim = await startSimServer({ host: '127.0.0.1', port: 0, latencies: { clusterInfraMs: 50, provisionMs: 150, bootMs: 100, deleteMs: 50 } });
  const taskQueue = 'capstan-history-capture';
  const native = await NativeConnection.connect({ address: server.address });
  const workers = await createWorkers(native, { ...loadWorkerConfig({}), temporalAddress: server.address, taskQueue, simUrl: sim.url, pollIntervalMs: 50 });
  const running = runWorkers(workers);
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const capstan = await CapstanClient.connect({ client, taskQueue });
  try {
    const name = 'history-01';
    const desired = compileManifestText(simClusterYaml({ name, cpReplicas: 1, workers: 1, healthCheck: { maxUnhealthy: '100%', timeout: '5m' } }), 'capture.yaml').clusters[0]!;
    await capstan.apply(desired, { continueAsNewAfterEvents: 100000, healthCheckPollMs: 1000 });
    await capstan.waitForReady(desired, { timeoutMs: 60_000 });
    let drainedMachine = '';
    for (const [kind, n, replicas] of [
      ['MachineDeployment', `${name}-md-0`, 3],
      ['MachineDeployment', `${name}-md-0`, 1],
      ['KubeadmControlPlane', `${name}-cp`, 3],
      ['KubeadmControlPlane', `${name}-cp`, 1],
    ] as const) {
      const beforeScale = await capstan.describe(desired);
      const r = await capstan.scale(desired, { kind, name: n, replicas });
      const after = await capstan.waitFor(desired, (d) => d.ready && d.observedGeneration >= r.generation, { timeoutMs: 60_000 });
      // Pods on the workers, so the scale-down's drains evict something (and wait for it to go).
      if (kind === 'MachineDeployment' && replicas === 3) {
        await new SimClient(sim.url).applyWorkload(desired, { name: 'web', namespace: 'apps', replicas: 3 });
        await new Promise((r) => setTimeout(r, 2000)); // scheduled and started
      }
      if (kind === 'MachineDeployment' && replicas === 1 && !drainedMachine) {
        // a worker removed by the scale-down: its deletion ran a drain
        const left = after.machineDeployments[0]!.machines.map((m) => m.name);
        drainedMachine = beforeScale.machineDeployments[0]!.machines.map((m) => m.name).find((x) => !left.includes(x))!;
      }
    }
    // A rollout: rotating the worker infrastructure template replaces the workers (new revision).
    const rotated = compileManifestText(simClusterYaml({ name, cpReplicas: 1, workers: 1, workerTemplate: `${name}-machine-v2`, healthCheck: { maxUnhealthy: '100%', timeout: '5m' } }), 'capture.yaml').clusters[0]!;
    const rolled = await capstan.apply(rotated);
    await capstan.waitFor(desired, (d) => d.ready && d.observedGeneration >= rolled.generation, { timeoutMs: 60_000 });
    // A cluster upgrade: the control plane surges 1 → 2 → 1 (etcd member removed at the hook), then the workers roll.
    const cpBefore = (await capstan.describe(desired)).controlPlane!.machines.map((m) => m.name);
    const upgraded = await capstan.upgrade(desired, { version: 'v1.32.0' });
    await capstan.waitFor(desired, (d) => d.ready && d.observedGeneration >= upgraded.generation, { timeoutMs: 90_000 });
    const upgradedAway = cpBefore[0]!;
    const before = await capstan.describe(desired);
    const machines = [...before.controlPlane!.machines, ...before.machineDeployments.flatMap((md) => md.machines)];
    await capstan.delete(desired, { wait: true });

    // External remediation: a health check with a RebootRemediationTemplate power-cycles a worker
    // whose node went NotReady (not persistent, so the reboot clears it) and ends the request.
    const rebooted = 'history-02';
    const infra = 'infrastructure.cluster.x-k8s.io/v1beta1';
    const withReboot = compileManifestText(
      simClusterYaml({ name: rebooted, cpReplicas: 1, workers: 2, healthCheck: { maxUnhealthy: '100%', timeout: '2s', remediationTemplate: { apiVersion: infra, kind: 'RebootRemediationTemplate', name: `${rebooted}-reboot` } } }) +
        `---\napiVersion: ${infra}\nkind: RebootRemediationTemplate\nmetadata:\n  name: ${rebooted}-reboot\n  namespace: default\nspec:\n  template:\n    spec:\n      strategy:\n        type: Reboot\n        retryLimit: 2\n        timeout: 30s\n`,
      'capture-reboot.yaml',
    ).clusters[0]!;
    await capstan.apply(withReboot, { continueAsNewAfterEvents: 100000, healthCheckPollMs: 250 });
    const healthy = await capstan.waitFor(withReboot, (d) => d.ready && d.healthChecks[0]?.currentHealthy === 2, { timeoutMs: 60_000 });
    const sick = healthy.machineDeployments[0]!.machines[0]!.name;
    await new SimClient(sim.url).injectFault(withReboot, { kind: 'nodeCondition', node: sick, status: 'False', reason: 'NetworkPluginNotReady' });
    const request = client.workflow.getHandle(externalRemediationWorkflowId({ namespace: 'default', name: sick }));
    for (let deadline = Date.now() + 60_000; !(await request.describe().then(() => true, () => false)); ) {
      if (Date.now() > deadline) throw new Error(`no remediation request for ${sick}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await request.result();
    await capstan.waitFor(withReboot, (d) => d.healthChecks[0]?.currentHealthy === 2 && (d.healthChecks[0]?.remediationRequests ?? []).length === 0, { timeoutMs: 60_000 });
    await capstan.delete(withReboot, { wait: true });

    // An upgrade campaign: two clusters in two waves, one at a time, to v1.32.0.
    const fleet = ['history-03a', 'history-03b'].map((n, i) =>
      compileManifestText(simClusterYaml({ name: n, cpReplicas: 1, workers: 0, labels: { 'upgrade-wave': String(i + 1), 'history-fleet': 'yes' } }), `${n}.yaml`).clusters[0]!,
    );
    await Promise.all(fleet.map((d) => capstan.apply(d)));
    await Promise.all(fleet.map((d) => capstan.waitForReady(d, { timeoutMs: 60_000 })));
    await capstan.waitUntilListed({ labels: { 'history-fleet': 'yes' }, count: 2 });
    const campaign = await new CampaignClient(client, taskQueue).start(
      { name: 'history-campaign', targetVersion: 'v1.32.0', clusters: { selector: { matchLabels: { 'history-fleet': 'yes' } } }, waves: { byLabel: { label: 'upgrade-wave', defaults: { maxConcurrency: 1 } } } },
      { pollIntervalMs: 200, watchMaxWaitMs: 10_000 },
    );
    const campaignResult = await campaign.result();
    if (campaignResult.phase !== 'Completed') throw new Error(`campaign ended ${campaignResult.phase}`);
    await Promise.all(fleet.map((d) => capstan.delete(d, { wait: true })));

    // A ClusterClass change through a campaign: two clusters of a class under rollout policy
    // Campaign; the edited class is staged in both, then a stagedChanges campaign promotes it.
    const classFleet = (templates: string) =>
      ['history-07a', 'history-07b'].map((n, i) => {
        const yaml = [withRolloutPolicy(readSimClassExample('clusterclass.yaml'), 'Campaign'), templates, simClassClusterYaml(n, { 'upgrade-wave': String(i + 1), 'history-class-fleet': 'yes' })].join('\n---\n');
        return compileManifestText(yaml, `${n}.yaml`).clusters[0]!;
      });
    const classV1 = classFleet(readSimClassExample('templates.yaml'));
    await Promise.all(classV1.map((d) => capstan.apply(d)));
    await Promise.all(classV1.map((d) => capstan.waitForReady(d, { timeoutMs: 60_000 })));
    for (const d of classFleet(withWorkerCommand(readSimClassExample('templates.yaml')))) {
      const staged = await capstan.stage(d);
      if (staged.outcome !== 'Staged') throw new Error(`${d.name}: nothing staged (${staged.outcome})`);
    }
    await capstan.waitUntilListed({ labels: { 'history-class-fleet': 'yes' }, count: 2 });
    const classRollout = await new CampaignClient(client, taskQueue).start(
      { name: 'history-class-rollout', stagedChanges: true, clusters: { selector: { matchLabels: { 'history-class-fleet': 'yes' } } }, waves: { byLabel: { label: 'upgrade-wave', defaults: { maxConcurrency: 1 } } } },
      { pollIntervalMs: 200, watchMaxWaitMs: 10_000 },
    );
    const classRolloutResult = await classRollout.result();
    if (classRolloutResult.phase !== 'Completed') throw new Error(`class rollout campaign ended ${classRolloutResult.phase}`);
    await Promise.all(classV1.map((d) => capstan.delete(d, { wait: true })));

    // Lifecycle hooks: a cluster calling a Runtime Extension on loopback; BeforeClusterUpgrade
    // blocks once (a durable retry timer), every other hook passes, through upgrade and delete.
    let upgradeAsked = 0;
    const extension = await startRuntimeExtension({
      handlers: ['BeforeClusterUpgrade', 'AfterControlPlaneUpgrade', 'AfterClusterUpgrade', 'BeforeClusterDelete'].map((hook) => ({ name: hook.toLowerCase(), hook })),
      respond: (r) => (r.hook === 'beforeclusterupgrade' && upgradeAsked++ === 0 ? { status: 'Success', retryAfterSeconds: 1, message: 'backup running' } : { status: 'Success' }),
    });
    const hooked = compileManifestText(
      `${simClusterYaml({ name: 'history-04', cpReplicas: 1, workers: 1 })}---\napiVersion: runtime.cluster.x-k8s.io/v1alpha1\nkind: ExtensionConfig\nmetadata:\n  name: history-hooks\nspec:\n  clientConfig:\n    url: ${extension.url}\n`,
      'hooks.yaml',
    ).clusters[0]!;
    await capstan.apply(hooked);
    await capstan.waitForReady(hooked, { timeoutMs: 60_000 });
    const hookedUpgrade = await capstan.upgrade(hooked, { version: 'v1.32.0' });
    await capstan.waitFor(hooked, (d) => d.ready && d.observedGeneration >= hookedUpgrade.generation, { timeoutMs: 90_000 });
    await capstan.delete(hooked, { wait: true });
    await extension.close();

    // The continuous GitOps sync: create from a checkout, then prune once the file is gone.
    const repoDir = mkdtempSync(join(tmpdir(), 'capstan-history-fleet-'));
    const repoFile = join(repoDir, 'history-05.yaml');
    writeFileSync(repoFile, simClusterYaml({ name: 'history-05', cpReplicas: 1, workers: 0 }));
    // a second cluster stays declared: a repository that declares none is never pruned
    writeFileSync(join(repoDir, 'history-06.yaml'), simClusterYaml({ name: 'history-06', cpReplicas: 1, workers: 0 }));
    const syncs = new FleetSyncClient(client, taskQueue);
    await syncs.start({ dir: repoDir, repoId: 'history-fleet-repo', prune: false, intervalSeconds: 5 });
    // the first pass has run once syncNow returns (it waits for a pass that started after it)
    const firstPass = await syncs.syncNow('history-fleet-repo');
    if (!firstPass.ok || firstPass.run.status !== 'Synced') throw new Error(`fleet sync pass failed: ${JSON.stringify(firstPass)}`);
    await capstan.waitFor({ namespace: 'default', name: 'history-05' }, (d) => d.ready, { timeoutMs: 60_000 });
    rmSync(repoFile);
    await syncs.syncNow('history-fleet-repo');
    await syncs.configure('history-fleet-repo', { prune: true });
    await Promise.race([
      client.workflow.getHandle('cluster/default/history-05').result(),
      new Promise((_, reject) => setTimeout(() => void syncs.status('history-fleet-repo').then((st) => reject(new Error(`fleet sync never pruned history-05: ${JSON.stringify(st.last)}`))), 60_000).unref()),
    ]);
    await syncs.stop('history-fleet-repo');
    await capstan.delete({ namespace: 'default', name: 'history-06' }, { wait: true });
    rmSync(repoDir, { recursive: true, force: true });

    mkdirSync(OUT, { recursive: true });
    const ids: Array<[string, string]> = [
      ['clusterWorkflow-create-scale-delete', `cluster/default/${name}`],
      ['controlPlaneWorkflow-scale-delete', `kcp/default/${name}-cp`],
      ['machineDeploymentWorkflow-scale-rollout-delete', `md/default/${name}-md-0`],
      ['machineWorkflow-control-plane', `machine/default/${machines.find((m) => m.role === 'control-plane')!.name}`],
      ['machineWorkflow-control-plane-upgraded', `machine/default/${upgradedAway}`],
      ['machineWorkflow-worker', `machine/default/${machines.find((m) => m.role === 'worker')!.name}`],
      ['machineWorkflow-worker-drained', `machine/default/${drainedMachine}`],
      ['drainWorkflow-scale-down', `drain/default/${drainedMachine}`],
      // a control-plane node: every Pod is skipped, so the drain only cordons
      ['drainWorkflow-control-plane', `drain/default/${upgradedAway}`],
      ['machineHealthCheckWorkflow-watch-delete', `mhc/default/${name}-worker-mhc`],
      ['machineHealthCheckWorkflow-external-remediation', `mhc/default/${rebooted}-worker-mhc`],
      ['externalRemediationWorkflow-reboot', externalRemediationWorkflowId({ namespace: 'default', name: sick })],
      ['upgradeCampaignWorkflow-two-waves', 'campaign/history-campaign'],
      ['upgradeCampaignWorkflow-staged-rollout', 'campaign/history-class-rollout'],
      ['clusterWorkflow-staged-promoted', 'cluster/default/history-07b'],
      ['clusterWorkflow-lifecycle-hooks', 'cluster/default/history-04'],
      ['fleetSyncWorkflow-create-prune', 'fleet-sync/history-fleet-repo'],
    ];
    // The workflow ID is part of what a workflow sees (cluster workflows parse it), so keep it.
    writeFileSync(join(OUT, 'index.json'), `${JSON.stringify(Object.fromEntries(ids.map(([f, id]) => [`${f}.json`, id])), null, 2)}\n`);
    for (const [file, workflowId] of ids) {
      // The Temporal CLI's JSON is the canonical export format (what `temporal workflow show` and
      // the Web UI's download give users), and what historyFromJSON reads back.
      const json = execFileSync(temporalCliPath(), ['workflow', 'show', '--address', server.address, '--workflow-id', workflowId, '--output', 'json'], {
        maxBuffer: 64 * 1024 * 1024,
      }).toString();
      const events = (JSON.parse(json) as { events: unknown[] }).events.length;
      writeFileSync(join(OUT, `${file}.json`), json);
      console.log(`recorded ${workflowId} (${events} events) → test/histories/${file}.json`);
    }
  } finally {
    workers.forEach((w) => w.shutdown());
    await running;
    await native.close();
    await connection.close();
    await sim.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
