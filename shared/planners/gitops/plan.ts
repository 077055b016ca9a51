import type { DesiredCluster } from '../../model/desired';
import { totalMachines } from '../../model/desired';
import { GITOPS_FINGERPRINT_LABEL, GITOPS_REPO_LABEL } from './labels';
import { diffResources } from './resourceDiff';
import { rolloutImpact, type RolloutImpact } from './rolloutImpact';
import { summarizeDesired, type ClusterSpecSummary, type LiveCluster } from './summary';
import { stagedRevisionOf } from '../stagedChange';

/** One changed field, as `kubectl diff` users read it: `MachineDeployment/x-md-0 spec.replicas 2 → 3`. */
export interface FieldChange {
  object: string;
  field: string;
  from: string;
  to: string;
}

export interface PlannedCreate {
  key: string;
  desired: DesiredCluster;
  /** e.g. `sim, v1.31.4, 1 control plane + 2 workers` */
  description: string;
}

export interface PlannedUpdate {
  key: string;
  desired: DesiredCluster;
  changes: FieldChange[];
  /**
   * `repository`: the repository changed since the last sync (fingerprint moved);
   * `drift`: the repository did not change but the live cluster did (e.g. a hand `capstan scale`);
   * `adopt`: a cluster of the same name exists without the repository label (created by hand);
   * `unstage`: the repository no longer declares the change the cluster holds staged (applying
   * what it has drops it).
   */
  reason: 'repository' | 'drift' | 'adopt' | 'unstage';
  /** which machines the update replaces (absent when the live cluster cannot say what it was applied with) */
  impact?: RolloutImpact;
  /**
   * Set when the change replaces machines and the cluster's rollout policy is Campaign: sync
   * stages it in the cluster's workflow (revision = stagedRevisionOf(desired)) instead of applying.
   */
  stage?: { revision: string; clusterClass: string };
}

/** A cluster whose change is already staged, at the repository's revision: it waits for a campaign. */
export interface HeldCluster {
  key: string;
  revision: string;
  clusterClass: string;
}

export interface PlannedDelete {
  key: string;
  /** true with `prune`: otherwise only listed ("would prune") */
  prune: boolean;
}

export interface BlockedCluster {
  key: string;
  reason: string;
}

export interface FleetSyncPlan {
  repoId: string;
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
  unchanged: string[];
  deletes: PlannedDelete[];
  /** declared in the repository but not applicable now (being deleted, owned by another repository) */
  blocked: BlockedCluster[];
  /** changes already staged at the repository's revision, waiting for a campaign (also counted unchanged) */
  held: HeldCluster[];
}

export interface PlanFleetSyncInput {
  repoId: string;
  /** the repository's clusters, stamped (`stampManaged`) */
  desired: readonly DesiredCluster[];
  /** fresh reads of every repository cluster that exists and of every cluster labelled with this repository */
  live: readonly LiveCluster[];
  prune: boolean;
}

const keyOf = (c: { namespace: string; name: string }) => `${c.namespace}/${c.name}`;
const none = '(none)';
const str = (v: string | number | boolean | undefined) => (v === undefined ? none : String(v));

/**
 * Fields that differ between the repository's summary and the live one. Fields the live side
 * reads from its children's reports are compared only when those reports are current.
 */
export function diffSummaries(clusterName: string, want: ClusterSpecSummary, live: ClusterSpecSummary, reportsCurrent: boolean): FieldChange[] {
  const out: FieldChange[] = [];
  const cluster = `Cluster/${clusterName}`;
  const push = (object: string, field: string, from: string | number | boolean | undefined, to: string | number | boolean | undefined) => {
    if (str(from) !== str(to)) out.push({ object, field, from: str(from), to: str(to) });
  };
  push(cluster, 'spec.infrastructureRef (provider)', live.provider, want.provider);
  const labelKeys = [...new Set([...Object.keys(live.labels), ...Object.keys(want.labels)])].sort();
  for (const k of labelKeys) push(cluster, `metadata.labels.${k}`, live.labels[k], want.labels[k]);
  push(cluster, 'spec.paused', live.paused, want.paused);
  const cp = `KubeadmControlPlane/${want.controlPlane?.name ?? live.controlPlane?.name ?? clusterName}`;
  push(cp, 'spec.version', live.version, want.version);
  if (!reportsCurrent) return out;
  if (live.controlPlane && want.controlPlane) push(cp, 'spec.replicas', live.controlPlane.replicas, want.controlPlane.replicas);
  const liveMds = new Map(live.machineDeployments.map((md) => [md.name, md]));
  const wantMds = new Map(want.machineDeployments.map((md) => [md.name, md]));
  for (const md of want.machineDeployments) {
    const l = liveMds.get(md.name);
    const object = `MachineDeployment/${md.name}`;
    if (!l) {
      out.push({ object, field: '(object)', from: none, to: `added: ${md.replicas} replicas, ${md.version}` });
      continue;
    }
    push(object, 'spec.replicas', l.replicas, md.replicas);
    push(object, 'spec.template.spec.version', l.version, md.version);
  }
  for (const l of live.machineDeployments) {
    if (!wantMds.has(l.name)) out.push({ object: `MachineDeployment/${l.name}`, field: '(object)', from: `${l.replicas} replicas, ${l.version}`, to: 'removed' });
  }
  return out;
}

