import type { IntOrPercent } from '../../../../shared/model/desired';
import type { DrainBehavior, PodOwnerKind, PodPhase } from '../../../../shared/planners/drain';
import type { Rng } from '../random';

/**
 * A randomized Node drain: Pods of a few apps (ReplicaSet, StatefulSet, Job, unreplicated,
 * DaemonSet, static), some with emptyDir, drain labels, MachineDrainRules with orders, one PDB
 * per app, and how the cluster reacts (grace periods, replacements elsewhere, WaitCompleted Pods
 * finishing). Times are seconds from the start of the drain. Plain JSON.
 */
export interface AppSeed {
  name: string;
  namespace: string;
  owner: PodOwnerKind;
  /** Pods of the app on other Nodes (healthy), besides the ones on this Node */
  elsewhere: number;
  /** seconds a replacement of an evicted Pod takes to be healthy elsewhere */
  replacementDelay: number;
  pdb?: { minAvailable?: IntOrPercent; maxUnavailable?: IntOrPercent };
}

export interface PodSeed {
  name: string;
  app: string;
  phase: PodPhase;
  mirror?: boolean;
  ownerMissing?: boolean;
  localStorage?: boolean;
  drainLabel?: 'skip' | 'wait-completed' | 'Skip' | 'WaitCompleted';
  /** seconds a Pod takes to terminate once evicted */
  grace: number;
  /** a WaitCompleted Pod finishes (and is removed) at this second; undefined: never */
  completesAt?: number;
}

export interface RuleSeed {
  name: string;
  behavior: DrainBehavior;
  order?: number;
  /** the apps whose Pods it selects; empty: every Pod */
  apps: string[];
}

export interface DrainScenario {
  apps: AppSeed[];
  pods: PodSeed[];
  rules: RuleSeed[];
  nodeDrainTimeoutSeconds?: number;
  nodeUnreachable: boolean;
  nodeFound: boolean;
  excludeAnnotation: boolean;
}

const OWNERS: readonly (readonly [PodOwnerKind, number])[] = [
  ['ReplicaSet', 40],
  ['StatefulSet', 15],
  ['Job', 10],
  ['none', 10],
  ['DaemonSet', 20],
];

export function generateDrainScenario(rng: Rng): DrainScenario {
  const apps: AppSeed[] = [];
  const pods: PodSeed[] = [];
  const appCount = rng.int(0, 6);
  for (let a = 0; a < appCount; a++) {
    const owner = rng.weighted(OWNERS);
    const app: AppSeed = {
      name: `app${a + 1}`,
      namespace: rng.pick(['default', 'team-a', 'kube-system']),
      owner,
      elsewhere: owner === 'none' ? 0 : rng.int(0, 3),
      replacementDelay: rng.int(0, 60),
    };
    if (owner !== 'DaemonSet' && rng.chance(0.5)) {
      app.pdb = rng.chance(0.5)
        ? { minAvailable: rng.chance(0.6) ? rng.int(0, 4) : rng.pick(['50%', '80%', '100%']) }
        : { maxUnavailable: rng.chance(0.6) ? rng.int(0, 2) : rng.pick(['0%', '25%', '50%']) };
    }
    apps.push(app);
    const onNode = owner === 'DaemonSet' ? 1 : rng.int(1, 4);
    for (let p = 0; p < onNode; p++) {
      const pod: PodSeed = {
        name: `${app.name}-${p + 1}`,
        app: app.name,
        phase: rng.weighted([
          ['Running', 85],
          ['Succeeded', 8],
          ['Failed', 7],
        ] as const),
        grace: rng.int(0, 60),
      };
      if (owner === 'DaemonSet' && rng.chance(0.15)) pod.ownerMissing = true;
      if (rng.chance(0.15)) pod.localStorage = true;
      if (rng.chance(0.1))
        pod.drainLabel = rng.pick(['skip', 'wait-completed', 'Skip', 'WaitCompleted'] as const);
      pods.push(pod);
    }
  }
  // Static Pods: no owner we can evict through, seen through their mirrors.
  for (let i = 0; i < rng.int(0, 2); i++) {
    pods.push({ name: `static-${i + 1}`, app: `static-${i + 1}`, phase: 'Running', mirror: true, grace: 0 });
    apps.push({
      name: `static-${i + 1}`,
      namespace: 'kube-system',
      owner: 'none',
      elsewhere: 0,
      replacementDelay: 0,
    });
  }
  const rules: RuleSeed[] = [];
  for (let r = 0; r < rng.int(0, 3); r++) {
    const behavior = rng.weighted<DrainBehavior>([
      ['Drain', 60],
      ['Skip', 20],
      ['WaitCompleted', 20],
    ]);
    rules.push({
      name: `rule-${String.fromCharCode(97 + rng.int(0, 5))}${r}`,
      behavior,
      ...(behavior === 'Drain' && rng.chance(0.8) ? { order: rng.int(-5, 10) } : {}),
      apps: rng.chance(0.2) ? [] : apps.filter(() => rng.chance(0.4)).map((a) => a.name),
    });
  }
  // WaitCompleted Pods (by label or by rule) finish at some point, sometimes never.
  for (const pod of pods) if (rng.chance(0.9)) pod.completesAt = rng.int(0, 600);
  return {
    apps,
    pods,
    rules,
    ...(rng.chance(0.5) ? { nodeDrainTimeoutSeconds: rng.pick([0, 60, 300, 900]) } : {}),
    nodeUnreachable: rng.chance(0.1),
    nodeFound: rng.chance(0.97),
    excludeAnnotation: rng.chance(0.05),
  };
}
