import type { SimClient } from '../../activities/providers/sim/simClient';

export interface EtcdWatch {
  samples: number;
  maxVoting: number;
  /** fewest healthy voting members seen minus the quorum they needed; < 0 means quorum was lost */
  minQuorumMargin: number;
  /** samples where etcd could not be read at all (the API server was down) */
  unreadable: number;
  stop(): Promise<void>;
}

/**
 * Samples the sim's etcd member list every `intervalMs`, the way `etcdctl member list` would see
 * it. It reads the sim directly, so it keeps watching while no Capstan worker runs.
 */
export function watchEtcd(sim: SimClient, cluster: { namespace: string; name: string }, intervalMs = 15): EtcdWatch {
  let running = true;
  const w: EtcdWatch = {
    samples: 0,
    maxVoting: 0,
    minQuorumMargin: Number.MAX_SAFE_INTEGER,
    unreadable: 0,
    stop: async () => {
      running = false;
      await loop;
    },
  };
  const loop = (async () => {
    while (running) {
      try {
        const list = await sim.listEtcdMembers(cluster);
        const voting = (list?.items ?? []).filter((m) => !m.isLearner);
        if (voting.length > 0) {
          w.samples++;
          w.maxVoting = Math.max(w.maxVoting, voting.length);
          const healthy = voting.filter((m) => m.healthy).length;
          w.minQuorumMargin = Math.min(w.minQuorumMargin, healthy - (Math.floor(voting.length / 2) + 1));
        }
      } catch {
        w.unreadable++;
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return w;
}
