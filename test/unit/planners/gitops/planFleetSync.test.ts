import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../../scripts/cli/main';
import { loadFleetRepository } from '../../../../activities/gitops/fleetRepository';
import { simClusterYaml } from '../../../../scripts/manifests/simClusterYaml';
import { compileManifestText } from '../../../../shared/model';
import type { DesiredCluster } from '../../../../shared/model/desired';
import {
  desiredFingerprint,
  formatPlan,
  GITOPS_FINGERPRINT_LABEL,
  GITOPS_REPO_LABEL,
  planFleetSync,
  planHasChanges,
  repoIdFromName,
  stampManaged,
  summarizeDesired,
  type LiveCluster,
} from '../../../../shared/planners/gitops';

function compile(yaml: string): DesiredCluster {
  const { clusters, issues } = compileManifestText(yaml, 'test.yaml');
  expect(issues).toEqual([]);
  return clusters[0]!;
}

const repo = 'fleet';
const declared = (o: Parameters<typeof simClusterYaml>[0]) => stampManaged(compile(simClusterYaml(o)), repo);

/** The live side as `describe` would show it once the cluster reconciled `d` (reports current). */
function liveOf(d: DesiredCluster, over: Partial<LiveCluster> = {}): LiveCluster {
  return {
    namespace: d.namespace,
    name: d.name,
    generation: 1,
    deleting: false,
    ...(d.labels[GITOPS_REPO_LABEL] !== undefined ? { managedBy: d.labels[GITOPS_REPO_LABEL] } : {}),
    ...(d.labels[GITOPS_FINGERPRINT_LABEL] !== undefined ? { fingerprint: d.labels[GITOPS_FINGERPRINT_LABEL] } : {}),
    summary: summarizeDesired(d),
    reportsCurrent: true,
    ...over,
  };
}

describe('stampManaged / fingerprints', () => {
  it('adds the repository and fingerprint labels, deterministically, and the fingerprint ignores itself', () => {
    const a = declared({ name: 'a', workers: 1 });
    const again = declared({ name: 'a', workers: 1 });
    expect(a.labels[GITOPS_REPO_LABEL]).toBe('fleet');
    expect(a.labels[GITOPS_FINGERPRINT_LABEL]).toMatch(/^[0-9a-f]{28}$/);
    expect(again).toEqual(a);
    expect(desiredFingerprint(a)).toBe(a.labels[GITOPS_FINGERPRINT_LABEL]);
    // stamping a stamped cluster changes nothing (sync twice = same desired state)
    expect(stampManaged(a, repo)).toEqual(a);
    const cluster = a.resources.find((r) => r.kind === 'Cluster')!;
    expect((cluster.metadata as { labels?: Record<string, string> }).labels).toMatchObject({ [GITOPS_REPO_LABEL]: 'fleet', env: 'test' });
    // any spec change moves it, including ones describe does not show
    expect(declared({ name: 'a', workers: 1, nodeDrainTimeout: '30s' }).labels[GITOPS_FINGERPRINT_LABEL]).not.toBe(a.labels[GITOPS_FINGERPRINT_LABEL]);
  });

  it('derives a label-safe repository id from a directory name', () => {
    expect(repoIdFromName('My Fleet_Repo!')).toBe('my-fleet_repo');
    expect(repoIdFromName('---')).toBe('fleet');
  });
});

