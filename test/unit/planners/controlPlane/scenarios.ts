import type { ControlPlaneSpec, FailureDomain } from '../../../../shared/planners/controlPlane';
import type { Scenario } from './driver';
import type { DriverTiming } from './simWorld';

export const V_OLD = 'v1.30.4';
export const V_NEW = 'v1.31.2';

const timing: DriverTiming = { nodeAfterTicks: 2, etcdJoinAfterTicks: 1, drainTicks: 2, infraDeleteTicks: 1 };
const zones: FailureDomain[] = [
  { name: 'az1', controlPlane: true },
  { name: 'az2', controlPlane: true },
  { name: 'az3', controlPlane: true },
  { name: 'edge', controlPlane: false },
];

function spec(patch: Partial<ControlPlaneSpec>): ControlPlaneSpec {
  return {
    name: 'cp',
    replicas: 3,
    version: V_OLD,
    templateHash: 'tmpl-1',
    rollout: { maxSurge: 1 },
    remediation: { retryPeriodSeconds: 0, minHealthyPeriodSeconds: 3600 },
    ...patch,
  };
}

const upgrade = { describe: `version ${V_OLD} → ${V_NEW}`, patch: { version: V_NEW } };

export const SCENARIOS: Scenario[] = [
  {
    name: 'upgrade-3-maxsurge-1',
    title: '3 replicas, upgrade with maxSurge 1: create first (3→4→3, three times)',
    spec: spec({}),
    failureDomains: zones,
    initial: { machines: 3, version: V_OLD },
    timing,
    specChanges: [upgrade],
    faults: [],
    maxTicks: 80,
  },
  {
    name: 'upgrade-3-maxsurge-0',
    title: '3 replicas, upgrade with maxSurge 0: delete first (3→2→3, three times)',
    spec: spec({ rollout: { maxSurge: 0 } }),
    failureDomains: zones,
    initial: { machines: 3, version: V_OLD },
    timing,
    specChanges: [upgrade],
    faults: [],
    maxTicks: 80,
  },
  {
    name: 'upgrade-1',
    title: '1 replica, upgrade (maxSurge 1): 1→2→1, etcd hands over from the old member to the new one',
    spec: spec({ replicas: 1 }),
    failureDomains: [],
    initial: { machines: 1, version: V_OLD },
    timing,
    specChanges: [upgrade],
    faults: [],
    maxTicks: 40,
  },
  {
    name: 'upgrade-5-failure-domains',
    title:
      '5 replicas over 3 failure domains, upgrade with maxSurge 1: spread kept, fullest domain drained first',
    spec: spec({ replicas: 5 }),
    failureDomains: zones,
    initial: { machines: 5, version: V_OLD },
    timing,
    specChanges: [upgrade],
    faults: [],
    maxTicks: 120,
  },
  {
    name: 'scale-1-3-5-3-1',
    title: 'scale from nothing: 1 (kubeadm init) → 3 → 5 → 3 → 1, one Machine at a time',
    spec: spec({ replicas: 1 }),
    failureDomains: zones,
    initial: { machines: 0, version: V_OLD },
    timing,
    specChanges: [
      { describe: 'replicas 1 → 3', patch: { replicas: 3 } },
      { describe: 'replicas 3 → 5', patch: { replicas: 5 } },
      { describe: 'replicas 5 → 3', patch: { replicas: 3 } },
      { describe: 'replicas 3 → 1', patch: { replicas: 1 } },
    ],
    faults: [],
    maxTicks: 120,
  },
  {
    name: 'upgrade-stuck-no-node',
    title: '3 replicas, upgrade where the new Machine never gets a Node: KCP waits, quorum intact',
    spec: spec({}),
    failureDomains: zones,
    initial: { machines: 3, version: V_OLD },
    timing,
    specChanges: [upgrade],
    faults: [],
    newMachinesNeverGetANode: true,
    maxTicks: 12,
  },
  {
    name: 'remediate-1-of-3',
    title: '3 replicas, the etcd member on cp-2 goes down: remediate (delete, then replace)',
    spec: spec({}),
    failureDomains: zones,
    initial: { machines: 3, version: V_OLD },
    timing,
    specChanges: [],
    faults: [{ atTick: 1, machine: 'cp-2', fault: 'etcdMemberDown' }],
    maxTicks: 40,
  },
  {
    name: 'remediation-refused-1-replica',
    title: '1 replica, the kubelet on cp-1 goes down: KCP refuses to remediate its only Machine',
    spec: spec({ replicas: 1 }),
    failureDomains: [],
    initial: { machines: 1, version: V_OLD },
    timing,
    specChanges: [],
    faults: [{ atTick: 1, machine: 'cp-1', fault: 'kubeletDown' }],
    maxTicks: 6,
  },
  {
    name: 'remediation-refused-2-unhealthy',
    title:
      '3 replicas, kubelets on cp-2 and cp-3 go down: remediating either could lose etcd quorum, KCP refuses',
    spec: spec({}),
    failureDomains: zones,
    initial: { machines: 3, version: V_OLD },
    timing,
    specChanges: [],
    faults: [
      { atTick: 1, machine: 'cp-2', fault: 'kubeletDown' },
      { atTick: 1, machine: 'cp-3', fault: 'kubeletDown' },
    ],
    maxTicks: 6,
  },
];
