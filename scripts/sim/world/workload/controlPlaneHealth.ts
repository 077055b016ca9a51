/**
 * KCP's per-Machine health conditions, computed from the workload cluster the way CAPI does
 * (`UpdateStaticPodConditions`, `UpdateEtcdConditions` for stacked etcd), for every control-plane
 * node:
 *  - an unreachable node (Ready=Unknown) makes every condition Unknown: nothing on it can be asked;
 *  - APIServerPodHealthy, ControllerManagerPodHealthy, SchedulerPodHealthy, EtcdPodHealthy follow
 *    the node's mirror Pod of that component: missing → False, not ready → False, running → True;
 *  - EtcdMemberHealthy: Unknown while etcd has no quorum (the member list cannot be read), False
 *    without a member named after the node, for a learner, or for an unhealthy member.
 */
import type {
  SimControlPlaneComponent,
  SimControlPlaneConditionType,
  SimControlPlaneNodeHealth,
} from '../../../../activities/providers/sim/simWorkloadApi';
import { isControlPlaneNode, isKubeletReachable } from '../nodeLifecycle';
import type { ClusterRecord, NodeRecord, WorldState } from '../worldState';
import { describeQuorumLoss, etcdQuorum, memberHealthy } from './etcd';
import { staticPodKey, staticPodName, staticPodProblem } from './staticPods';
import { sortedValues } from './workloadState';

type Verdict = { status: 'True' | 'False' | 'Unknown'; reason: string; message: string };

const COMPONENT_CONDITIONS: ReadonlyArray<[SimControlPlaneConditionType, SimControlPlaneComponent]> = [
  ['APIServerPodHealthy', 'kube-apiserver'],
  ['ControllerManagerPodHealthy', 'kube-controller-manager'],
  ['SchedulerPodHealthy', 'kube-scheduler'],
  ['EtcdPodHealthy', 'etcd'],
];

function podVerdict(
  state: WorldState,
  cluster: ClusterRecord,
  node: NodeRecord,
  component: SimControlPlaneComponent,
): Verdict {
  const name = staticPodName(component, node.name);
  const pod = cluster.workload.pods[staticPodKey(component, node.name)];
  if (!pod) return { status: 'False', reason: 'PodMissing', message: `Pod ${name} is missing` };
  const problem = staticPodProblem(state, cluster, pod);
  if (problem !== undefined)
    return { status: 'False', reason: 'PodFailed', message: `Pod ${name} is not ready: ${problem}` };
  return { status: 'True', reason: 'PodRunning', message: '' };
}

function memberVerdict(state: WorldState, cluster: ClusterRecord, node: NodeRecord): Verdict {
  const quorum = etcdQuorum(state, cluster);
  if (!quorum.ok) {
    return {
      status: 'Unknown',
      reason: 'EtcdMemberInspectionFailed',
      message: `Failed to get etcd members: ${describeQuorumLoss(quorum)}`,
    };
  }
  const member = Object.values(cluster.workload.etcd.members).find((m) => m.name === node.name);
  if (!member) {
    return {
      status: 'False',
      reason: 'EtcdMemberNotHealthy',
      message: `Etcd doesn't have an etcd member for Node ${node.name}`,
    };
  }
  if (member.isLearner) {
    return {
      status: 'False',
      reason: 'EtcdMemberNotHealthy',
      message: `Etcd member ${member.name} is a learner, not yet promoted`,
    };
  }
  if (!memberHealthy(state, cluster, member)) {
    return {
      status: 'False',
      reason: 'EtcdMemberNotHealthy',
      message: `Etcd member ${member.name} is not healthy`,
    };
  }
  return { status: 'True', reason: 'EtcdMemberHealthy', message: '' };
}

export function controlPlaneHealth(state: WorldState, cluster: ClusterRecord): SimControlPlaneNodeHealth[] {
  return sortedValues(cluster.nodes)
    .filter(isControlPlaneNode)
    .map((node) => {
      const verdicts: Array<[SimControlPlaneConditionType, Verdict]> = isKubeletReachable(node)
        ? [
            ...COMPONENT_CONDITIONS.map(([type, component]): [SimControlPlaneConditionType, Verdict] => [
              type,
              podVerdict(state, cluster, node, component),
            ]),
            ['EtcdMemberHealthy', memberVerdict(state, cluster, node)],
          ]
        : [...COMPONENT_CONDITIONS.map(([type]) => type), 'EtcdMemberHealthy' as const].map((type) => [
            type,
            {
              status: 'Unknown',
              reason: type === 'EtcdMemberHealthy' ? 'EtcdMemberInspectionFailed' : 'PodInspectionFailed',
              message: 'Node is unreachable',
            },
          ]);
      return {
        nodeName: node.name,
        conditions: Object.fromEntries(
          verdicts.map(([t, v]) => [t, v.status]),
        ) as SimControlPlaneNodeHealth['conditions'],
        details: Object.fromEntries(
          verdicts.map(([t, v]) => [t, { reason: v.reason, message: v.message }]),
        ) as SimControlPlaneNodeHealth['details'],
      };
    });
}
