/** Builders for workload-cluster tests: a cluster whose nodes registered and whose system Pods run. */
import type { SimLatencies } from '../../../activities/providers/sim/simApi';
import type { SimPodView, SimSettings } from '../../../activities/providers/sim/simWorkloadApi';
import { FakeClock } from '../../../scripts/sim/clock';
import { SimError } from '../../../scripts/sim/world/simError';
import { SimWorld } from '../../../scripts/sim/world/simWorld';
import {
  CLUSTER,
  NS,
  TEST_LATENCIES,
  infraTemplate,
  initData,
  joinData,
  machineRequest,
} from './worldFixtures';

export const L = TEST_LATENCIES;

export interface ClusterShape {
  controlPlanes?: number;
  workers?: number;
  latencies?: Partial<SimLatencies>;
  seed?: number;
  settings?: Partial<SimSettings>;
}

/** cp1 (kubeadm init), cp2.. (join --control-plane), w1.. (join): all registered, kube-proxy running. */
export function runningCluster(shape: ClusterShape = {}): { world: SimWorld; clock: FakeClock } {
  const latencies = { ...TEST_LATENCIES, ...(shape.latencies ?? {}) };
  const clock = new FakeClock();
  const world = new SimWorld({
    clock,
    latencies,
    ...(shape.seed !== undefined ? { seed: shape.seed } : {}),
    ...(shape.settings ? { settings: shape.settings } : {}),
  });
  // With jitter a stage may take up to (1 + jitter) times its latency.
  const upTo = (ms: number) => Math.ceil(ms * (1 + latencies.jitter));
  world.ensureClusterInfrastructure(NS, CLUSTER, { infrastructure: infraTemplate() });
  clock.advance(upTo(latencies.clusterInfraMs));
  for (let i = 1; i <= (shape.controlPlanes ?? 1); i++) {
    world.ensureMachine(
      NS,
      CLUSTER,
      `cp${i}`,
      machineRequest({ role: 'control-plane', bootstrapData: i === 1 ? initData() : joinData() }),
    );
  }
  for (let i = 1; i <= (shape.workers ?? 2); i++) world.ensureMachine(NS, CLUSTER, `w${i}`, machineRequest());
  clock.advance(upTo(latencies.provisionMs + latencies.bootMs + latencies.rescheduleMs));
  return { world, clock };
}

/** User Pods (namespace default), sorted by name. */
export const userPods = (world: SimWorld, node?: string): SimPodView[] =>
  world.listPods(NS, CLUSTER, { namespace: 'default', ...(node !== undefined ? { node } : {}) });

export const podNames = (pods: readonly SimPodView[]): string[] => pods.map((p) => p.name);

/** The SimError a call throws (fails the test if it does not throw one). */
export function refusal(fn: () => unknown): SimError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SimError) return err;
    throw err;
  }
  throw new Error('expected a SimError');
}

export { CLUSTER, NS };
