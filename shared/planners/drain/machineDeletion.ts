import { PAUSED_ANNOTATION } from './constants';
import { isDeleteNodeAllowed } from './deleteNodeAllowed';
import { step, type Pass } from './deletionPass';
import { preDrainHooks, preTerminateHooks } from './hookSteps';
import type { MachineDeletionState, MachineDeletionStep } from './machineDeletionTypes';
import { drain, volumeDetach } from './nodeSteps';
import { bootstrap, completed, deleteNode, infrastructure } from './teardownSteps';

/**
 * The whole Machine deletion of CAPI `reconcileDelete` (§5.2) as a pure state machine: each call
 * returns the next action, the Deleting stage and message, and a sentence for `describe`.
 * Paused → pre-drain hooks → cordon + drain → volume detach → pre-terminate hooks →
 * InfraMachine deletion → BootstrapConfig deletion → Node deletion (only after the infrastructure
 * is gone) → finalizer removed. The first four Node steps and the Node deletion are skipped when
 * `isDeleteNodeAllowed` says no.
 */
export function planMachineDeletion(s: MachineDeletionState, now: string): MachineDeletionStep {
  const nodeDeletion = isDeleteNodeAllowed({
    clusterDeleting: s.cluster.deleting,
    nodeName: s.machine.nodeName,
    controlPlaneDeleting: s.controlPlane?.deleting,
    controlPlaneExternallyManaged: s.controlPlane?.externallyManaged,
    nonDeletingControlPlaneMachines: s.nonDeletingControlPlaneMachines,
  });
  const p: Pass = { s, now, record: {}, skipped: [], nodeDeletion };
  if (s.cluster.paused || PAUSED_ANNOTATION in s.machine.annotations) {
    const why = s.cluster.paused
      ? 'the Cluster is paused'
      : `the Machine has annotation ${PAUSED_ANNOTATION}`;
    return step(
      p,
      'Paused',
      { kind: 'waitPaused' },
      `Deletion paused: ${why}`,
      `deletion waits: ${why} (paused Machines are not deleted)`,
    );
  }
  if (nodeDeletion.allowed) {
    const early = preDrainHooks(p) ?? drain(p) ?? volumeDetach(p);
    if (early) return early;
  } else {
    p.skipped.push(
      `pre-drain hooks, drain, volume detach and Node deletion skipped: ${nodeDeletion.message}`,
    );
  }
  return preTerminateHooks(p) ?? infrastructure(p) ?? bootstrap(p) ?? deleteNode(p) ?? completed(p);
}
