import {
  isDeleteNodeAllowed,
  planMachineDeletion,
  type DeletionStage,
  type MachineDeletionState,
  type NodeDeletionInput,
} from '../../../../shared/planners/drain';
import { at, NOW, pdb, pod, refused } from './fixtures';

function deletion(
  patch: Partial<MachineDeletionState> = {},
  machine: Partial<MachineDeletionState['machine']> = {},
): MachineDeletionState {
  return {
    machine: {
      name: 'm1',
      role: 'worker',
      labels: { pool: 'md-0' },
      annotations: {},
      nodeName: 'm1',
      deletionRequestedAt: at(-120),
      infrastructureKind: 'SimMachine',
      bootstrapKind: 'KubeadmConfig',
      ...machine,
    },
    cluster: { deleting: false, paused: false },
    nonDeletingControlPlaneMachines: 3,
    progress: {},
    infrastructure: 'present',
    bootstrap: 'present',
    timeouts: {},
    ...patch,
  };
}

const emptyNode = {
  clusterLabels: {},
  nodeFound: true,
  nodeUnreachable: false,
  cordoned: true,
  pods: [],
  pdbs: [],
  rules: [],
  namespaceLabels: {},
  attempts: [],
};
const noVolumes = { nodeFound: true, nodeUnreachable: false, attached: [], claimsOfSkippedPods: [] };
const drained = {
  nodeDrainStartTime: at(-100),
  drainCompleted: true,
  waitForNodeVolumeDetachStartTime: at(-90),
  volumesDetached: true,
};

describe('isDeleteNodeAllowed', () => {
  const base: NodeDeletionInput = {
    clusterDeleting: false,
    nodeName: 'm1',
    nonDeletingControlPlaneMachines: 3,
  };
  const cases: { name: string; input: NodeDeletionInput; reason?: string }[] = [
    { name: 'a worker with a Node and live control plane', input: base },
    {
      name: 'the Cluster is being deleted',
      input: { ...base, clusterDeleting: true },
      reason: 'ClusterIsBeingDeleted',
    },
    { name: 'no nodeRef', input: { ...base, nodeName: undefined }, reason: 'NilNodeRef' },
    {
      name: 'the control plane is being deleted',
      input: { ...base, controlPlaneDeleting: true },
      reason: 'ControlPlaneIsBeingDeleted',
    },
    {
      name: 'no non-deleting control-plane Machine remains',
      input: { ...base, nonDeletingControlPlaneMachines: 0 },
      reason: 'NoControlPlaneNodes',
    },
    {
      name: 'externally managed control planes are exempt from the count',
      input: { ...base, nonDeletingControlPlaneMachines: 0, controlPlaneExternallyManaged: true },
    },
  ];
  it.each(cases)('$name', ({ input, reason }) => {
    const decision = isDeleteNodeAllowed(input);
    expect(decision.allowed ? undefined : decision.reason).toBe(reason);
  });
});

