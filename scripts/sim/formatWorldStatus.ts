/** Renders the world dump as the plain tables `capstan sim status` prints. Pure, so it is testable. */
import type { SimLatencies, SimMachineView, SimWorldView } from '../../activities/providers/sim/simApi';
import { formatWorkloadSummary } from './formatWorkloadCluster';
import { renderTable } from './renderTable';

export { renderTable };

export function formatMs(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${Number((ms / 1000).toFixed(3))}s`;
  return `${ms}ms`;
}

export function formatLatencies(l: SimLatencies): string {
  return (
    `clusterInfra ${formatMs(l.clusterInfraMs)}, provision ${formatMs(l.provisionMs)}, ` +
    `boot ${formatMs(l.bootMs)}, delete ${formatMs(l.deleteMs)}, reschedule ${formatMs(l.rescheduleMs)}, ` +
    `podTermination ${formatMs(l.podTerminationMs)}, volumeDetach ${formatMs(l.volumeDetachMs)}, ` +
    `notReadyEviction ${formatMs(l.notReadyEvictionMs)}, jitter ${l.jitter}`
  );
}

function machineNote(m: SimMachineView): string {
  if (m.failureReason) return m.failureReason;
  if (m.bootstrap.problem) return `no node: ${m.bootstrap.problem}`;
  if (m.state === 'running' && !m.nodeName)
    return m.bootstrap.kind === 'join' ? 'joining (waits for the API server)' : 'booting';
  return '';
}

export function formatWorldStatus(world: SimWorldView, source?: string): string {
  const sections: string[] = [];
  sections.push(
    `Sim${source ? ` at ${source}` : ''} — ${world.now}, revision ${world.revision}\n` +
      `Latencies: ${formatLatencies(world.latencies)}`,
  );

  sections.push(
    world.clusters.length === 0
      ? 'CLUSTERS: none'
      : 'CLUSTERS\n' +
          renderTable(
            ['NAMESPACE', 'NAME', 'STATE', 'ENDPOINT', 'FAILURE DOMAINS', 'INITIALIZED BY', 'NODES'],
            world.clusters.map((c) => [
              c.namespace,
              c.name,
              c.state,
              `${c.controlPlaneEndpoint.host}:${c.controlPlaneEndpoint.port}`,
              c.failureDomains.map((d) => d.name + (d.controlPlane ? '' : '(workers)')).join(','),
              c.initializedBy ?? '-',
              String(world.nodes.filter((n) => n.namespace === c.namespace && n.cluster === c.name).length),
            ]),
          ),
  );

  sections.push(
    world.machines.length === 0
      ? 'MACHINES: none'
      : 'MACHINES\n' +
          renderTable(
            [
              'NAMESPACE',
              'CLUSTER',
              'NAME',
              'ROLE',
              'VERSION',
              'STATE',
              'FAILURE DOMAIN',
              'ADDRESS',
              'NODE',
              'NOTE',
            ],
            world.machines.map((m) => [
              m.namespace,
              m.cluster,
              m.name,
              m.role,
              m.version,
              m.state,
              m.failureDomain,
              m.addresses.join(',') || '-',
              m.nodeName ?? '-',
              machineNote(m),
            ]),
          ),
  );

  sections.push(
    world.nodes.length === 0
      ? 'NODES: none'
      : 'NODES\n' +
          renderTable(
            ['NAMESPACE', 'CLUSTER', 'NAME', 'ROLES', 'VERSION', 'READY', 'PROVIDER ID'],
            world.nodes.map((node) => [
              node.namespace,
              node.cluster,
              node.name,
              'node-role.kubernetes.io/control-plane' in node.labels ? 'control-plane' : '<none>',
              node.kubeletVersion,
              node.conditions.find((c) => c.type === 'Ready')?.status ?? 'Unknown',
              node.providerID,
            ]),
          ),
  );

  sections.push(formatWorkloadSummary(world));

  const s = world.stats;
  const byState = Object.entries(s.machinesByState)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${state} ${n}`)
    .join(', ');
  sections.push(
    `Totals: ${s.clusters} cluster(s), ${s.machines} machine(s)${byState ? ` (${byState})` : ''}, ${s.nodes} node(s); ` +
      `${s.machineCreates} machine create(s), ${s.machineIdempotentHits} repeated create(s) answered without a twin, ` +
      `${s.nodeRegistrations} node registration(s), ${s.evictions} eviction(s) (${s.evictionsRefused} refused), ` +
      `${s.faultsInjected} fault(s) injected`,
  );
  return sections.join('\n\n') + '\n';
}