/**
 * Plans one sync of a fleet repository against the live clusters (pure). Idempotent: once a plan
 * is applied, planning again from fresh reads yields no creates or updates, because every applied
 * cluster then carries the repository's fingerprint and matches its summary.
 *
 * - not live → create;
 * - live, labelled by another repository → blocked (two repositories never fight over a cluster);
 * - live and being deleted → blocked (apply is refused until the deletion completes);
 * - live without the repository label → update (`adopt`): the repository takes the cluster over;
 * - fingerprint moved → update (`repository`), with the summary fields that changed, or one line
 *   saying only fields `describe` does not show changed;
 * - fingerprint unchanged but a shown field differs → update (`drift`);
 * - otherwise unchanged;
 * - labelled with this repository, live, not declared any more → delete, which sync performs only
 *   with `prune` (a cluster created by hand has no repository label and is never a candidate).
 */
export function planFleetSync(input: PlanFleetSyncInput): FleetSyncPlan {
  const live = new Map(input.live.map((l) => [keyOf(l), l]));
  const plan: FleetSyncPlan = { repoId: input.repoId, creates: [], updates: [], unchanged: [], deletes: [], blocked: [], held: [] };
  const declared = new Set<string>();
  for (const desired of [...input.desired].sort((a, b) => keyOf(a).localeCompare(keyOf(b)))) {
    const key = keyOf(desired);
    declared.add(key);
    const l = live.get(key);
    if (!l) {
      const t = totalMachines(desired);
      plan.creates.push({ key, desired, description: `${desired.provider}, ${desired.controlPlane.version}, ${t.controlPlane} control plane + ${t.workers} workers` });
      continue;
    }
    if (l.managedBy !== undefined && l.managedBy !== input.repoId) {
      plan.blocked.push({ key, reason: `managed by gitops repository "${l.managedBy}" (label ${GITOPS_REPO_LABEL}); not taken over` });
      continue;
    }
    if (l.deleting) {
      plan.blocked.push({ key, reason: 'being deleted; it is created again by a sync after the deletion completes' });
      continue;
    }
    const changes = diffSummaries(desired.name, summarizeDesired(desired), l.summary, l.reportsCurrent);
    const fingerprint = desired.labels[GITOPS_FINGERPRINT_LABEL];
    // What the repository changes in the declared documents, field by field, when the live
    // cluster can say what it was applied with (its `desired` query).
    const exact = l.resources ? diffResources(l.resources, desired.resources, [GITOPS_FINGERPRINT_LABEL]) : undefined;
    const impact = l.applied ? { impact: rolloutImpact(l.applied, desired) } : {};
    const update = (u: PlannedUpdate) => {
      const cls = desired.topology;
      if (cls?.rolloutPolicy !== 'Campaign' || !u.impact || u.impact.rollouts.length === 0) {
        plan.updates.push(u);
        return;
      }
      // Machines would be replaced and the class says "through a campaign": stage, never apply.
      const revision = stagedRevisionOf(desired);
      if (l.stagedRevision === revision) {
        plan.held.push({ key, revision, clusterClass: cls.class });
        plan.unchanged.push(key);
        return;
      }
      plan.updates.push({ ...u, stage: { revision, clusterClass: cls.class } });
    };
    if (l.managedBy === undefined) {
      update({ key, desired, changes: exact?.length ? exact : changes, reason: 'adopt', ...impact });
    } else if (l.fingerprint !== fingerprint) {
      if (exact?.length) {
        changes.splice(0, changes.length, ...exact);
      } else if (changes.length === 0) {
        changes.push({
          object: `Cluster/${desired.name}`,
          field: '(fields describe does not show: templates, strategies, health checks, …)',
          from: `fingerprint ${l.fingerprint ?? none}`,
          to: `fingerprint ${fingerprint ?? none}`,
        });
      }
      update({ key, desired, changes, reason: 'repository', ...impact });
    } else if (changes.length > 0) {
      update({ key, desired, changes, reason: 'drift', ...impact });
    } else if (l.stagedRevision !== undefined) {
      plan.updates.push({ key, desired, changes: [], reason: 'unstage' });
    } else {
      plan.unchanged.push(key);
    }
  }
  for (const l of [...input.live].sort((a, b) => keyOf(a).localeCompare(keyOf(b)))) {
    const key = keyOf(l);
    if (declared.has(key) || l.managedBy !== input.repoId || l.deleting) continue;
    plan.deletes.push({ key, prune: input.prune });
  }
  return plan;
}

