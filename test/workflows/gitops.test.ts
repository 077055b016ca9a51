import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitopsDiff, gitopsSync, loadRepositoryOrRefuse, type GitopsIo } from '../../scripts/cli/commands/gitops';
import { compileManifestText } from '../../shared/model';
import { GITOPS_REPO_LABEL } from '../../shared/planners/gitops';
import { startHarness, uniqueName, type Harness } from './harness';
import { simClusterYaml } from './manifests';

/** Captures what a command prints. */
function io(): GitopsIo & { lines: string[]; text(): string } {
  const lines: string[] = [];
  return { lines, out: (l) => void lines.push(l), err: (l) => void lines.push(`ERR ${l}`), text: () => lines.join('\n') };
}

describe('capstan diff / sync against a fleet repository (real dev server)', () => {
  let h: Harness;
  const run = uniqueName('gitops');
  const repoId = run; // unique per run: the shared server may hold other runs' clusters
  const a = `${run}-a`;
  const b = `${run}-b`;
  const hand = `${run}-hand`;
  const dir = mkdtempSync(join(tmpdir(), 'capstan-fleet-repo-'));
  const write = (env: string, name: string, yaml: string) => {
    mkdirSync(join(dir, 'clusters', env), { recursive: true });
    writeFileSync(join(dir, 'clusters', env, `${name}.yaml`), yaml);
  };
  const diff = async (prune = false) => {
    const out = io();
    const code = await gitopsDiff(h.capstan, loadRepositoryOrRefuse(dir, repoId), { prune }, out);
    return { code, text: out.text(), lines: out.lines };
  };
  const sync = async (opts: { prune?: boolean; wait?: boolean } = {}) => {
    const out = io();
    const code = await gitopsSync(h.capstan, loadRepositoryOrRefuse(dir, repoId), { ...opts, timeoutMs: 60_000 }, out);
    return { code, text: out.text() };
  };
  const running = async (name: string) => (await h.capstan.handle({ namespace: 'default', name }).describe()).status.name;

  beforeAll(async () => {
    h = await startHarness();
    write('dev', a, simClusterYaml({ name: a, cpReplicas: 1, workers: 0, labels: { env: 'dev', region: 'local' } }));
    write('prod', b, simClusterYaml({ name: b, cpReplicas: 1, workers: 0, labels: { env: 'prod', region: 'local' } }));
  });

  afterAll(async () => {
    for (const name of [a, b, hand]) {
      await h.capstan.delete({ namespace: 'default', name }, { wait: true }).catch(() => undefined);
    }
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('diff shows 2 creates, sync creates them, diff again shows nothing, sync again changes nothing', async () => {
    const first = await diff();
    expect(first.code).toBe(1);
    expect(first.lines.filter((l) => l.startsWith('+ create'))).toEqual([
      `+ create    cluster default/${a} (sim, v1.31.4, 1 control plane + 0 workers)`,
      `+ create    cluster default/${b} (sim, v1.31.4, 1 control plane + 0 workers)`,
    ]);

    const s = await sync({ wait: true });
    expect(s.code).toBe(0);
    expect(s.text).toContain(`cluster default/${a} created (generation 1)`);
    expect(s.text).toContain(`cluster default/${b} created (generation 1)`);
    expect(s.text).toContain('2 cluster(s) ready');

    const d = await h.capstan.describe({ namespace: 'default', name: a });
    expect(d.labels).toMatchObject({ env: 'dev', [GITOPS_REPO_LABEL]: repoId });

    const again = await diff();
    expect(again.code).toBe(0);
    expect(again.lines).toEqual([
      `= unchanged cluster default/${a}`,
      `= unchanged cluster default/${b}`,
      `Plan (repository ${repoId}): 0 to create, 0 to update, 0 to delete, 2 unchanged.`,
    ]);
    const idem = await sync();
    expect(idem.code).toBe(0);
    expect((await h.capstan.describe({ namespace: 'default', name: a })).generation).toBe(1);
  });

  it('an edited file shows exactly that field, and sync updates it (the diff is clean right after)', async () => {
    write('dev', a, simClusterYaml({ name: a, cpReplicas: 1, workers: 1, labels: { env: 'dev', region: 'local' } }));
    const d = await diff();
    expect(d.code).toBe(1);
    expect(d.lines.slice(0, 2)).toEqual([`~ update    cluster default/${a}`, `      MachineDeployment/${a}-md-0 spec.replicas 0 → 1`]);
    expect(d.lines).toContain(`= unchanged cluster default/${b}`);

    const s = await sync();
    expect(s.code).toBe(0);
    expect(s.text).toContain(`cluster default/${a} configured (generation 2)`);
    // right after the apply the children's reports lag; the diff must not flap
    expect((await diff()).code).toBe(0);
    const ready = await h.capstan.waitForReady({ namespace: 'default', name: a }, { timeoutMs: 60_000 });
    expect(ready.machineDeployments[0]!.readyReplicas).toBe(1);
    expect((await diff()).code).toBe(0);
  });

  it('a change describe cannot show is listed field by field from the cluster\'s applied documents (its desired query)', async () => {
    write('dev', a, simClusterYaml({ name: a, cpReplicas: 1, workers: 1, nodeDrainTimeout: '45s', labels: { env: 'dev', region: 'local' } }));
    const d = await diff();
    expect(d.code).toBe(1);
    expect(d.lines.slice(0, 2)).toEqual([`~ update    cluster default/${a}`, `      MachineDeployment/${a}-md-0 spec.template.spec.nodeDrainTimeout (unset) → 45s`]);
    expect(d.text).not.toMatch(/fingerprint/);
    expect((await sync()).code).toBe(0);
    expect((await diff()).code).toBe(0);
    const applied = await h.capstan.desired({ namespace: 'default', name: a });
    expect(applied?.desired.machineDeployments[0]!.template.nodeDrainTimeoutSeconds).toBe(45);
  });

  it('a removed file is only "would prune" without --prune; --prune deletes it; a hand-made cluster is never pruned', async () => {
    const { clusters } = compileManifestText(simClusterYaml({ name: hand, cpReplicas: 1, workers: 0, labels: { env: 'dev', region: 'local' } }), 'hand.yaml');
    await h.capstan.apply(clusters[0]!);
    rmSync(join(dir, 'clusters', 'prod', `${b}.yaml`));

    // visibility (which finds the prune candidates) is eventually consistent
    let d = await diff();
    for (let i = 0; i < 60 && !d.text.includes('would prune'); i++) {
      await new Promise((r) => setTimeout(r, 250));
      d = await diff();
    }
    expect(d.code).toBe(1);
    expect(d.lines.filter((l) => l.startsWith('-'))).toEqual([
      `- would prune cluster default/${b} (no longer in the repository; kept without --prune)`,
    ]);
    expect(d.text).not.toContain(hand);

    const kept = await sync();
    expect(kept.code).toBe(0);
    expect(await running(b)).toBe('RUNNING');

    const pruned = await sync({ prune: true, wait: true });
    expect(pruned.code).toBe(0);
    expect(pruned.text).toContain(`- delete    cluster default/${b} (no longer in the repository; pruned)`);
    expect(pruned.text).toContain(`cluster default/${b} deleted`);
    expect(await running(b)).toBe('COMPLETED');
    expect(await running(hand)).toBe('RUNNING');
    expect((await h.world()).clusters.map((c) => c.name)).not.toContain(b);

    const after = await diff(true);
    expect(after.code).toBe(0);
    expect(after.text).not.toContain(hand);
  });
});
