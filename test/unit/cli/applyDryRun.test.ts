import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../scripts/cli/main';
import { captureOutput } from '../../support/captureOutput';
import { simClusterYaml } from '../../../scripts/manifests/simClusterYaml';

const capture = () => captureOutput({ stdout: true });

describe('capstan apply --dry-run (no server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-cli-'));

  it('validates a good manifest and exits 0', async () => {
    const f = join(dir, 'good.yaml');
    writeFileSync(f, simClusterYaml({ name: 'good-one', workers: 2 }));
    const c = capture();
    const code = await runCli(['node', 'capstan', 'apply', '-f', f, '--dry-run']);
    c.restore();
    expect(code).toBe(0);
    expect(c.out.join('\n')).toContain('cluster default/good-one valid (dry run): sim, v1.31.4, 1 control plane + 2 workers');
  });

  it('prints every error at once and exits 2', async () => {
    const f = join(dir, 'bad.yaml');
    writeFileSync(f, simClusterYaml({ name: 'Bad_Name', cpReplicas: 2, workers: 1, version: 'v1.31' }));
    const c = capture();
    const code = await runCli(['node', 'capstan', 'apply', '-f', f, '--dry-run']);
    c.restore();
    expect(code).toBe(2);
    const text = c.err.join('\n');
    expect(text).toMatch(/validation error/);
    expect(text).toMatch(/bad\.yaml#1: Cluster\/Bad_Name metadata\.name/);
    expect(text).toMatch(/KubeadmControlPlane\/Bad_Name-cp spec\.replicas/);
    expect(text).toMatch(/spec\.version/);
  });

  it('-o json prints the workflow input', async () => {
    const f = join(dir, 'json.yaml');
    writeFileSync(f, simClusterYaml({ name: 'json-one', workers: 1 }));
    const c = capture();
    const code = await runCli(['node', 'capstan', 'apply', '-f', f, '--dry-run', '-o', 'json']);
    c.restore();
    expect(code).toBe(0);
    const parsed = JSON.parse(c.out.join('')) as Array<{ desired: { name: string; provider: string } }>;
    expect(parsed[0]!.desired).toMatchObject({ name: 'json-one', provider: 'sim' });
  });

  it('a missing path is a clear error', async () => {
    const c = capture();
    const code = await runCli(['node', 'capstan', 'apply', '-f', join(dir, 'nope.yaml'), '--dry-run']);
    c.restore();
    expect(code).toBe(1);
    expect(c.err.join('\n')).toContain('no such file or directory');
  });

  it('an unknown output format is refused', async () => {
    const f = join(dir, 'fmt.yaml');
    writeFileSync(f, simClusterYaml({ name: 'fmt', workers: 1 }));
    const c = capture();
    const code = await runCli(['node', 'capstan', 'apply', '-f', f, '--dry-run', '-o', 'xml']);
    c.restore();
    expect(code).toBe(1);
    expect(c.err.join('\n')).toContain('-o xml: unknown output format');
  });
});
