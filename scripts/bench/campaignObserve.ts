/**
 * The observer of `npm run bench:campaign`: every few hundred ms, the clusters the sim shows
 * touched by the upgrade (each read through its own workflow's describe), then the campaign's
 * status; the caps checked on both accounts at every observation, a violation printed at once.
 */
import type { DesiredCluster } from '../../shared/model/desired';
import type { CampaignStatusView } from '../../shared/planners/campaign';
import type { CampaignClient } from '../client/CampaignClient';
import type { CapstanClient } from '../client/CapstanClient';
import { classifyCluster, statusCapViolations, truthViolations, type TruthState } from './campaignIdeal';
import { fetchWorld, mapLimit, sleep } from './campaignFleet';

export interface ObserveResult {
  observations: number;
  /** distinct violation messages with how often each was seen */
  violations: Map<string, number>;
  /** per wave, the most clusters upgrading at once: the campaign's account, and the clusters' */
  maxUpgrading: Map<string, number>;
  maxInFlight: Map<string, number>;
  last?: CampaignStatusView;
}

export function startObserver(o: {
  campaigns: CampaignClient;
  capstan: CapstanClient;
  simUrl: string;
  campaign: string;
  fleet: ReadonlyArray<{ cluster: DesiredCluster; wave: string }>;
  waveOrder: readonly string[];
  caps: ReadonlyMap<string, number>;
  to: string;
  intervalMs: number;
}): { stop: () => Promise<ObserveResult> } {
  const r: ObserveResult = { observations: 0, violations: new Map(), maxUpgrading: new Map(), maxInFlight: new Map() };
  const done = new Set<string>();
  const bump = (m: Map<string, number>, k: string, v: number) => m.set(k, Math.max(m.get(k) ?? 0, v));
  const flag = (msgs: string[]) => {
    for (const msg of msgs) {
      if (!r.violations.has(msg)) console.error(`\nbench:campaign: CONCURRENCY CAP EXCEEDED: ${msg}\n`);
      r.violations.set(msg, (r.violations.get(msg) ?? 0) + 1);
    }
  };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      try {
        const touched = new Set((await fetchWorld(o.simUrl)).machines.filter((m) => m.version === o.to).map((m) => m.cluster));
        const state = new Map<string, TruthState>();
        await mapLimit(
          o.fleet.filter((f) => !done.has(f.cluster.name) && touched.has(f.cluster.name)),
          16,
          async (f) => {
            const s = classifyCluster(await o.capstan.describe(f.cluster), o.to);
            state.set(f.cluster.name, s);
            if (s === 'done') done.add(f.cluster.name);
          },
        );
        const truth = o.fleet.map((f) => ({
          name: f.cluster.name,
          wave: f.wave,
          state: done.has(f.cluster.name) ? ('done' as const) : (state.get(f.cluster.name) ?? 'untouched'),
        }));
        const status = await o.campaigns.status(o.campaign);
        r.observations++;
        r.last = status;
        for (const w of status.waves) bump(r.maxUpgrading, w.name, w.upgrading);
        for (const w of o.waveOrder) bump(r.maxInFlight, w, truth.filter((t) => t.wave === w && t.state === 'inFlight').length);
        flag([...statusCapViolations(status, o.caps), ...truthViolations(truth, o.waveOrder, o.caps)]);
      } catch (err) {
        // the campaign still resolving its clusters: its status query fails until then
        if (!/still resolving/.test(err instanceof Error ? err.message : String(err))) console.warn(`bench: observation failed: ${String(err)}`);
      }
      await sleep(Math.max(0, o.intervalMs - (Date.now() - started)));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return r;
    },
  };
}
