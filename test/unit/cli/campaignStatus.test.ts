import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../scripts/cli/main';
import { formatCampaignStatus } from '../../../scripts/cli/render/campaignStatus';
import { campaignStatus } from '../../../shared/planners/campaign';
import { runScenario, T0, TICK_MS } from '../planners/campaign/driver';
import { SCENARIOS } from '../planners/campaign/scenarios';
import { captureOutput } from '../../support/captureOutput';

const capture = () => captureOutput();

describe('capstan campaign status rendering', () => {
  it('shows the pause, each wave with its gate, each cluster with its reason and timing', () => {
    const sc = SCENARIOS.find((s) => s.name === 'failure-budget-then-retry')!;
    // stop the run while paused: before the retry at tick 5
    const r = runScenario({ ...sc, actions: [], maxTicks: 4 });
    const now = T0 + 4 * TICK_MS;
    const text = formatCampaignStatus(campaignStatus(r.snapshot, r.state, now), now);
    expect(text).toMatch(/^campaign to-132 → v1\.32\.3: Paused \(wave 2\), started 40m ago/);
    expect(text).toContain('clusters: 2/6 upgraded, 0 upgrading, 0 pending, 3 not started, 1 failed, 0 skipped');
    expect(text).toContain('PAUSED (failure budget): failure budget exceeded: wave 2: 1 cluster(s) failed, 0 allowed (default/b)');
    expect(text).toMatch(/\n2\s+Halted\s+1\/3\s+0\s+1\s+2\s+0\s+-\s+-\s+halted: wave 2/);
    expect(text).toMatch(/default\/b\s+2\s+all\s+Failed\s+v1\.31\.4\s+v1\.32\.3\s+1\/2\s+10m\s+machine b-md-x failed: injected provisioning failure/);
    expect(text).toMatch(/default\/d\s+2\s+all\s+NotStarted\s+v1\.31\.4\s+v1\.32\.3/);
    expect(text).toContain('campaign paused: failure budget exceeded');
  });

  it('shows a soak gate with its end', () => {
    const sc = SCENARIOS.find((s) => s.name === 'soak-and-approval')!;
    const r = runScenario({ ...sc, actions: [], maxTicks: 3 });
    const now = T0 + 3 * TICK_MS;
    const text = formatCampaignStatus(campaignStatus(r.snapshot, r.state, now), now);
    expect(text).toMatch(/\n1\s+Gated\s+1\/1\s+0\s+0\s+2\s+0\s+2h0m0s\s+approval, soak until 2025-03-05 02:20Z, in 110m\s+soaking until/);
    expect(text).toContain('waiting: wave 1: soaking until 2025-03-05T02:20:00.000Z; waiting for approval of wave 1');
  });
});

describe('capstan campaign start (no server needed to refuse bad input)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-campaign-'));
  it('refuses a bad spec by field and exits 2, before connecting', async () => {
    const f = join(dir, 'bad.yaml');
    writeFileSync(
      f,
      ['name: q3', 'targetVersion: v1.32', 'waves:', '  byLabel:', '    label: upgrade-wave', '    defaults:', '      maxConcurrency: 0', '      soak: 800h'].join('\n'),
    );
    const c = capture();
    const code = await runCli(['node', 'capstan', '--address', '127.0.0.1:1', 'campaign', 'start', '-f', f]);
    c.restore();
    expect(code).toBe(2);
    const text = c.err.join('\n');
    expect(text).toMatch(/targetVersion: "v1\.32" must be a Kubernetes version/);
    expect(text).toMatch(/waves\.byLabel\.defaults\.maxConcurrency: maxConcurrency 0 is below the minimum of 1/);
    expect(text).toMatch(/waves\.byLabel\.defaults\.soak: 800h is longer than 720h \(30 days\), the cap/);
  });
});
