export type NodeDeletionBlocker =
  | 'ClusterIsBeingDeleted'
  | 'NilNodeRef'
  | 'ControlPlaneIsBeingDeleted'
  | 'NoControlPlaneNodes';

export type NodeDeletionDecision =
  | { allowed: true }
  | { allowed: false; reason: NodeDeletionBlocker; message: string };

export interface NodeDeletionInput {
  clusterDeleting: boolean;
  /** `status.nodeRef.name`, or the Node found by one last lookup by providerID */
  nodeName?: string;
  /** the control-plane object (KCP) has a deletionTimestamp */
  controlPlaneDeleting?: boolean;
  /** EKS/AKS/GKE-style control planes have no control-plane Machines to count */
  controlPlaneExternallyManaged?: boolean;
  /** control-plane Machines of the Cluster without a deletion request */
  nonDeletingControlPlaneMachines: number;
}

/**
 * CAPI `isDeleteNodeAllowed`. When not allowed, the pre-drain hook wait, drain, volume-detach wait
 * and Node deletion are all skipped: the Cluster or the control plane is going away, there is no
 * Node, or no non-deleting control-plane Machine is left (deleting the last control-plane Machine,
 * and any worker after it — nobody would serve the evictions).
 */
export function isDeleteNodeAllowed(input: NodeDeletionInput): NodeDeletionDecision {
  if (input.clusterDeleting) {
    return { allowed: false, reason: 'ClusterIsBeingDeleted', message: 'the Cluster is being deleted' };
  }
  if (!input.nodeName) {
    return {
      allowed: false,
      reason: 'NilNodeRef',
      message: 'the Machine has no Node (no nodeRef, none found by providerID)',
    };
  }
  if (input.controlPlaneDeleting) {
    return {
      allowed: false,
      reason: 'ControlPlaneIsBeingDeleted',
      message: 'the control plane is being deleted',
    };
  }
  if (input.controlPlaneExternallyManaged) return { allowed: true };
  if (input.nonDeletingControlPlaneMachines === 0) {
    return {
      allowed: false,
      reason: 'NoControlPlaneNodes',
      message: 'no control-plane Machine that is not being deleted remains',
    };
  }
  return { allowed: true };
}