describe('planFleetSync (golden plans)', () => {
  const a = declared({ name: 'prod-seoul-01', workers: 2, labels: { env: 'prod', region: 'seoul' } });
  const b = declared({ name: 'prod-tokyo-01', workers: 0, labels: { env: 'prod', region: 'tokyo' } });

  it('an empty fleet: every cluster is a create', () => {
    const plan = planFleetSync({ repoId: repo, desired: [a, b], live: [], prune: false });
    expect(formatPlan(plan)).toEqual([
      '+ create    cluster default/prod-seoul-01 (sim, v1.31.4, 1 control plane + 2 workers)',
      '+ create    cluster default/prod-tokyo-01 (sim, v1.31.4, 1 control plane + 0 workers)',
      'Plan (repository fleet): 2 to create, 0 to update, 0 to delete, 0 unchanged.',
    ]);
    expect(planHasChanges(plan)).toBe(true);
  });

  it('idempotent: once applied, the plan is empty', () => {
    const plan = planFleetSync({ repoId: repo, desired: [a, b], live: [liveOf(a), liveOf(b)], prune: true });
    expect(planHasChanges(plan)).toBe(false);
    expect(plan.unchanged).toEqual(['default/prod-seoul-01', 'default/prod-tokyo-01']);
  });

  it('a version bump and a scale show exactly those fields', () => {
    const a2 = declared({ name: 'prod-seoul-01', workers: 3, version: 'v1.32.0', labels: { env: 'prod', region: 'seoul' } });
    const plan = planFleetSync({ repoId: repo, desired: [a2, b], live: [liveOf(a), liveOf(b)], prune: false });
    expect(formatPlan(plan)).toEqual([
      '~ update    cluster default/prod-seoul-01',
      '      KubeadmControlPlane/prod-seoul-01-cp spec.version v1.31.4 → v1.32.0',
      '      MachineDeployment/prod-seoul-01-md-0 spec.replicas 2 → 3',
      '      MachineDeployment/prod-seoul-01-md-0 spec.template.spec.version v1.31.4 → v1.32.0',
      '= unchanged cluster default/prod-tokyo-01',
      'Plan (repository fleet): 0 to create, 1 to update, 0 to delete, 1 unchanged.',
    ]);
    expect(plan.updates[0]!.reason).toBe('repository');
  });

  it('labels, and fields describe does not show (fingerprint only)', () => {
    const b2 = declared({ name: 'prod-tokyo-01', workers: 0, labels: { env: 'prod', region: 'osaka', 'upgrade-wave': '2' } });
    const b3 = declared({ name: 'prod-tokyo-01', workers: 0, labels: { env: 'prod', region: 'tokyo' }, nodeDrainTimeout: '45s' });
    const labels = planFleetSync({ repoId: repo, desired: [b2], live: [liveOf(b)], prune: false });
    expect(formatPlan(labels).slice(0, 3)).toEqual([
      '~ update    cluster default/prod-tokyo-01',
      '      Cluster/prod-tokyo-01 metadata.labels.region tokyo → osaka',
      '      Cluster/prod-tokyo-01 metadata.labels.upgrade-wave (none) → 2',
    ]);
    const hidden = planFleetSync({ repoId: repo, desired: [b3], live: [liveOf(b)], prune: false });
    expect(hidden.updates).toHaveLength(1);
    expect(formatPlan(hidden)[1]).toBe(
      `      Cluster/prod-tokyo-01 (fields describe does not show: templates, strategies, health checks, …) ` +
        `fingerprint ${b.labels[GITOPS_FINGERPRINT_LABEL]} → fingerprint ${b3.labels[GITOPS_FINGERPRINT_LABEL]}`,
    );
  });

  it('stale child reports (right after an apply) are not mistaken for differences', () => {
    const staleA = liveOf(a, { reportsCurrent: false, summary: { ...summarizeDesired(a), machineDeployments: [{ name: 'prod-seoul-01-md-0', replicas: 1, version: 'v1.30.0' }] } });
    expect(planHasChanges(planFleetSync({ repoId: repo, desired: [a], live: [staleA], prune: false }))).toBe(false);
  });

  it('drift: a hand scale of a repository cluster is reverted by the next sync', () => {
    const scaled = liveOf(a, { summary: { ...summarizeDesired(a), machineDeployments: [{ name: 'prod-seoul-01-md-0', replicas: 5, version: 'v1.31.4' }] } });
    const plan = planFleetSync({ repoId: repo, desired: [a], live: [scaled], prune: false });
    expect(formatPlan(plan).slice(0, 2)).toEqual([
      '~ update    cluster default/prod-seoul-01 (live cluster drifted from the repository)',
      '      MachineDeployment/prod-seoul-01-md-0 spec.replicas 5 → 2',
    ]);
  });

  it('removed from the repository: "would prune" without prune, delete with it; hand-made clusters never', () => {
    const hand = compile(simClusterYaml({ name: 'by-hand', workers: 0 }));
    const other = stampManaged(compile(simClusterYaml({ name: 'other-repo', workers: 0 })), 'platform');
    const live = [liveOf(a), liveOf(b), liveOf(hand), liveOf(other)];
    const kept = planFleetSync({ repoId: repo, desired: [a], live, prune: false });
    expect(formatPlan(kept)).toEqual([
      '- would prune cluster default/prod-tokyo-01 (no longer in the repository; kept without --prune)',
      '= unchanged cluster default/prod-seoul-01',
      'Plan (repository fleet): 0 to create, 0 to update, 0 to delete, 1 would be pruned (--prune), 1 unchanged.',
    ]);
    const pruned = planFleetSync({ repoId: repo, desired: [a], live, prune: true });
    expect(pruned.deletes).toEqual([{ key: 'default/prod-tokyo-01', prune: true }]);
    expect(formatPlan(pruned)[0]).toBe('- delete    cluster default/prod-tokyo-01 (no longer in the repository; pruned)');
    // a cluster already being deleted is not deleted again
    expect(planFleetSync({ repoId: repo, desired: [a], live: [liveOf(a), liveOf(b, { deleting: true })], prune: true }).deletes).toEqual([]);
  });

  it('adopts a same-named hand-made cluster visibly; never takes one of another repository', () => {
    const handA = compile(simClusterYaml({ name: 'prod-seoul-01', workers: 2, labels: { env: 'prod', region: 'seoul' } }));
    const adopt = planFleetSync({ repoId: repo, desired: [a], live: [liveOf(handA)], prune: false });
    expect(formatPlan(adopt).slice(0, 2)).toEqual([
      `~ update    cluster default/prod-seoul-01 (exists without ${GITOPS_REPO_LABEL}: adopted)`,
      `      Cluster/prod-seoul-01 metadata.labels.${GITOPS_REPO_LABEL} (none) → fleet`,
    ]);
    const theirs = stampManaged(handA, 'platform');
    const blocked = planFleetSync({ repoId: repo, desired: [a], live: [liveOf(theirs)], prune: true });
    expect(blocked.updates).toEqual([]);
    expect(blocked.blocked).toEqual([{ key: 'default/prod-seoul-01', reason: `managed by gitops repository "platform" (label ${GITOPS_REPO_LABEL}); not taken over` }]);
  });
});

