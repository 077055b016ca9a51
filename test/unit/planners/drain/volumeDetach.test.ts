import {
  claimsOfPodsSkippedByDrain,
  planVolumeDetach,
  type VolumeDetachState,
} from '../../../../shared/planners/drain';
import { at, drainState, NOW, pod } from './fixtures';

function volumes(patch: Partial<VolumeDetachState> = {}): VolumeDetachState {
  return {
    machineAnnotations: {},
    nodeName: 'm1',
    nodeFound: true,
    nodeUnreachable: false,
    attached: [],
    claimsOfSkippedPods: [],
    startedAt: at(-30),
    ...patch,
  };
}

const dataVolume = {
  name: 'kubernetes.io/csi/ebs^vol-1',
  source: 'nodeStatus' as const,
  persistentVolume: 'pv-1',
  claim: { namespace: 'db', name: 'data-0' },
};

describe('planVolumeDetach (CAPI shouldWaitForNodeVolumes)', () => {
  const cases: { name: string; s: VolumeDetachState; proceed: boolean; skip?: string; claims?: string[] }[] =
    [
      { name: 'nothing attached: done', s: volumes(), proceed: true },
      {
        name: 'waits while a PVC volume is attached',
        s: volumes({ attached: [dataVolume] }),
        proceed: false,
        claims: ['db/data-0'],
      },
      {
        name: 'ignores PVCs of Pods the drain skipped',
        s: volumes({ attached: [dataVolume], claimsOfSkippedPods: ['db/data-0'] }),
        proceed: true,
      },
      {
        name: 'skipped with exclude-wait-for-node-volume-detach',
        s: volumes({
          attached: [dataVolume],
          machineAnnotations: { 'machine.cluster.x-k8s.io/exclude-wait-for-node-volume-detach': '' },
        }),
        proceed: true,
        skip: 'ExcludeWaitForNodeVolumeDetachAnnotation',
      },
      {
        name: 'gives up after nodeVolumeDetachTimeout',
        s: volumes({ attached: [dataVolume], startedAt: at(-300), nodeVolumeDetachTimeoutSeconds: 300 }),
        proceed: true,
        skip: 'VolumeDetachTimeoutExceeded',
      },
      {
        name: 'a missing Node has no volumes',
        s: volumes({ attached: [dataVolume], nodeFound: false }),
        proceed: true,
        skip: 'NodeNotFound',
      },
      {
        name: 'an unreachable Node cannot detach: not waited for',
        s: volumes({ attached: [dataVolume], nodeUnreachable: true }),
        proceed: true,
        skip: 'NodeUnreachable',
      },
    ];
  it.each(cases)('$name', ({ s, proceed, skip, claims }) => {
    const plan = planVolumeDetach(s, NOW);
    expect(plan.proceed).toBe(proceed);
    expect(plan.skip?.reason).toBe(skip);
    if (claims) expect(plan.waitingFor.claims).toEqual(claims);
  });

  it('lists every category in the condition message and rechecks in 20 s', () => {
    const plan = planVolumeDetach(
      volumes({
        startedAt: '2026-03-01T11:59:30.000Z',
        nodeVolumeDetachTimeoutSeconds: 600,
        attached: [
          dataVolume,
          { name: 'pv-static', source: 'volumeAttachment', persistentVolume: 'pv-static' },
          { name: 'kubernetes.io/csi/x^orphan', source: 'nodeStatus' },
        ],
      }),
      NOW,
    );
    expect(plan.conditionMessage).toBe(
      'Waiting for Node volumes to be detached (started at 2026-03-01T11:59:30Z)\n' +
        '* PersistentVolumeClaims: db/data-0\n' +
        '* PersistentVolumes without a .spec.claimRef to a PersistentVolumeClaim: pv-static\n' +
        '* Node with .status.volumesAttached entries not matching a PersistentVolume: kubernetes.io/csi/x^orphan',
    );
    expect(plan.nextCheckAt).toBe(at(20));
    expect(plan.explanation).toContain('volume detach timeout in 9m30s');
  });
});

describe('claimsOfPodsSkippedByDrain', () => {
  it('collects PVCs of DaemonSet, static and skip-labelled Pods only', () => {
    const s = drainState({
      pods: [
        pod('ds', { namespace: 'kube-system', ownerKind: 'DaemonSet', claims: ['ds-cache'] }),
        pod('csi', { labels: { 'cluster.x-k8s.io/drain': 'skip' }, claims: ['csi-state'] }),
        pod('db-0', { namespace: 'db', ownerKind: 'StatefulSet', claims: ['data-0'] }),
      ],
    });
    expect(claimsOfPodsSkippedByDrain(s, NOW)).toEqual(['default/csi-state', 'kube-system/ds-cache']);
  });
});
