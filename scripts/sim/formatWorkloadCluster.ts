/** Renders a workload cluster's Pods, budgets, etcd, health and faults as the tables `capstan sim` prints. Pure. */
import type {
  SimChaosView,
  SimControlPlaneNodeHealth,
  SimEtcdMemberView,
  SimFaultView,
  SimPdbView,
  SimPodView,
  SimWorkloadView,
} from '../../activities/providers/sim/simWorkloadApi';
import type { SimWorldView } from '../../activities/providers/sim/simApi';
import { renderTable } from './renderTable';

const none = (what: string): string => `No ${what}.\n`;
const table = (headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string =>
  `${renderTable(headers, rows)}\n`;

function podStatus(p: SimPodView): string {
  if (p.deletionTimestamp) return 'Terminating';
  return p.phase;
}

export function formatPods(pods: readonly SimPodView[]): string {
  if (pods.length === 0) return none('pods');
  return table(
    ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'NODE', 'OWNER', 'NOTE'],
    pods.map((p) => [
      p.namespace,
      p.name,
      p.ready ? 'yes' : 'no',
      podStatus(p),
      p.nodeName ?? '<none>',
      `${p.ownerKind}/${p.ownerName}`,
      [
        p.mirror ? 'mirror' : '',
        p.labels['cluster.x-k8s.io/drain'] ? `drain=${p.labels['cluster.x-k8s.io/drain']}` : '',
        p.claims ? `pvc=${p.claims.join(',')}` : '',
        p.localStorage ? 'emptyDir' : '',
        p.pendingReason ?? '',
      ]
        .filter((s) => s.length > 0)
        .join(' '),
    ]),
  );
}

export function formatPdbs(pdbs: readonly SimPdbView[]): string {
  if (pdbs.length === 0) return none('pod disruption budgets');
  return table(
    ['NAMESPACE', 'NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'HEALTHY', 'EXPECTED'],
    pdbs.map((b) => [
      b.namespace,
      b.name,
      b.minAvailable !== undefined ? String(b.minAvailable) : 'N/A',
      b.maxUnavailable !== undefined ? String(b.maxUnavailable) : 'N/A',
      String(b.disruptionsAllowed),
      `${b.currentHealthy}/${b.desiredHealthy}`,
      String(b.expectedPods) + (b.syncFailure ? ` (${b.syncFailure})` : ''),
    ]),
  );
}

export function formatEtcdMembers(members: readonly SimEtcdMemberView[]): string {
  if (members.length === 0) return none('etcd members (the cluster is not initialised)');
  return table(
    ['ID', 'NAME', 'PEER URLS', 'LEARNER', 'LEADER', 'HEALTHY'],
    members.map((m) => [
      m.id,
      m.name,
      m.peerURLs.join(','),
      m.isLearner ? 'true' : 'false',
      m.isLeader ? 'true' : 'false',
      m.healthy ? 'true' : 'false',
    ]),
  );
}

export function formatControlPlaneHealth(nodes: readonly SimControlPlaneNodeHealth[]): string {
  if (nodes.length === 0) return none('control-plane nodes');
  return table(
    ['NODE', 'APISERVER', 'CONTROLLER-MANAGER', 'SCHEDULER', 'ETCD POD', 'ETCD MEMBER', 'WHY'],
    nodes.map((n) => [
      n.nodeName,
      n.conditions.APIServerPodHealthy,
      n.conditions.ControllerManagerPodHealthy,
      n.conditions.SchedulerPodHealthy,
      n.conditions.EtcdPodHealthy,
      n.conditions.EtcdMemberHealthy,
      [
        ...new Set(
          Object.values(n.details)
            .map((d) => d.message)
            .filter((m) => m.length > 0),
        ),
      ].join('; '),
    ]),
  );
}

export function formatWorkloads(workloads: readonly SimWorkloadView[]): string {
  if (workloads.length === 0) return none('workloads');
  return table(
    ['NAMESPACE', 'NAME', 'KIND', 'READY', 'PDB', 'DRAIN', 'VOLUMES'],
    workloads.map((w) => [
      w.namespace,
      w.name,
      w.kind,
      `${w.readyReplicas}/${w.replicas}${w.kind === 'Job' ? ` (${w.succeeded} succeeded)` : ''}`,
      w.pdb
        ? w.pdb.minAvailable !== undefined
          ? `minAvailable ${w.pdb.minAvailable}`
          : `maxUnavailable ${String(w.pdb.maxUnavailable)}`
        : '-',
      w.drainLabel ?? '-',
      [...(w.volumes.emptyDir ? ['emptyDir'] : []), ...w.volumes.claims.map((c) => `pvc/${c}`)].join(',') ||
        '-',
    ]),
  );
}

export function formatFaults(faults: readonly SimFaultView[]): string {
  if (faults.length === 0) return none('active faults');
  return table(
    ['ID', 'KIND', 'SINCE', 'UNTIL', 'WHAT'],
    faults.map((f) => [f.id, f.kind, f.injectedAt, f.until ?? '-', f.description]),
  );
}

export function formatChaos(chaos: SimChaosView): string {
  const header = `chaos ${chaos.scenario} (seed ${chaos.seed}) on ${chaos.cluster.namespace}/${chaos.cluster.name}:\n`;
  return (
    header +
    table(
      ['ID', 'AT', 'KIND', 'FOR'],
      chaos.scheduled.map((s) => [s.id, s.at, s.kind, `${s.forMs}ms`]),
    )
  );
}

/** One line per cluster for `capstan sim status`. */
export function formatWorkloadSummary(world: SimWorldView): string {
  if (world.workloadClusters.length === 0) return 'WORKLOAD CLUSTERS: none';
  return (
    'WORKLOAD CLUSTERS\n' +
    renderTable(
      ['NAMESPACE', 'CLUSTER', 'API SERVER', 'ETCD', 'LEADER', 'PODS READY', 'PDBS', 'FAULTS'],
      world.workloadClusters.map((w) => {
        const voting = w.etcd.members.filter((m) => !m.isLearner);
        return [
          w.namespace,
          w.cluster,
          w.apiServer.available ? 'up' : 'DOWN',
          w.etcd.members.length === 0
            ? '-'
            : `${voting.filter((m) => m.healthy).length}/${voting.length} healthy${w.etcd.quorum ? '' : ', NO QUORUM'}`,
          w.etcd.members.find((m) => m.isLeader)?.name ?? '-',
          `${w.pods.filter((p) => p.ready).length}/${w.pods.length}`,
          String(w.pdbs.length),
          w.faults.map((f) => f.id).join(',') || '-',
        ];
      }),
    )
  );
}
