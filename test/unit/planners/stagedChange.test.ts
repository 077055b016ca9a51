import { resolveApplyInput } from '../../../shared/apply/resolveApplyInput';
import { compileManifestText } from '../../../shared/model';
import type { DesiredCluster } from '../../../shared/model/desired';
import { ROLLOUT_POLICY_ANNOTATION } from '../../../shared/model/compile/topology/rolloutPolicy';
import { planStage, promotionRefusal, stagedChangeView, stagedRevisionOf } from '../../../shared/planners/stagedChange';
import { topologyCluster, toYaml, type Doc } from '../model/manifestBuilders';

function compile(docs: Doc[]): DesiredCluster {
  const { clusters, issues } = compileManifestText(toYaml(docs), 't.yaml');
  expect(issues).toEqual([]);
  return clusters[0]!;
}

/** The sim ClusterClass cluster, its class annotated with a rollout policy and its worker template given commands. */
function classCluster(o: { policy?: string; clusterPolicy?: string; commands?: string[]; replicas?: number } = {}): Doc[] {
  const docs = topologyCluster('t1');
  const cls = docs.find((d) => d.kind === 'ClusterClass')!;
  if (o.policy) (cls.metadata as Record<string, unknown>).annotations = { [ROLLOUT_POLICY_ANNOTATION]: o.policy };
  const cluster = docs.find((d) => d.kind === 'Cluster')!;
  if (o.clusterPolicy) (cluster.metadata as Record<string, unknown>).annotations = { [ROLLOUT_POLICY_ANNOTATION]: o.clusterPolicy };
  if (o.replicas !== undefined) {
    const md = (cluster.spec as { topology: { workers: { machineDeployments: Array<{ replicas?: number }> } } }).topology.workers.machineDeployments[0]!;
    md.replicas = o.replicas;
  }
  const tpl = docs.find((d) => d.kind === 'KubeadmConfigTemplate')!;
  (tpl.spec as { template: { spec: Record<string, unknown> } }).template.spec = o.commands ? { preKubeadmCommands: o.commands } : {};
  return docs;
}

describe('capstan.io/rollout-policy (ClusterClass, overridable per Cluster)', () => {
  it('compiles Campaign into the topology; Immediate (the default) leaves no trace', () => {
    expect(compile(classCluster({ policy: 'Campaign' })).topology).toEqual({ class: 'sim-class', version: expect.any(String), rolloutPolicy: 'Campaign' });
    expect(compile(classCluster()).topology).toEqual({ class: 'sim-class', version: expect.any(String) });
    expect(compile(classCluster({ policy: 'Immediate' })).topology!.rolloutPolicy).toBeUndefined();
  });

  it('a Cluster overrides its class', () => {
    expect(compile(classCluster({ policy: 'Campaign', clusterPolicy: 'Immediate' })).topology!.rolloutPolicy).toBeUndefined();
    expect(compile(classCluster({ clusterPolicy: 'Campaign' })).topology!.rolloutPolicy).toBe('Campaign');
  });

  it('refuses an unknown policy, naming the annotation and the values', () => {
    const { issues } = compileManifestText(toYaml(classCluster({ policy: 'Later' })), 't.yaml');
    expect(issues).toEqual([
      expect.objectContaining({
        resource: 'ClusterClass/sim-class',
        path: `metadata.annotations["${ROLLOUT_POLICY_ANNOTATION}"]`,
        rule: 'rollout-policy',
        message: expect.stringMatching(/must be one of Immediate, Campaign \(got "Later"\)/),
      }),
    ]);
  });
});

describe('stagedRevisionOf', () => {
  it('is the same for the same state, whatever the key order, and survives the workflow\'s validation', () => {
    const d = compile(classCluster({ policy: 'Campaign', commands: ['echo 1'] }));
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reverseKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)])) : v;
    const reordered = reverseKeys(d) as DesiredCluster;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(d));
    expect(stagedRevisionOf(reordered)).toBe(stagedRevisionOf(d));
    // the cluster workflow stages what resolveApplyInput returns; the sync plans with the compiled state
    const resolved = resolveApplyInput({ desired: d }, { namespace: d.namespace, name: d.name });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.issues));
    expect(stagedRevisionOf(resolved.desired)).toBe(stagedRevisionOf(d));
    expect(stagedRevisionOf(compile(classCluster({ policy: 'Campaign', commands: ['echo 2'] })))).not.toBe(stagedRevisionOf(d));
  });
});

describe('planStage / promotionRefusal', () => {
  const current = compile(classCluster({ policy: 'Campaign' }));
  const next = compile(classCluster({ policy: 'Campaign', commands: ['echo 1'] }));
  const now = '2025-03-05T00:00:00Z';

  it('stages a change with what it will replace; staging it again is a no-op; the current state stages nothing', () => {
    const first = planStage(current, undefined, next, now);
    expect(first).toMatchObject({ kind: 'Staged', staged: { revision: stagedRevisionOf(next), stagedAt: now } });
    if (first.kind !== 'Staged') return;
    expect(first.staged.rollouts).toEqual([expect.stringMatching(/^MachineDeployment\/t1-md-0: \d machine\(s\), KubeadmConfigTemplate sim-class-worker → sim-class-worker-\w{6}$/)]);
    expect(planStage(current, first.staged, next, '2025-03-06T00:00:00Z')).toEqual({ kind: 'AlreadyStaged', staged: first.staged });
    expect(planStage(current, first.staged, current, now)).toEqual({ kind: 'AlreadyApplied' });
    expect(stagedChangeView(first.staged)).toEqual({ revision: first.staged.revision, stagedAt: now, rollouts: first.staged.rollouts, clusterClass: 'sim-class' });
  });

  it('promotes only the staged revision; the revision promoted last again is a harmless no-op', () => {
    const staged = planStage(current, undefined, next, now);
    if (staged.kind !== 'Staged') throw new Error('not staged');
    const rev = staged.staged.revision;
    expect(promotionRefusal(staged.staged, undefined, rev)).toBeUndefined();
    expect(promotionRefusal(staged.staged, undefined, 'zzzzzz')).toBe(
      `the staged change is revision ${rev}, not zzzzzz: it was staged again since (sync the campaign's pinned revision or start a new campaign)`,
    );
    expect(promotionRefusal(undefined, rev, rev)).toBeUndefined();
    expect(promotionRefusal(undefined, undefined, rev)).toBe(`nothing is staged (revision ${rev} is not staged)`);
    expect(promotionRefusal(undefined, 'aaaaaa', rev)).toBe(`nothing is staged (revision ${rev} is not staged; aaaaaa was promoted last)`);
  });
});
