/**
 * Seeded chaos: `scheduleChaos` turns {seed, scenario, durationMs, events} into a fixed list of
 * faults at instants within the duration. Everything random (instants, fault lengths, which kind in
 * the mixed scenario, and a `pick` that chooses the target) is drawn from the request's own seed
 * up front, so the same request gives the same schedule in every world; the target is chosen when
 * the fault fires, among the candidates then (sorted by name), so a schedule never names a node
 * that is gone by then.
 */
import type { SimChaosRequest, SimFaultRequest } from '../../../../activities/providers/sim/simWorkloadApi';
import { nextRandom, normalizeSeed } from '../../random';
import type { OpContext } from '../opContext';
import { isKubeletReachable } from '../nodeLifecycle';
import { SimError } from '../simError';
import type { ClusterRecord, WorldState } from '../worldState';
import { memberHealthy } from './etcd';
import { injectFault } from './faults';
import { sortedValues, type ScheduledFaultKind, type ScheduledFaultRecord } from './workloadState';

export const DEFAULT_CHAOS_EVENTS = 5;
export const DEFAULT_CHAOS_MIN_DOWN_MS = 5_000;
export const DEFAULT_CHAOS_MAX_DOWN_MS = 30_000;

const SCENARIO_KINDS: Record<SimChaosRequest['scenario'], readonly ScheduledFaultKind[]> = {
  'node-blips': ['nodeCondition'],
  'api-blips': ['apiServerOutage'],
  'etcd-blips': ['etcdMember'],
  mixed: ['nodeCondition', 'apiServerOutage', 'etcdMember'],
};

export function scheduleChaos(
  cluster: ClusterRecord,
  req: SimChaosRequest,
  at: number,
): ScheduledFaultRecord[] {
  let rng = normalizeSeed(req.seed);
  const draw = (): number => {
    const r = nextRandom(rng);
    rng = r.state;
    return r.value;
  };
  const minDown = req.minDownMs ?? DEFAULT_CHAOS_MIN_DOWN_MS;
  const maxDown = Math.max(minDown, req.maxDownMs ?? DEFAULT_CHAOS_MAX_DOWN_MS);
  const kinds = SCENARIO_KINDS[req.scenario];
  const drafts = Array.from({ length: req.events ?? DEFAULT_CHAOS_EVENTS }, () => ({
    at: at + Math.floor(draw() * req.durationMs),
    forMs: minDown + Math.floor(draw() * (maxDown - minDown + 1)),
    kind: kinds[Math.min(kinds.length - 1, Math.floor(draw() * kinds.length))]!,
    pick: draw(),
  }));
  drafts.sort((a, b) => a.at - b.at);
  return drafts.map((d) => {
    const record: ScheduledFaultRecord = {
      id: `chaos${cluster.workload.nextFaultSeq++}`,
      ...d,
      fired: false,
      seed: req.seed,
      scenario: req.scenario,
    };
    cluster.workload.scheduledFaults[record.id] = record;
    return record;
  });
}

function faultFor(
  state: WorldState,
  cluster: ClusterRecord,
  sf: ScheduledFaultRecord,
): SimFaultRequest | undefined {
  const choose = <T extends { name: string }>(candidates: T[]): T | undefined =>
    candidates.length === 0
      ? undefined
      : candidates[Math.min(candidates.length - 1, Math.floor(sf.pick * candidates.length))];
  switch (sf.kind) {
    case 'apiServerOutage':
      return { kind: 'apiServerOutage', forMs: sf.forMs, message: `chaos ${sf.scenario} (seed ${sf.seed})` };
    case 'nodeCondition': {
      const node = choose(sortedValues(cluster.nodes).filter(isKubeletReachable));
      return node && { kind: 'nodeCondition', node: node.name, status: 'Unknown', forMs: sf.forMs };
    }
    case 'etcdMember': {
      const members = sortedValues(cluster.workload.etcd.members)
        .filter((m) => memberHealthy(state, cluster, m))
        .sort((a, b) => a.name.localeCompare(b.name));
      const member = choose(members);
      return member && { kind: 'etcdMember', member: member.name, healthy: false, forMs: sf.forMs };
    }
  }
}

/** The scheduled fault's time has come: inject it against the cluster as it is now. */
export function fireScheduledFault(
  state: WorldState,
  cluster: ClusterRecord,
  sf: ScheduledFaultRecord,
  ctx: OpContext,
): void {
  sf.fired = true;
  const req = faultFor(state, cluster, sf);
  if (!req) {
    sf.target = '(no candidate)';
    return;
  }
  sf.target = req.kind === 'nodeCondition' ? req.node : req.kind === 'etcdMember' ? req.member : 'api-server';
  try {
    injectFault(state, cluster, req, ctx);
  } catch (err) {
    if (!(err instanceof SimError)) throw err;
    sf.target = `${sf.target} (refused: ${err.message})`;
  }
}
