import type { CampaignStatusView } from '../../shared/planners/campaign';
import type { ClusterDescription } from '../../shared/status/types';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A cluster is upgrading, in truth, when it wants the target and is not all there and healthy. */
export function upgradingTo(target: string, d: ClusterDescription): boolean {
  if (d.version !== target) return false;
  const machines = [...(d.controlPlane?.machines ?? []), ...d.machineDeployments.flatMap((md) => md.machines)].filter((m) => m.phase !== 'Deleting');
  return !(d.ready && machines.every((m) => m.version === target));
}

export interface CampaignObserver {
  /** every breach seen: a wave over its cap (status or clusters' own account), a wave moving early */
  violations: string[];
  counts(): { observations: number; maxStatus: number; maxTruth: number };
  /** the latest status read */
  latest(): CampaignStatusView | undefined;
  /** waits until the latest status passes `check`, failing with what the campaign waits for */
  until(what: string, check: (s: CampaignStatusView) => boolean, timeoutMs: number): Promise<CampaignStatusView>;
  stop(): Promise<void>;
}

/**
 * The campaign tests' observer: reads every cluster's own `describe` first, then the campaign's
 * status (so a wave-N cluster seen moving is seen with the status of that moment), and checks
 * the concurrency cap by both accounts and the wave order, until stopped.
 */
export function observeCampaign(o: {
  status: () => Promise<CampaignStatusView>;
  describeAll: () => Promise<Array<ClusterDescription | undefined>>;
  target: string;
  maxConcurrency: number;
  /** wave names in order; a cluster of a wave may move only once the wave before completed */
  waves: string[];
  waveOf: (d: ClusterDescription) => string | undefined;
  pauseMs: number;
}): CampaignObserver {
  const violations: string[] = [];
  let observations = 0;
  let maxStatus = 0;
  let maxTruth = 0;
  let last: CampaignStatusView | undefined;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const descriptions = await o.describeAll();
      // no answer while it resolves its clusters or the workers restart
      const s = await o.status().catch(() => undefined);
      if (!s) {
        await sleep(50);
        continue;
      }
      observations++;
      last = s;
      for (const w of s.waves) {
        maxStatus = Math.max(maxStatus, w.upgrading);
        if (w.upgrading > o.maxConcurrency) violations.push(`wave ${w.name}: ${w.upgrading} upgrading in the status`);
      }
      const moving = descriptions.filter((d): d is ClusterDescription => !!d && upgradingTo(o.target, d));
      maxTruth = Math.max(maxTruth, moving.length);
      if (moving.length > o.maxConcurrency) violations.push(`${moving.length} clusters upgrading at once: ${moving.map((d) => d.name).join(', ')}`);
      o.waves.slice(1).forEach((wave, i) => {
        const previous = s.waves.find((w) => w.name === o.waves[i])!;
        const started = descriptions.some((d) => d && o.waveOf(d) === wave && d.version === o.target);
        if (started && previous.phase !== 'Completed') violations.push(`wave ${wave} moving while wave ${previous.name} is ${previous.phase}`);
      });
      await sleep(o.pauseMs);
    }
  })();
  return {
    violations,
    counts: () => ({ observations, maxStatus, maxTruth }),
    latest: () => last,
    async until(what, check, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!last || !check(last)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${last?.waiting ?? ''}`);
        await sleep(50);
      }
      return last;
    },
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

/** After the campaign: no breach seen, enough looks, the cap reached by the status and never passed in truth. */
export function expectCapHeld(observer: CampaignObserver, maxConcurrency: number): void {
  expect(observer.violations).toEqual([]);
  const seen = observer.counts();
  expect(seen.observations).toBeGreaterThan(20);
  expect(seen.maxStatus).toBe(maxConcurrency); // the cap was reached, never passed
  expect(seen.maxTruth).toBeLessThanOrEqual(maxConcurrency);
}
