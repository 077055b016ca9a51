import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { ValidationIssue } from '../../shared/errors';
import type { DesiredCluster } from '../../shared/model/desired';
import {
  checkRepoId,
  GITOPS_REPO_LABEL,
  liveFromDescription,
  planFleetSync,
  repoIdFromName,
  repositoryFingerprint,
  stampManaged,
  type FleetSyncPlan,
  type LiveCluster,
} from '../../shared/planners/gitops';
import type { FleetClusters } from './fleetClusters';
import { loadManifests } from './loadManifests';

export interface FleetRepository {
  dir: string;
  repoId: string;
  /** the directories read: `clusterclasses/`, `extensions/` and `clusters/` of the seed layout, or the whole dir */
  roots: string[];
  files: string[];
  /** compiled and stamped with the repository's labels (what sync applies) */
  clusters: DesiredCluster[];
  issues: ValidationIssue[];
  fingerprint: string;
}

/**
 * Reads a fleet repository. With the seed article's layout (`clusterclasses/`, `clusters/<env>/`)
 * only those trees are read, plus `extensions/` for ExtensionConfigs (lifecycle hooks for the
 * whole fleet): `addons/` and the rest hold other tools' YAML (CNI manifests, ApplicationSets)
 * that is not Cluster API. Without a `clusters/` folder the whole directory is
 * read. Every document is compiled together, so a topology cluster finds its ClusterClass.
 */
export function loadFleetRepository(dir: string, opts: { repoId?: string } = {}): FleetRepository {
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new Error(`${dir}: not a directory`);
  const repoId = opts.repoId ?? repoIdFromName(basename(abs));
  const bad = checkRepoId(repoId);
  if (bad) throw new Error(bad);
  const roots = existsSync(join(abs, 'clusters'))
    ? ['clusterclasses', 'extensions', 'clusters'].map((d) => join(abs, d)).filter((d) => existsSync(d))
    : [abs];
  const loaded = loadManifests(roots, abs);
  const clusters = loaded.clusters.map((c) => stampManaged(c, repoId));
  return { dir: abs, repoId, roots, files: loaded.files, clusters, issues: loaded.issues, fingerprint: repositoryFingerprint(clusters) };
}

/**
 * Fresh reads of the live side: every cluster the repository declares (by key, through its own
 * workflow) and every running cluster labelled with this repository (visibility finds the
 * candidates; each is then described, so an eventually consistent list never decides alone).
 */
export async function readLiveFleet(fleet: FleetClusters, repo: Pick<FleetRepository, 'repoId' | 'clusters'>): Promise<LiveCluster[]> {
  const keys = new Map(repo.clusters.map((c) => [`${c.namespace}/${c.name}`, { namespace: c.namespace, name: c.name }]));
  const query = `WorkflowType = 'clusterWorkflow' AND ExecutionStatus = 'Running' AND CapstanLabels = '${`${GITOPS_REPO_LABEL}=${repo.repoId}`}'`;
  for (const key of await fleet.listRepositoryClusters(query)) keys.set(`${key.namespace}/${key.name}`, key);
  const out: LiveCluster[] = [];
  await mapLimit([...keys.values()], 16, async (key) => {
    // A closed cluster workflow (deleted, completed) still answers queries by replay: only a
    // running one is live. Never started or closed is simply "not live".
    if (!(await fleet.isRunning(key))) return;
    const live = liveFromDescription(await fleet.describe(key));
    const applied = await fleet.desired(key);
    out.push(applied ? { ...live, resources: applied.desired.resources, applied: applied.desired } : live);
  });
  return out;
}

export async function planRepositorySync(fleet: FleetClusters, repo: FleetRepository, prune: boolean): Promise<FleetSyncPlan> {
  return planFleetSync({ repoId: repo.repoId, desired: repo.clusters, live: await readLiveFleet(fleet, repo), prune });
}

export interface SyncOutcome {
  key: string;
  action: 'created' | 'configured' | 'staged' | 'unchanged' | 'deleted' | 'failed';
  /** the staged revision (action staged) */
  revision?: string;
  generation?: number;
  error?: string;
}

/**
 * Carries a plan out through the ordinary paths: creates and updates with the cluster workflow's
 * `apply` Update (a change the plan stages, with its `stage` Update) (update-with-start, validated by the workflow; its own no-op detection has the
 * last word), deletes (only those the plan marks `prune`) with the `delete` Update. One refused
 * cluster does not stop the others; every outcome is returned.
 */
export async function executeFleetSync(
  fleet: FleetClusters,
  plan: FleetSyncPlan,
  opts: { onOutcome?: (o: SyncOutcome) => void; wait?: boolean } = {},
): Promise<SyncOutcome[]> {
  const outcomes: SyncOutcome[] = [];
  const report = (o: SyncOutcome) => {
    outcomes.push(o);
    opts.onOutcome?.(o);
  };
  const applies = [...plan.creates.map((c) => ({ key: c.key, desired: c.desired, stage: false })), ...plan.updates.map((u) => ({ key: u.key, desired: u.desired, stage: !!u.stage }))];
  await mapLimit(applies, 8, async ({ key, desired, stage }) => {
    try {
      if (stage) {
        const r = await fleet.stage(desired);
        report({ key, action: r.outcome === 'AlreadyApplied' ? 'unchanged' : 'staged', ...(r.revision ? { revision: r.revision } : {}) });
        return;
      }
      const r = await fleet.apply(desired);
      report({ key, action: r.generation === 1 ? 'created' : r.changed ? 'configured' : 'unchanged', generation: r.generation });
    } catch (err) {
      report({ key, action: 'failed', error: err instanceof Error ? err.message : String(err) });
    }
  });
  await mapLimit(plan.deletes.filter((d) => d.prune), 8, async ({ key }) => {
    const [namespace = '', name = ''] = key.split('/');
    try {
      await fleet.delete({ namespace, name }, { wait: opts.wait ?? false });
      report({ key, action: 'deleted' });
    } catch (err) {
      report({ key, action: 'failed', error: err instanceof Error ? err.message : String(err) });
    }
  });
  return outcomes.sort((a, b) => a.key.localeCompare(b.key));
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (i < items.length) await fn(items[i++]!);
    }),
  );
}
