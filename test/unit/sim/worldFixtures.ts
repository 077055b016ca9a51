/** Builders for world-model tests: a SimWorld on a fake clock, and bootstrap data kubeadm would accept. */
import type { SimLatencies, SimMachineRequest } from '../../../activities/providers/sim/simApi';
import { FakeClock } from '../../../scripts/sim/clock';
import { SimWorld } from '../../../scripts/sim/world/simWorld';

export const NS = 'default';
export const CLUSTER = 'c1';
export const ENDPOINT = `${CLUSTER}.${NS}.sim.capstan.local:6443`;

/** Round numbers so every expected instant is easy to read. */
export const TEST_LATENCIES: SimLatencies = {
  clusterInfraMs: 100,
  provisionMs: 1000,
  bootMs: 500,
  deleteMs: 200,
  rescheduleMs: 300,
  podTerminationMs: 400,
  volumeDetachMs: 600,
  notReadyEvictionMs: 10_000,
  jitter: 0,
};

export function newWorld(
  latencies: Partial<SimLatencies> = TEST_LATENCIES,
  seed?: number,
): { world: SimWorld; clock: FakeClock } {
  const clock = new FakeClock();
  return {
    world: new SimWorld({
      clock,
      latencies: { ...TEST_LATENCIES, ...latencies },
      ...(seed !== undefined ? { seed } : {}),
    }),
    clock,
  };
}

export const infraTemplate = (spec: Record<string, unknown> = {}) => ({
  apiVersion: 'infrastructure.capstan.dev/v1alpha1',
  kind: 'SimClusterTemplate',
  name: 'sim',
  spec,
});

export const machineTemplate = (spec: Record<string, unknown> = {}) => ({
  apiVersion: 'infrastructure.capstan.dev/v1alpha1',
  kind: 'SimMachineTemplate',
  name: 'sim-md',
  spec,
});

export const initData = (): string =>
  [
    '#cloud-config',
    'write_files:',
    '  - path: /run/kubeadm/kubeadm.yaml',
    '    content: |',
    '      apiVersion: kubeadm.k8s.io/v1beta3',
    '      kind: InitConfiguration',
    'runcmd:',
    '  - kubeadm init --config /run/kubeadm/kubeadm.yaml',
    '',
  ].join('\n');

export const joinData = (endpoint = ENDPOINT): string =>
  [
    '#cloud-config',
    'runcmd:',
    `  - [kubeadm, join, "${endpoint}", --token, abcdef.0123456789abcdef]`,
    '',
  ].join('\n');

export function machineRequest(overrides: Partial<SimMachineRequest> = {}): SimMachineRequest {
  return {
    role: 'worker',
    version: 'v1.31.4',
    infrastructure: machineTemplate(),
    bootstrapData: joinData(),
    ...overrides,
  };
}

/** A cluster whose infrastructure is provisioned, clock advanced past it. */
export function provisionedCluster(latencies: Partial<SimLatencies> = TEST_LATENCIES): {
  world: SimWorld;
  clock: FakeClock;
} {
  const w = newWorld(latencies);
  w.world.ensureClusterInfrastructure(NS, CLUSTER, { infrastructure: infraTemplate() });
  w.clock.advance(latencies.clusterInfraMs ?? TEST_LATENCIES.clusterInfraMs);
  return w;
}
