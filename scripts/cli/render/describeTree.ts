import type { Condition } from '../../../shared/status/conditions';
import type { ClusterDescription, MachineStatus } from '../../../shared/status/types';
import { age, table } from './output';
import { remediationRequestRows } from './remediationRequestRows';

interface Row {
  name: string;
  ready: string;
  phase: string;
  version: string;
  since: string;
  message: string;
}

function readyOf(conditions: Condition[]): Condition | undefined {
  return conditions.find((c) => c.type === 'Ready');
}

function conditionRow(prefix: string, c: Condition, now: number): Row {
  return { name: `${prefix}${c.type}`, ready: c.status, phase: '', version: '', since: age(c.lastTransitionTime, now), message: c.message || c.reason };
}

/**
 * The `clusterctl describe cluster` tree: Cluster → infrastructure → control plane → machines →
 * workers. `showConditions` adds every condition under each object, as `--show-conditions all`.
 */
export function renderDescribeTree(d: ClusterDescription, opts: { showConditions?: boolean; now?: number } = {}): string {
  const now = opts.now ?? Date.now();
  const rows: Row[] = [];
  const add = (name: string, conditions: Condition[], phase: string, version: string, since: string, childPrefix: string) => {
    const r = readyOf(conditions);
    rows.push({ name, ready: r?.status ?? '-', phase, version, since, message: r && r.status !== 'True' ? r.message || r.reason : '' });
    if (opts.showConditions) {
      const others = conditions.filter((c) => c.type !== 'Ready');
      others.forEach((c, i) => rows.push(conditionRow(`${childPrefix}${i === others.length - 1 ? '└─' : '├─'}`, c, now)));
    }
  };
  const machineRows = (machines: MachineStatus[], prefix: string) => {
    machines.forEach((m, i) => {
      const last = i === machines.length - 1;
      const deleting = m.conditions.find((c) => c.type === 'Deleting');
      const msg = m.failureReason ?? (m.deletionRequestedAt ? deleting?.message || 'deleting' : '');
      const r = readyOf(m.conditions);
      rows.push({
        name: `${prefix}${last ? '└─' : '├─'}Machine/${m.name}`,
        ready: r?.status ?? '-',
        phase: m.phase,
        version: m.version,
        since: age(m.lastUpdated, now),
        message: msg || (r && r.status !== 'True' ? r.message : ''),
      });
    });
  };

  add(`Cluster/${d.name}`, d.conditions, d.phase, d.version, age(d.createdAt, now), '│   ');
  const infraReady = d.infrastructure.provisioned;
  rows.push({
    name: `├─ClusterInfrastructure - ${d.infrastructure.kind}/${d.infrastructure.name}`,
    ready: infraReady ? 'True' : 'False',
    phase: infraReady ? 'Provisioned' : 'Provisioning',
    version: '',
    since: '',
    message: d.infrastructure.controlPlaneEndpoint ? `endpoint ${d.infrastructure.controlPlaneEndpoint.host}:${d.infrastructure.controlPlaneEndpoint.port}` : '',
  });
  const hasWorkers = d.machineDeployments.length > 0;
  const cp = d.controlPlane;
  if (cp) {
    const cpPrefix = hasWorkers ? '│ ' : '  ';
    add(`${hasWorkers ? '├─' : '└─'}ControlPlane - ${cp.kind}/${cp.name}`, cp.conditions,
      `${cp.readyReplicas}/${cp.desiredReplicas} ready`, cp.version, '', cpPrefix);
    machineRows(cp.machines, cpPrefix);
  }
  if (hasWorkers) {
    rows.push({ name: '└─Workers', ready: '', phase: '', version: '', since: '', message: '' });
    d.machineDeployments.forEach((md, i) => {
      const last = i === d.machineDeployments.length - 1;
      const prefix = `  ${last ? '  ' : '│ '}`;
      add(`  ${last ? '└─' : '├─'}MachineDeployment/${md.name}`, md.conditions,
        `${md.phase} ${md.readyReplicas}/${md.desiredReplicas}`, md.version, '', prefix);
      machineRows(md.machines, prefix);
    });
  }
  for (const hc of d.healthChecks ?? []) {
    rows.push({
      name: `MachineHealthCheck/${hc.name}`,
      ready: hc.remediationAllowed ? 'True' : 'False',
      phase: `${hc.currentHealthy}/${hc.expectedMachines} healthy`,
      version: '',
      since: '',
      message: [hc.remediationAllowed ? '' : hc.message, ...hc.unhealthy.map((u) => `${u.machine}: ${u.reason}`)].filter(Boolean).join('; '),
    });
    rows.push(...remediationRequestRows(hc, now));
  }
  const lines = table([
    ['NAME', 'READY', 'PHASE', 'VERSION', 'SINCE', 'MESSAGE'],
    ...rows.map((r) => [r.name, r.ready, r.phase, r.version, r.since, r.message]),
  ]);
  const footer = d.ready ? '' : `\nwaiting for: ${d.waitingFor ?? d.phase}`;
  return lines + footer + stagedFooter(d);
}

/** A change held for a campaign: what it will replace, and how to roll it out. */
function stagedFooter(d: ClusterDescription): string {
  if (!d.staged) return '';
  const s = d.staged;
  return [
    `\nstaged: revision ${s.revision}${s.clusterClass ? ` (ClusterClass ${s.clusterClass}, rollout policy Campaign)` : ''}, since ${s.stagedAt}; waits for a campaign (stagedChanges: true) or capstan promote cluster ${d.name} ${s.revision}`,
    ...s.rollouts.map((r) => `  rollout: ${r}`),
  ].join('\n');
}
