/**
 * Volumes attached to nodes, as the attach/detach controller keeps them: a PersistentVolume is
 * attached to a node when a Pod using its claim starts there, and detached once no Pod on that
 * node uses it any more (after `volumeDetachMs`, or an injected volume's own delay). Kubernetes
 * shows each attachment twice, in `node.status.volumesAttached` and as a VolumeAttachment object;
 * CAPI's wait for volume detach reads both, and so does the sim's answer.
 */
import { createHash } from 'node:crypto';
import type { AttachedVolume } from '../../../../shared/planners/drain';
import { drawLatency, type OpContext } from '../opContext';
import type { ClusterRecord, WorldState } from '../worldState';
import { isFinished } from './podLifecycle';
import { sortedValues, volumeKey, type VolumeRecord } from './workloadState';

export const SIM_CSI_DRIVER = 'sim.csi.capstan.dev';

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The PersistentVolume a claim is bound to: named like a dynamically provisioned one, `pvc-<uuid>`. */
export function persistentVolumeOf(cluster: ClusterRecord, namespace: string, claim: string): string {
  const h = digest(`${cluster.namespace}/${cluster.name}/${namespace}/${claim}`);
  return `pvc-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function inUse(cluster: ClusterRecord, volume: VolumeRecord): boolean {
  const claim = volume.claim;
  if (!claim) return false;
  return Object.values(cluster.workload.pods).some(
    (p) =>
      p.nodeName === volume.nodeName &&
      p.namespace === claim.namespace &&
      p.claims.includes(claim.name) &&
      p.phase !== 'Pending' &&
      !isFinished(p),
  );
}

export function reconcileVolumes(state: WorldState, cluster: ClusterRecord, ctx: OpContext): void {
  const volumes = cluster.workload.volumes;
  for (const pod of sortedValues(cluster.workload.pods)) {
    if (pod.phase !== 'Running' || pod.nodeName === undefined) continue;
    for (const claim of pod.claims) {
      const pvName = persistentVolumeOf(cluster, pod.namespace, claim);
      const key = volumeKey(pvName, pod.nodeName);
      if (!(key in volumes)) {
        volumes[key] = {
          pvName,
          claim: { namespace: pod.namespace, name: claim },
          nodeName: pod.nodeName,
          attachedAt: ctx.now,
        };
      }
    }
  }
  for (const [key, volume] of Object.entries(volumes).sort(([a], [b]) => a.localeCompare(b))) {
    if (!(volume.nodeName in cluster.nodes)) {
      delete volumes[key]; // the Node object is gone, and its attachments with it
    } else if (inUse(cluster, volume)) {
      delete volume.detachDueAt;
    } else if (volume.detachDueAt === undefined) {
      volume.detachDueAt =
        ctx.now + (volume.detachAfterMs ?? drawLatency(state, ctx, ctx.latencies.volumeDetachMs));
    }
  }
}

/** What CAPI reads for one node: each attachment in the node's status and as a VolumeAttachment. */
export function attachmentsOfNode(cluster: ClusterRecord, nodeName: string): AttachedVolume[] {
  return sortedValues(cluster.workload.volumes)
    .filter((v) => v.nodeName === nodeName)
    .flatMap((v): AttachedVolume[] => {
      const claim = v.claim ? { claim: { ...v.claim } } : {};
      return [
        {
          name: `kubernetes.io/csi/${SIM_CSI_DRIVER}^${v.pvName}`,
          source: 'nodeStatus',
          persistentVolume: v.pvName,
          ...claim,
        },
        {
          name: `csi-${digest(`${v.pvName}/${SIM_CSI_DRIVER}/${nodeName}`)}`,
          source: 'volumeAttachment',
          persistentVolume: v.pvName,
          ...claim,
        },
      ];
    });
}
