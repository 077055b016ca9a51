/**
 * Machines (the sim's instances): ensure, observe, delete. A machine is keyed by
 * namespace/cluster/machine, and that key is the idempotency key of the create: a second PUT
 * returns the machine that exists (counted as a refused twin), never a new one.
 */
import type { SimDeleteResult, SimMachineRequest } from '../../../activities/providers/sim/simApi';
import { simProviderID } from '../../../activities/providers/sim/simApi';
import { assessBootstrapData } from '../bootstrap/assessBootstrapData';
import { readMachineKnobs } from './machineSpec';
import { drawLatency, type OpContext } from './opContext';
import { machineAddress, placeInFailureDomain } from './placement';
import { SimError } from './simError';
import { markKubeletSilent, nodeOfMachine } from './nodeLifecycle';
import { consumeProvisioningFaults } from './workload/faults';
import {
  clusterKey,
  machineKey,
  machinesOfCluster,
  touch,
  type MachineRecord,
  type WorldState,
} from './worldState';

export function ensureMachine(
  state: WorldState,
  ctx: OpContext,
  namespace: string,
  cluster: string,
  name: string,
  req: SimMachineRequest,
): { created: boolean; record: MachineRecord } {
  const key = machineKey(namespace, cluster, name);
  const existing = state.machines[key];
  if (existing) return { created: false, record: acceptRepeatedCreate(state, existing, req) };

  const infra = state.clusters[clusterKey(namespace, cluster)];
  if (!infra)
    throw SimError.conflict(`cluster infrastructure ${namespace}/${cluster} does not exist; ensure it first`);
  if (infra.state === 'deleting')
    throw SimError.conflict(`cluster infrastructure ${namespace}/${cluster} is being deleted`);
  if (infra.state !== 'provisioned') {
    throw SimError.conflict(
      `cluster infrastructure ${namespace}/${cluster} is not provisioned yet; retry when it is`,
    );
  }
  const knobs = readMachineKnobs(req.infrastructure.spec);
  const failureDomain = placeInFailureDomain(
    infra.failureDomains,
    req.failureDomain,
    req.role === 'control-plane',
    key,
  );
  const injected = consumeProvisioningFaults(infra, name);
  const record: MachineRecord = {
    namespace,
    cluster,
    name,
    role: req.role,
    version: req.version,
    failureDomain,
    infrastructure: req.infrastructure,
    // Only the assessment is kept: bootstrap data carries join tokens and must not sit in the state file.
    bootstrap: assessBootstrapData(req.bootstrapData, {
      role: req.role,
      clusterEndpoint: infra.controlPlaneEndpoint,
    }),
    state: 'provisioning',
    providerID: simProviderID(namespace, cluster, name),
    address: machineAddress(namespace, cluster, name),
    createdAt: ctx.now,
    provisionDueAt:
      ctx.now +
      drawLatency(state, ctx, ctx.latencies.provisionMs) +
      Math.round(knobs.bootDelaySeconds * 1000),
    // An injected slow boot delays the kubelet, not the instance: the machine runs, its node is late.
    bootAfterMs: drawLatency(state, ctx, ctx.latencies.bootMs) + injected.extraBootMs,
    ...(injected.failure !== undefined ? { injectedFailure: injected.failure } : {}),
  };
  state.machines[key] = record;
  state.counters.machineCreates += 1;
  touch(state);
  return { created: true, record };
}

/**
 * A repeated create with the same key is the retry of an earlier one: answer with what exists.
 * Different role/version/failure domain under the same name is a caller bug (EC2 calls it
 * IdempotentParameterMismatch); bootstrap data may differ, since tokens are rendered per attempt.
 */
function acceptRepeatedCreate(
  state: WorldState,
  existing: MachineRecord,
  req: SimMachineRequest,
): MachineRecord {
  const key = machineKey(existing.namespace, existing.cluster, existing.name);
  if (existing.state === 'deleting') {
    throw SimError.conflict(`machine ${key} is being deleted; it can be created again once it is gone`);
  }
  const mismatches: string[] = [];
  if (existing.role !== req.role) mismatches.push(`role ${existing.role} vs ${req.role}`);
  if (existing.version !== req.version) mismatches.push(`version ${existing.version} vs ${req.version}`);
  if (req.failureDomain !== undefined && existing.failureDomain !== req.failureDomain) {
    mismatches.push(`failureDomain ${existing.failureDomain} vs ${req.failureDomain}`);
  }
  if (mismatches.length > 0) {
    throw SimError.invalidSpec(
      `machine ${key} already exists with other parameters (${mismatches.join('; ')})`,
    );
  }
  state.counters.machineIdempotentHits += 1;
  touch(state);
  return existing;
}

export function getMachine(
  state: WorldState,
  namespace: string,
  cluster: string,
  name: string,
): MachineRecord {
  const record = state.machines[machineKey(namespace, cluster, name)];
  if (!record) throw SimError.notFound(`machine ${namespace}/${cluster}/${name} does not exist`);
  return record;
}

export function listMachines(state: WorldState, namespace: string, cluster: string): MachineRecord[] {
  return machinesOfCluster(state, namespace, cluster).sort((a, b) => a.name.localeCompare(b.name));
}

export function deleteMachine(
  state: WorldState,
  ctx: OpContext,
  namespace: string,
  cluster: string,
  name: string,
): SimDeleteResult {
  const record = state.machines[machineKey(namespace, cluster, name)];
  if (!record) return { state: 'gone' };
  if (record.state === 'deleting') return { state: 'deleting' };
  record.state = 'deleting';
  record.deletionRequestedAt = ctx.now;
  record.goneDueAt = ctx.now + drawLatency(state, ctx, ctx.latencies.deleteMs);
  const infra = state.clusters[clusterKey(namespace, cluster)];
  const node = infra ? nodeOfMachine(infra, record) : undefined;
  if (node) markKubeletSilent(node, ctx.now);
  touch(state);
  return { state: 'deleting' };
}