describe('planMachineDeletion: the §5.2 sequence, one step per call', () => {
  const cases: {
    name: string;
    s: MachineDeletionState;
    stage: DeletionStage;
    action: string;
    record?: object;
  }[] = [
    {
      name: 'a paused Cluster: even deletion waits',
      s: deletion({ cluster: { deleting: false, paused: true } }),
      stage: 'Paused',
      action: 'waitPaused',
    },
    {
      name: 'a paused Machine: deletion waits',
      s: deletion({}, { annotations: { 'cluster.x-k8s.io/paused': '' } }),
      stage: 'Paused',
      action: 'waitPaused',
    },
    {
      name: 'pre-drain hooks block first, and the wait start is recorded',
      s: deletion({}, { annotations: { 'pre-drain.delete.hook.machine.cluster.x-k8s.io/backup': '' } }),
      stage: 'WaitingForPreDrainHook',
      action: 'waitForHooks',
      record: { waitForPreDrainHookStartTime: NOW },
    },
    {
      name: 'drain needs observations first; the drain start is recorded',
      s: deletion(),
      stage: 'DrainingNode',
      action: 'observe',
      record: { nodeDrainStartTime: NOW },
    },
    {
      name: 'an empty Node drains at once and the volume wait starts in the same pass',
      s: deletion({ drain: emptyNode }),
      stage: 'WaitingForVolumeDetach',
      action: 'observe',
      record: { nodeDrainStartTime: NOW, drainCompleted: true, waitForNodeVolumeDetachStartTime: NOW },
    },
    {
      name: 'exclude-node-draining skips the drain',
      s: deletion({}, { annotations: { 'machine.cluster.x-k8s.io/exclude-node-draining': '' } }),
      stage: 'WaitingForVolumeDetach',
      action: 'observe',
    },
    {
      name: 'drain skipped once nodeDrainTimeout is exceeded',
      s: deletion({ progress: { nodeDrainStartTime: at(-700) }, timeouts: { nodeDrainTimeoutSeconds: 600 } }),
      stage: 'WaitingForVolumeDetach',
      action: 'observe',
    },
    {
      name: 'no volumes attached: on to the infrastructure',
      s: deletion({ progress: { nodeDrainStartTime: at(-100), drainCompleted: true }, volumes: noVolumes }),
      stage: 'WaitingForInfrastructureDeletion',
      action: 'deleteInfrastructure',
      record: { waitForNodeVolumeDetachStartTime: NOW, volumesDetached: true },
    },
    {
      name: 'pre-terminate hooks block before the infrastructure is deleted',
      s: deletion(
        { progress: drained },
        { annotations: { 'pre-terminate.delete.hook.machine.cluster.x-k8s.io/kcp-cleanup': '' } },
      ),
      stage: 'WaitingForPreTerminateHook',
      action: 'waitForHooks',
      record: { waitForPreTerminateHookStartTime: NOW },
    },
    {
      name: 'once the pre-terminate wait started, drain and volume wait are skipped',
      s: deletion({ progress: { waitForPreTerminateHookStartTime: at(-10) } }),
      stage: 'WaitingForInfrastructureDeletion',
      action: 'deleteInfrastructure',
    },
    {
      name: 'infrastructure already deleting: wait',
      s: deletion({ progress: drained, infrastructure: 'deleting' }),
      stage: 'WaitingForInfrastructureDeletion',
      action: 'waitForInfrastructureDeletion',
    },
    {
      name: 'then the bootstrap config',
      s: deletion({ progress: drained, infrastructure: 'gone' }),
      stage: 'WaitingForBootstrapDeletion',
      action: 'deleteBootstrap',
    },
    {
      name: 'the Node is deleted only after the infrastructure is gone',
      s: deletion({ progress: drained, infrastructure: 'gone', bootstrap: 'gone' }),
      stage: 'DeletingNode',
      action: 'deleteNode',
    },
    {
      name: 'Node deleted: remove the finalizer',
      s: deletion({
        progress: { ...drained, nodeDeletion: { deleted: true } },
        infrastructure: 'gone',
        bootstrap: 'gone',
      }),
      stage: 'DeletionCompleted',
      action: 'removeFinalizer',
    },
  ];
  it.each(cases)('$name', ({ s, stage, action, record }) => {
    const next = planMachineDeletion(s, NOW);
    expect(next.stage).toBe(stage);
    expect(next.action.kind).toBe(action);
    if (record) expect(next.record).toEqual(record);
  });
});

