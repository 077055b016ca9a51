/**
 * Machines the sim did not create: a real provider's machine (a Docker node container whose
 * bootstrap finished) registered so that its kubelet "registers" in the simulated workload
 * cluster. It enters running at once, its node registers at once (joins still wait for the API
 * server), and from then on it is an ordinary machine of the world: etcd member, static Pods,
 * deletion through DELETE .../machines/:machine.
 */
import type { SimExternalMachineRequest } from '../../../activities/providers/standIn/simStandInApi';
import { assessBootstrapData } from '../bootstrap/assessBootstrapData';
import type { OpContext } from './opContext';
import { SimError } from './simError';
import { clusterKey, machineKey, touch, type MachineRecord, type WorldState } from './worldState';

export function registerExternalMachine(
  state: WorldState,
  ctx: OpContext,
  namespace: string,
  cluster: string,
  name: string,
  req: SimExternalMachineRequest,
): { created: boolean; record: MachineRecord } {
  const key = machineKey(namespace, cluster, name);
  const existing = state.machines[key];
  if (existing) {
    if (existing.state === 'deleting') {
      throw SimError.conflict(`machine ${key} is being deleted; it can be registered again once it is gone`);
    }
    if (existing.providerID !== req.providerID) {
      throw SimError.conflict(
        `machine ${key} is registered with providerID ${existing.providerID}, not ${req.providerID}`,
      );
    }
    state.counters.machineIdempotentHits += 1;
    touch(state);
    return { created: false, record: existing };
  }
  const infra = state.clusters[clusterKey(namespace, cluster)];
  if (!infra || infra.state !== 'provisioned') {
    throw SimError.conflict(
      `cluster infrastructure ${namespace}/${cluster} is not provisioned in the sim; ensure it first`,
    );
  }
  const record: MachineRecord = {
    namespace,
    cluster,
    name,
    role: req.role,
    version: req.version,
    failureDomain: req.failureDomain ?? '',
    infrastructure: req.infrastructure,
    bootstrap: assessBootstrapData(req.bootstrapData, {
      role: req.role,
      clusterEndpoint: infra.controlPlaneEndpoint,
    }),
    state: 'running',
    providerID: req.providerID,
    address: req.address,
    createdAt: ctx.now,
    provisionDueAt: ctx.now,
    runningAt: ctx.now,
    bootAfterMs: 0,
    bootDueAt: ctx.now,
  };
  state.machines[key] = record;
  state.counters.machineCreates += 1;
  touch(state);
  return { created: true, record };
}
