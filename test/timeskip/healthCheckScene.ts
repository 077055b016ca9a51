/**
 * A MachineHealthCheck and its real owner (a machineDeploymentWorkflow), started on their own.
 *
 * The owner starts with a MachineSet it "already has": two Running workers whose sim nodes are
 * Ready, and one machine whose Node never registers. None of the three has a machineWorkflow: a
 * machine waiting for its Node sits in the heartbeating awaitNode long-poll, and any running
 * activity holds the test server's clock, so the stuck machine has to be owner state only. The
 * test plays the cluster workflow's part: it sends the health check its targets, built from the
 * owner's status exactly as workflows/cluster/healthTargets.ts builds them.
 */
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { compileManifestText } from '../../shared/model';
import { clusterWorkflowId, machineDeploymentWorkflowId, machineHealthCheckWorkflowId, type ResourceKey } from '../../shared/ids';
import { machineSetName } from '../../shared/naming';
import { machineTemplateHash } from '../../shared/planners/machineTemplateHash';
import { setCondition } from '../../shared/status/conditions';
import type { MachineDeploymentStatus, MachineStatus } from '../../shared/status/types';
import type { ClusterContext } from '../../workflows/common/ownerContext';
import type { MachineDeploymentWorkflowInput } from '../../workflows/machineDeployment/definitions';
import type { HealthCheckStatus, HealthTargetsUpdate, MachineHealthCheckWorkflowInput } from '../../workflows/machineHealthCheck/definitions';
import { simClusterYaml } from '../workflows/manifests';
import type { TimeSkipEnv } from './env';
import { runningSimCluster } from './simCluster';
import { boundedQuery } from './boundedQuery';

export const STUCK = 'stuck';

export interface HealthCheckScene {
  owner: WorkflowHandleWithFirstExecutionRunId;
  check: WorkflowHandleWithFirstExecutionRunId;
  /** workflow time at which the stuck machine (and the cluster's conditions) started the startup clock */
  createdAt: number;
  ownerStatus(): Promise<MachineDeploymentStatus>;
  checkStatus(): Promise<HealthCheckStatus>;
}

export async function startHealthCheckScene(
  t: TimeSkipEnv,
  name: string,
  opts: Pick<MachineHealthCheckWorkflowInput, 'pollIntervalMs' | 'continueAsNewAfterEvents' | 'nodeLongPollMs'> = {},
): Promise<HealthCheckScene> {
  const key: ResourceKey = { namespace: 'default', name };
  const { endpoint } = await runningSimCluster(t.sim, key, 2);
  const desired = compileManifestText(simClusterYaml({ name, workers: 3, healthCheck: { maxUnhealthy: '100%', timeout: '5m' } }), 'mhc.yaml').clusters[0]!;
  const md = desired.machineDeployments[0]!;
  const mhc = desired.machineHealthChecks[0]!;
  const context: ClusterContext = {
    cluster: key,
    provider: 'sim',
    // no cluster workflow runs: status reports to it fail and are logged, which both entities tolerate
    clusterWorkflowId: clusterWorkflowId(key),
    controlPlaneEndpoint: endpoint,
    failureDomains: [],
    clusterNetwork: desired.clusterNetwork,
  };
  const createdAt = await t.now();
  const at = new Date(createdAt).toISOString();
  const infraReady = setCondition([], { type: 'InfrastructureReady', status: 'True', reason: 'Provisioned' }, at);
  const machine = (machineName: string, nodeName?: string): MachineStatus => ({
    name: machineName, role: 'worker', version: md.template.version, phase: nodeName ? 'Running' : 'Provisioned',
    providerID: `sim:///${key.namespace}/${key.name}/${machineName}`, ...(nodeName ? { nodeName } : {}),
    addresses: [], createdAt: at, lastUpdated: at, conditions: infraReady,
  });
  const hash = machineTemplateHash(md.template);
  const ownerInput: MachineDeploymentWorkflowInput = {
    context,
    spec: md,
    specVersion: 1,
    carried: {
      deleting: false,
      machineSets: [{
        name: machineSetName(md.name, hash), revision: 1, templateHash: hash, createdAt: at, replicas: md.replicas,
        template: md.template, machines: [machine('w1', 'w1'), machine('w2', 'w2'), machine(STUCK)],
      }],
    },
  };
  const owner = await t.env.client.workflow.start('machineDeploymentWorkflow', {
    taskQueue: t.taskQueue,
    workflowId: machineDeploymentWorkflowId({ namespace: key.namespace, name: md.name }),
    args: [ownerInput],
  });
  const check = await t.env.client.workflow.start('machineHealthCheckWorkflow', {
    taskQueue: t.taskQueue,
    workflowId: machineHealthCheckWorkflowId({ namespace: key.namespace, name: mhc.name }),
    // Node conditions on a workflow timer, not the long-poll: a running activity holds the test
    // server's clock, so a long-polling check would make skipped time real.
    args: [{ context, spec: mhc, nodeLongPollMs: 0, ...opts } satisfies MachineHealthCheckWorkflowInput],
  });
  const ownerStatus = () => boundedQuery(t.env.client, () => owner.query<MachineDeploymentStatus>('status'));
  // The cluster's part: every machine of the deployment, as healthTargets() describes it.
  const clusterConditions = ['InfrastructureReady', 'ControlPlaneInitialized'].reduce(
    (cs, type) => setCondition(cs, { type, status: 'True', reason: type }, at),
    setCondition([], { type: 'Ready', status: 'True', reason: 'Ready' }, at),
  );
  const targets: HealthTargetsUpdate = {
    clusterConditions,
    paused: false,
    targets: (await ownerStatus()).machines.map((m) => ({
      name: m.name, role: m.role, createdAt: m.createdAt, labels: md.template.labels, annotations: md.template.annotations,
      conditions: m.conditions, deleting: !!m.deletionRequestedAt, ownerKind: 'MachineSet', ownerWorkflowId: owner.workflowId,
      ...(m.nodeName ? { nodeRef: m.nodeName } : {}),
    })),
  };
  await check.signal('healthTargets', targets);
  return { owner, check, createdAt, ownerStatus, checkStatus: () => boundedQuery(t.env.client, () => check.query<HealthCheckStatus>('status')) };
}