describe('planMachineDeletion: details', () => {
  it('while draining returns the drain plan, the CAPI message and the reason sentence', () => {
    const api = pod('api-1', { namespace: 'payments', labels: { app: 'api' } });
    const s = deletion({
      progress: { nodeDrainStartTime: at(-14 * 60) },
      timeouts: { nodeDrainTimeoutSeconds: 20 * 60 },
      drain: {
        ...emptyNode,
        pods: [api],
        pdbs: [pdb('payments', 'api', 'api')],
        namespaceLabels: { payments: {} },
        attempts: [refused(api, -14 * 60, -30)],
      },
    });
    const next = planMachineDeletion(s, NOW);
    expect(next.action.kind).toBe('drain');
    expect(next.reason).toMatch(
      /^draining Node m1: 1 pod blocked by PodDisruptionBudget payments\/api \(minAvailable 3\) for 14m; drain timeout in 6m/,
    );
    expect(next.message).toContain("cannot evict pod as it would violate the pod's disruption budget.");
    expect(next.nextCheckAt).toBe(at(20));
  });

  it('deleting the last control-plane Machine skips drain and Node deletion', () => {
    const s = deletion(
      { nonDeletingControlPlaneMachines: 0, infrastructure: 'gone', bootstrap: 'gone' },
      { role: 'control-plane', annotations: { 'pre-drain.delete.hook.machine.cluster.x-k8s.io/x': '' } },
    );
    const next = planMachineDeletion(s, NOW);
    expect(next.action.kind).toBe('removeFinalizer');
    expect(next.nodeDeletion).toMatchObject({ allowed: false, reason: 'NoControlPlaneNodes' });
    expect(next.reason).toContain('pre-drain hooks, drain, volume detach and Node deletion skipped');
  });

  it('a Machine without a Node goes straight to the infrastructure', () => {
    expect(planMachineDeletion(deletion({}, { nodeName: undefined }), NOW).action.kind).toBe(
      'deleteInfrastructure',
    );
  });

  it('Node deletion retries for 10 s per pass and gives up after nodeDeletionTimeout (default 10 s from deletion)', () => {
    const gone = { infrastructure: 'gone' as const, bootstrap: 'gone' as const };
    const first = planMachineDeletion(deletion({ ...gone, progress: drained }), NOW);
    expect(first.action).toEqual({
      kind: 'deleteNode',
      nodeName: 'm1',
      retryForSeconds: 10,
      giveUpAt: at(-110),
    });
    const failed = {
      ...drained,
      nodeDeletion: { deleted: false as const, lastError: 'connection refused', lastAttemptAt: at(-1) },
    };
    const after = planMachineDeletion(deletion({ ...gone, progress: failed }), NOW);
    expect(after.action.kind).toBe('removeFinalizer');
    expect(after.skipped.join(' ')).toContain(
      'nodeDeletionTimeout 10s expired (last error: connection refused)',
    );
  });

  it('nodeDeletionTimeout 0 retries the Node deletion forever', () => {
    const failed = {
      ...drained,
      nodeDeletion: { deleted: false as const, lastError: 'connection refused', lastAttemptAt: at(-1) },
    };
    const next = planMachineDeletion(
      deletion({
        infrastructure: 'gone',
        bootstrap: 'gone',
        progress: failed,
        timeouts: { nodeDeletionTimeoutSeconds: 0 },
      }),
      NOW,
    );
    expect(next.action).toEqual({
      kind: 'deleteNode',
      nodeName: 'm1',
      retryForSeconds: 10,
      giveUpAt: undefined,
    });
  });

  it('after 15 minutes the Ready summary names the likely delay', () => {
    const api = pod('api-1', { namespace: 'payments', labels: { app: 'api' } });
    const s = deletion(
      {
        progress: { nodeDrainStartTime: at(-16 * 60) },
        drain: {
          ...emptyNode,
          pods: [api],
          pdbs: [pdb('payments', 'api', 'api')],
          namespaceLabels: { payments: {} },
          attempts: [refused(api, -15 * 60, -30)],
        },
      },
      { deletionRequestedAt: at(-16 * 60) },
    );
    expect(planMachineDeletion(s, NOW).readySummary).toBe(
      'Machine deletion in progress since more than 15m, stage: DrainingNode, delay likely due to PodDisruptionBudgets',
    );
  });

  it('a volume still attached holds deletion with the CAPI message', () => {
    const s = deletion({
      progress: {
        nodeDrainStartTime: at(-100),
        drainCompleted: true,
        waitForNodeVolumeDetachStartTime: at(-40),
      },
      volumes: {
        ...noVolumes,
        attached: [
          {
            name: 'v',
            source: 'nodeStatus',
            persistentVolume: 'pv-1',
            claim: { namespace: 'db', name: 'data-0' },
          },
        ],
      },
    });
    const next = planMachineDeletion(s, NOW);
    expect(next.action.kind).toBe('waitForVolumeDetach');
    expect(next.message).toBe(
      'Waiting for Node volumes to be detached (started at 2026-03-01T11:59:20Z)\n* PersistentVolumeClaims: db/data-0',
    );
    expect(next.readySummary).toBe('Machine deletion in progress, stage: WaitingForVolumeDetach');
  });
});
