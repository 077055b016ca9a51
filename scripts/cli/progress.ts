import type { ClusterDescription } from '../../shared/status/types';

/** One line per change while waiting, so long waits show where they are. */
export function progressLine(d: ClusterDescription): string {
  const cp = d.controlPlane;
  const workers = d.machineDeployments.reduce((n, md) => n + md.readyReplicas, 0);
  const wanted = d.machineDeployments.reduce((n, md) => n + md.desiredReplicas, 0);
  const cpPart = cp ? `control plane ${cp.readyReplicas}/${cp.desiredReplicas}` : 'control plane -';
  return `  ${d.namespace}/${d.name}: ${d.phase}, ${cpPart}, workers ${workers}/${wanted}${d.waitingFor ? ` — ${d.waitingFor}` : ''}`;
}
