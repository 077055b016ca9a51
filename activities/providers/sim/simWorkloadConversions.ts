/**
 * The sim's views as the planners' inputs. Only the fields the interfaces declare are copied:
 * what an activity returns travels through workflow history, the sim's extras do not.
 */
import type {
  ControlPlaneComponentCondition,
  ControlPlaneNodeHealth,
  EtcdMember,
  PodDisruptionBudgetInfo,
  PodInfo,
} from '../types';
import type { SimControlPlaneNodeHealth, SimEtcdMemberView, SimPdbView, SimPodView } from './simWorkloadApi';

export function toPodInfo(pod: SimPodView): PodInfo {
  return {
    namespace: pod.namespace,
    name: pod.name,
    ownerKind: pod.ownerKind,
    ownerName: pod.ownerName,
    ...(pod.mirror ? { mirror: true } : {}),
    phase: pod.phase,
    ready: pod.ready,
    labels: { ...pod.labels },
    annotations: { ...pod.annotations },
    ...(pod.nodeName !== undefined ? { nodeName: pod.nodeName } : {}),
    ...(pod.deletionTimestamp !== undefined ? { deletionTimestamp: pod.deletionTimestamp } : {}),
    ...(pod.localStorage ? { localStorage: true } : {}),
    ...(pod.claims !== undefined ? { claims: [...pod.claims] } : {}),
  };
}

export function toPodDisruptionBudgetInfo(pdb: SimPdbView): PodDisruptionBudgetInfo {
  return {
    namespace: pdb.namespace,
    name: pdb.name,
    selector: structuredClone(pdb.selector),
    ...(pdb.minAvailable !== undefined ? { minAvailable: pdb.minAvailable } : {}),
    ...(pdb.maxUnavailable !== undefined ? { maxUnavailable: pdb.maxUnavailable } : {}),
    currentHealthy: pdb.currentHealthy,
    desiredHealthy: pdb.desiredHealthy,
    expectedPods: pdb.expectedPods,
    disruptionsAllowed: pdb.disruptionsAllowed,
  };
}

export function toEtcdMember(member: SimEtcdMemberView): EtcdMember {
  return {
    id: member.id,
    name: member.name,
    isLearner: member.isLearner,
    isLeader: member.isLeader,
    healthy: member.healthy,
  };
}

export function toControlPlaneNodeHealth(health: SimControlPlaneNodeHealth): ControlPlaneNodeHealth {
  const messages: ControlPlaneNodeHealth['messages'] = {};
  for (const [type, status] of Object.entries(health.conditions) as Array<
    [ControlPlaneComponentCondition, string]
  >) {
    if (status !== 'True') messages[type] = health.details[type].message;
  }
  return { nodeName: health.nodeName, conditions: { ...health.conditions }, messages };
}
