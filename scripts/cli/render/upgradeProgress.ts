import type { ClusterDescription, MachineStatus } from '../../../shared/status/types';
import { renderTable } from '../../sim/renderTable';

/**
 * The live view of `capstan upgrade --wait`: one row per control plane and MachineDeployment with
 * how many machines run the target version and what each waits for, in the order the upgrade
 * runs (control plane first). Pure: the command redraws it whenever the description changes.
 */
export function formatUpgradeProgress(d: ClusterDescription, target: string, elapsedMs: number): string {
  const rows: string[][] = [];
  const cp = d.controlPlane;
  if (cp) {
    const rolling = cp.conditions.find((c) => c.type === 'RollingOut' && c.status === 'True');
    rows.push([
      `KubeadmControlPlane/${cp.name}`,
      countAt(cp.machines, target, cp.desiredReplicas),
      cp.ready && atTarget(cp.machines, target) ? 'done' : latestDetail(rolling?.message) || (cp.ready ? 'waiting' : `${cp.readyReplicas}/${cp.desiredReplicas} ready`),
    ]);
  }
  const holds = new Map(
    (d.conditions.find((c) => c.type === 'UpgradePending' && c.status === 'True')?.message ?? '')
      .split('; ')
      .filter(Boolean)
      .map((h) => [h.slice(0, h.indexOf(':')), h.slice(h.indexOf(':') + 2)] as const),
  );
  for (const md of d.machineDeployments) {
    const state = holds.get(md.name)
      ?? (md.ready && atTarget(md.machines, target) ? 'done' : md.version === target ? `rolling out (${md.phase})` : 'waiting');
    rows.push([`MachineDeployment/${md.name}`, countAt(md.machines, target, md.desiredReplicas), state]);
  }
  const header = `upgrade ${d.namespace}/${d.name} to ${target}: ${d.ready ? 'complete' : 'in progress'} after ${formatElapsed(elapsedMs)}`;
  return `${header}\n${renderTable(['OBJECT', `AT ${target}`, 'STATUS'], rows)}`;
}

function atTarget(machines: readonly MachineStatus[], target: string): boolean {
  return machines.every((m) => m.version === target);
}

function countAt(machines: readonly MachineStatus[], target: string, desired: number): string {
  const live = machines.filter((m) => !m.deletionRequestedAt);
  return `${live.filter((m) => m.version === target).length}/${desired}${machines.length > desired ? ` (+${machines.length - desired} surge/deleting)` : ''}`;
}

function latestDetail(s: string | undefined): string {
  return (s ?? '').split('\n').map((l) => l.replace(/^\* /, '')).filter(Boolean).slice(-1)[0] ?? '';
}

function formatElapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