/** Whether the live fleet differs from the repository (`capstan diff` exits 1 then). */
export function planHasChanges(plan: FleetSyncPlan): boolean {
  return plan.creates.length + plan.updates.length + plan.deletes.length > 0;
}

export function formatChange(c: FieldChange): string {
  return `${c.object} ${c.field} ${c.from} → ${c.to}`;
}

/** The plan as `capstan diff` prints it (one line per cluster, indented field changes). */
export function formatPlan(plan: FleetSyncPlan): string[] {
  const lines: string[] = [];
  for (const c of plan.creates) lines.push(`+ create    cluster ${c.key} (${c.description})`);
  for (const u of plan.updates) {
    const why = u.reason === 'drift' ? ' (live cluster drifted from the repository)' : u.reason === 'adopt' ? ` (exists without ${GITOPS_REPO_LABEL}: adopted)` : '';
    if (u.reason === 'unstage') {
      lines.push(`~ update    cluster ${u.key} (drops its staged change: the repository no longer declares it)`);
      continue;
    }
    if (u.stage) {
      lines.push(`~ stage     cluster ${u.key}${why}: revision ${u.stage.revision} waits for a campaign (ClusterClass ${u.stage.clusterClass}, rollout policy Campaign)`);
    } else {
      lines.push(`~ update    cluster ${u.key}${why}`);
    }
    for (const ch of u.changes) lines.push(`      ${formatChange(ch)}`);
    if (u.impact?.inPlace) lines.push('      in place: no machine is replaced');
    for (const r of u.impact?.rollouts ?? []) lines.push(`      rollout: ${r}`);
  }
  for (const d of plan.deletes) lines.push(d.prune ? `- delete    cluster ${d.key} (no longer in the repository; pruned)` : `- would prune cluster ${d.key} (no longer in the repository; kept without --prune)`);
  for (const b of plan.blocked) lines.push(`! blocked   cluster ${b.key}: ${b.reason}`);
  const held = new Map(plan.held.map((h) => [h.key, h]));
  for (const k of plan.unchanged) {
    const h = held.get(k);
    lines.push(h ? `= staged    cluster ${k}: revision ${h.revision} waits for a campaign (campaign stagedChanges: true, or capstan promote)` : `= unchanged cluster ${k}`);
  }
  const pruned = plan.deletes.filter((d) => d.prune).length;
  const kept = plan.deletes.length - pruned;
  lines.push(
    `Plan (repository ${plan.repoId}): ${plan.creates.length} to create, ${plan.updates.filter((u) => !u.stage).length} to update, ` +
      `${plan.updates.some((u) => u.stage) ? `${plan.updates.filter((u) => u.stage).length} to stage, ` : ''}` +
      `${pruned} to delete${kept ? `, ${kept} would be pruned (--prune)` : ''}, ${plan.unchanged.length} unchanged` +
      `${plan.blocked.length ? `, ${plan.blocked.length} blocked` : ''}.`,
  );
  return lines;
}

/**
 * A prune plan from a repository that declares no cluster at all is refused unless explicitly
 * allowed: an empty or broken checkout looks the same and would delete the whole fleet.
 */
export function emptyPruneRefusal(repo: { dir: string; repoId: string; clusters: readonly unknown[] }, plan: FleetSyncPlan): string | undefined {
  if (repo.clusters.length > 0 || !plan.deletes.some((d) => d.prune)) return undefined;
  return (
    `${repo.dir} declares no cluster: pruning would delete all ${plan.deletes.length} cluster(s) of repository ${repo.repoId}; ` +
    'refused (an empty or broken checkout looks the same)'
  );
}
