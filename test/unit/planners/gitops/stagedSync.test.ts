/**
 * GitOps sync under a ClusterClass rollout policy of Campaign: a change that replaces machines is
 * staged (not applied), once; an in-place change still applies at once; a change the repository
 * takes back is dropped from the cluster.
 */
import { compileManifestText } from '../../../../shared/model';
import type { DesiredCluster } from '../../../../shared/model/desired';
import { ROLLOUT_POLICY_ANNOTATION } from '../../../../shared/model/compile/topology/rolloutPolicy';
import {
  formatPlan,
  GITOPS_FINGERPRINT_LABEL,
  GITOPS_REPO_LABEL,
  planFleetSync,
  planHasChanges,
  stampManaged,
  summarizeDesired,
  type LiveCluster,
} from '../../../../shared/planners/gitops';
import { stagedRevisionOf } from '../../../../shared/planners/stagedChange';
import { topologyCluster, toYaml } from '../../model/manifestBuilders';

const repo = 'fleet';

function declared(o: { policy?: string; commands?: string[]; replicas?: number } = {}): DesiredCluster {
  const docs = topologyCluster('t1');
  const cls = docs.find((d) => d.kind === 'ClusterClass')!;
  (cls.metadata as Record<string, unknown>).annotations = { [ROLLOUT_POLICY_ANNOTATION]: o.policy ?? 'Campaign' };
  if (o.replicas !== undefined) {
    const cluster = docs.find((d) => d.kind === 'Cluster')!;
    (cluster.spec as { topology: { workers: { machineDeployments: Array<{ replicas?: number }> } } }).topology.workers.machineDeployments[0]!.replicas = o.replicas;
  }
  const tpl = docs.find((d) => d.kind === 'KubeadmConfigTemplate')!;
  (tpl.spec as { template: { spec: Record<string, unknown> } }).template.spec = o.commands ? { preKubeadmCommands: o.commands } : {};
  const { clusters, issues } = compileManifestText(toYaml(docs), 't.yaml');
  expect(issues).toEqual([]);
  return stampManaged(clusters[0]!, repo);
}

/** The live cluster as its workflow shows it after applying `applied`, holding `stagedRevision` if given. */
function liveOf(applied: DesiredCluster, stagedRevision?: string): LiveCluster {
  return {
    namespace: applied.namespace,
    name: applied.name,
    generation: 2,
    deleting: false,
    managedBy: repo,
    fingerprint: applied.labels[GITOPS_FINGERPRINT_LABEL]!,
    summary: summarizeDesired(applied),
    reportsCurrent: true,
    resources: applied.resources,
    applied,
    ...(stagedRevision ? { stagedRevision } : {}),
  };
}

describe('planFleetSync with rollout policy Campaign', () => {
  const v0 = declared();
  const v1 = declared({ commands: ['echo 1'] });

  it('stages a template change (it would replace machines) instead of applying it', () => {
    const plan = planFleetSync({ repoId: repo, desired: [v1], live: [liveOf(v0)], prune: false });
    expect(plan.updates).toHaveLength(1);
    expect(plan.updates[0]!.stage).toEqual({ revision: stagedRevisionOf(v1), clusterClass: 'sim-class' });
    const lines = formatPlan(plan);
    expect(lines[0]).toBe(`~ stage     cluster default/t1: revision ${stagedRevisionOf(v1)} waits for a campaign (ClusterClass sim-class, rollout policy Campaign)`);
    expect(lines).toContainEqual(expect.stringMatching(/^ {6}rollout: MachineDeployment\/t1-md-0: /));
    expect(lines[lines.length - 1]).toBe('Plan (repository fleet): 0 to create, 0 to update, 1 to stage, 0 to delete, 0 unchanged.');
    expect(planHasChanges(plan)).toBe(true);
  });

  it('once staged at that revision, the cluster is held (unchanged): syncing again stages nothing', () => {
    const plan = planFleetSync({ repoId: repo, desired: [v1], live: [liveOf(v0, stagedRevisionOf(v1))], prune: false });
    expect(plan.updates).toEqual([]);
    expect(plan.held).toEqual([{ key: 'default/t1', revision: stagedRevisionOf(v1), clusterClass: 'sim-class' }]);
    expect(formatPlan(plan)[0]).toBe(`= staged    cluster default/t1: revision ${stagedRevisionOf(v1)} waits for a campaign (campaign stagedChanges: true, or capstan promote)`);
    expect(planHasChanges(plan)).toBe(false);
  });

  it('a newer repository change replaces the staged one (a new revision)', () => {
    const v2 = declared({ commands: ['echo 2'] });
    const plan = planFleetSync({ repoId: repo, desired: [v2], live: [liveOf(v0, stagedRevisionOf(v1))], prune: false });
    expect(plan.updates[0]!.stage?.revision).toBe(stagedRevisionOf(v2));
  });

  it('an in-place change (replicas) applies at once, policy or not', () => {
    const plan = planFleetSync({ repoId: repo, desired: [declared({ replicas: 3 })], live: [liveOf(v0)], prune: false });
    expect(plan.updates).toHaveLength(1);
    expect(plan.updates[0]!.stage).toBeUndefined();
    expect(plan.updates[0]!.impact).toEqual({ rollouts: [], inPlace: true });
  });

  it('Immediate applies a machine-replacing change at once, as CAPI does', () => {
    const plan = planFleetSync({ repoId: repo, desired: [declared({ policy: 'Immediate', commands: ['echo 1'] })], live: [liveOf(declared({ policy: 'Immediate' }))], prune: false });
    expect(plan.updates[0]!.stage).toBeUndefined();
    expect(plan.updates[0]!.impact!.rollouts).toHaveLength(1);
  });

  it('the repository took the change back: the cluster drops what it holds staged', () => {
    const plan = planFleetSync({ repoId: repo, desired: [v0], live: [liveOf(v0, stagedRevisionOf(v1))], prune: false });
    expect(plan.updates).toEqual([{ key: 'default/t1', desired: v0, changes: [], reason: 'unstage' }]);
    expect(formatPlan(plan)[0]).toBe('~ update    cluster default/t1 (drops its staged change: the repository no longer declares it)');
    expect(v0.labels[GITOPS_REPO_LABEL]).toBe(repo);
  });
});