describe('fleet repository layout and capstan diff input errors (no server)', () => {
  it('reads clusterclasses/ and clusters/<env>/, ignores addons/, compiles topology clusters', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capstan-fleet-'));
    mkdirSync(join(dir, 'clusterclasses'));
    mkdirSync(join(dir, 'clusters', 'dev'), { recursive: true });
    mkdirSync(join(dir, 'addons', 'cni'), { recursive: true });
    const ex = join(__dirname, '../../../../examples/sim-clusterclass');
    writeFileSync(join(dir, 'clusterclasses', 'standard-sim.yaml'), readFileSync(join(ex, 'clusterclass.yaml')));
    writeFileSync(join(dir, 'clusterclasses', 'templates.yaml'), readFileSync(join(ex, 'templates.yaml')));
    writeFileSync(join(dir, 'clusters', 'dev', 'dev-cluster-02.yaml'), readFileSync(join(ex, 'cluster.yaml')));
    writeFileSync(join(dir, 'addons', 'cni', 'calico.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: not-capi\n');
    const r = loadFleetRepository(dir, { repoId: 'fleet-a' });
    expect(r.issues).toEqual([]);
    expect(r.clusters.map((c) => `${c.namespace}/${c.name}`)).toEqual(['default/dev-cluster-02']);
    expect(r.clusters[0]!.topology?.class).toBe('standard-sim');
    expect(r.clusters[0]!.labels).toMatchObject({ env: 'dev', [GITOPS_REPO_LABEL]: 'fleet-a' });
    expect(loadFleetRepository(dir, { repoId: 'fleet-a' }).fingerprint).toBe(r.fingerprint);
  });

  it('bad manifests: exit 2 with the compiler field errors, before any server is contacted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capstan-fleet-bad-'));
    mkdirSync(join(dir, 'clusters', 'prod'), { recursive: true });
    writeFileSync(join(dir, 'clusters', 'prod', 'bad.yaml'), simClusterYaml({ name: 'bad', cpReplicas: 2, workers: 0 }));
    const err: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    try {
      // an address nothing listens on: the refusal must come first
      expect(await runCli(['node', 'capstan', '--address', '127.0.0.1:1', 'diff', dir])).toBe(2);
      expect(await runCli(['node', 'capstan', '--address', '127.0.0.1:1', 'sync', dir, '--prune'])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(err.join('\n')).toMatch(/validation error\(s\)[\s\S]*KubeadmControlPlane\/bad-cp spec\.replicas/);
    expect(err.join('\n')).toMatch(/nothing was applied/);
  });
});
