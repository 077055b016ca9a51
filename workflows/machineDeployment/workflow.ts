import { condition, continueAsNew, getExternalWorkflowHandle, log, setCurrentDetails, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import { machineName, machineSetName, suffixFromUuid } from '../../shared/naming';
import { planMachineSetReplicas } from '../../shared/planners/machineSetReplicas';
import { summarizeMachineDeployment } from '../../shared/planners/machineDeploymentStatus';
import { machineTemplateHash } from '../../shared/planners/machineTemplateHash';
import { drainHandlers, shouldContinueAsNew } from '../common/continueAsNew';
import { mergeMachineStatus, pendingMachine, requestMachineDelete, startMachine } from '../common/machines';
import { machineDeploymentStatusSignal, machineStatusSignal } from '../common/statusSignals';
import { nowIso } from '../common/time';
import type { MachineWorkflowInput } from '../machine/definitions';
import {
  deleteMachineDeploymentSignal,
  machineDeploymentStatusQuery,
  updateMachineDeploymentSpecSignal,
  type MachineDeploymentWorkflowInput,
  type MachineSetState,
} from './definitions';

/**
 * MachineDeployment entity. MachineSets are kept as revisions (name = MD + template hash); this
 * run holds the current revision at `replicas` (planMachineSetReplicas: create all missing at
 * once, delete the excess by deletePolicy). RollingUpdate/OnDelete between revisions is added by
 * the lifecycle issue on top of the same state.
 */
export async function machineDeploymentWorkflow(input: MachineDeploymentWorkflowInput): Promise<void> {
  let { spec, specVersion, context } = input;
  let machineSets: MachineSetState[] = input.carried?.machineSets ?? [];
  let deleting = input.carried?.deleting ?? false;
  let dirty = true;
  let reason = 'starting';
  const selfId = workflowInfo().workflowId;
  const clusterHandle = getExternalWorkflowHandle(context.clusterWorkflowId);

  const status = () =>
    summarizeMachineDeployment({ spec, specVersion, machineSets, deleting, reason, now: nowIso() });

  setHandler(machineDeploymentStatusQuery, status);
  setHandler(updateMachineDeploymentSpecSignal, (u) => {
    if (u.specVersion > specVersion) {
      spec = u.spec;
      specVersion = u.specVersion;
      context = u.context;
      dirty = true;
    }
  });
  setHandler(deleteMachineDeploymentSignal, () => {
    deleting = true;
    dirty = true;
  });
  setHandler(machineStatusSignal, (m) => {
    machineSets = machineSets.map((ms) => {
      if (!ms.machines.some((x) => x.name === m.name)) return ms;
      const merged = mergeMachineStatus(ms.machines, m);
      return { ...ms, machines: m.phase === 'Deleted' ? merged.filter((x) => x.name !== m.name) : merged };
    });
    dirty = true;
  });

  /** The MachineSet of the current template, created (as a new revision) when it does not exist. */
  function currentMachineSet(): MachineSetState {
    const hash = machineTemplateHash(spec.template);
    const found = machineSets.find((ms) => ms.templateHash === hash);
    if (found) return found;
    const ms: MachineSetState = {
      name: machineSetName(spec.name, hash),
      revision: machineSets.reduce((r, x) => Math.max(r, x.revision), 0) + 1,
      templateHash: hash,
      machines: [],
    };
    machineSets = [...machineSets, ms];
    return ms;
  }

  let lastReported = '';
  async function reportToCluster(): Promise<void> {
    const s = status();
    const fingerprint = JSON.stringify([s.phase, s.replicas, s.readyReplicas, s.availableReplicas, s.observedSpecVersion,
      s.machines.map((m) => [m.name, m.phase, m.deletionRequestedAt]), s.conditions.map((c) => [c.type, c.status, c.message])]);
    if (fingerprint === lastReported) return;
    lastReported = fingerprint;
    setCurrentDetails(reason);
    try {
      await clusterHandle.signal(machineDeploymentStatusSignal, s);
    } catch (err) {
      log.warn('cluster workflow not reachable', { error: String(err) });
    }
  }

  async function markAndDelete(names: string[], why: string): Promise<void> {
    const now = nowIso();
    machineSets = machineSets.map((ms) => ({
      ...ms,
      machines: ms.machines.map((m) => (names.includes(m.name) && !m.deletionRequestedAt ? { ...m, deletionRequestedAt: now } : m)),
    }));
    await Promise.all(names.map((n) => requestMachineDelete(context.cluster.namespace, n, why)));
  }

  for (;;) {
    // Wake at the minReadySeconds boundary of a machine that is Ready but not yet Available.
    const waitMs = msUntilNextAvailability();
    if (waitMs === undefined) await condition(() => dirty);
    else await condition(() => dirty, Math.max(waitMs, 1));
    dirty = false;

    if (deleting) {
      const all = machineSets.flatMap((ms) => ms.machines);
      const toDelete = all.filter((m) => !m.deletionRequestedAt).map((m) => m.name);
      reason = `deleting ${all.length} machine(s)`;
      if (toDelete.length) await markAndDelete(toDelete, 'MachineDeployment is being deleted');
      await reportToCluster();
      if (all.length === 0) break;
      continue;
    }

    const ms = currentMachineSet();
    const plan = planMachineSetReplicas(ms.machines, spec.replicas, spec.strategy.deletePolicy, nowIso());
    reason = plan.reason;
    if (plan.create > 0) {
      const created: MachineWorkflowInput[] = [];
      for (let i = 0; i < plan.create; i++) {
        created.push({
          cluster: context.cluster,
          name: machineName(ms.name, suffixFromUuid(uuid4())),
          role: 'worker',
          bootstrapMode: 'join-worker',
          provider: context.provider,
          template: spec.template,
          controlPlaneEndpoint: context.controlPlaneEndpoint,
          clusterNetwork: context.clusterNetwork,
          ownerWorkflowId: selfId,
          createdAt: nowIso(),
        });
      }
      machineSets = machineSets.map((x) =>
        x.name === ms.name ? { ...x, machines: [...x.machines, ...created.map(pendingMachine)] } : x,
      );
      await Promise.all(created.map(startMachine));
    }
    if (plan.delete.length > 0) await markAndDelete(plan.delete, plan.reason);
    // Empty older revisions are dropped, as CAPI's cleanupDeployment does once nothing is left in them.
    machineSets = machineSets.filter((x) => x.name === ms.name || x.machines.length > 0);
    await reportToCluster();

    if (shouldContinueAsNew(input.continueAsNewAfterEvents)) {
      await drainHandlers();
      await continueAsNew<typeof machineDeploymentWorkflow>({
        ...input,
        spec,
        specVersion,
        context,
        carried: { machineSets, deleting },
      });
    }
  }
  await reportToCluster();

  function msUntilNextAvailability(): number | undefined {
    const minReadyMs = spec.template.minReadySeconds * 1000;
    if (minReadyMs <= 0) return undefined;
    const now = Date.parse(nowIso());
    const pending = machineSets
      .flatMap((x) => x.machines)
      .filter((m) => m.phase === 'Running' && now - Date.parse(m.lastUpdated) < minReadyMs)
      .map((m) => Date.parse(m.lastUpdated) + minReadyMs - now);
    return pending.length ? Math.min(...pending) : undefined;
  }
}
