import type { ControlPlaneSpec, FailureDomain } from '../../../../shared/planners/controlPlane';
import type { DriverTiming } from '../../planners/controlPlane/simWorld';
import type { Rng } from '../random';

/**
 * A randomized control-plane scenario: a starting KubeadmControlPlane, the world's timing, and
 * what happens to it at which tick. Plain JSON, printed whole when a run fails.
 */

/**
 * - etcdMemberDown / kubeletDown: a healthy Machine breaks (simWorld's faults); the MHC marks it
 *   at once (HealthCheckSucceeded=False, OwnerRemediated=False).
 * - mhcMarked: the MHC marks a Machine that is in fact fine (e.g. a remediate-machine request).
 * - stuckProvisioning: the next Machine the planner creates never gets a Node; `delayTicks` after
 *   its creation the MHC's nodeStartupTimeout marks it.
 * - slowBoot: the next Machine the planner creates gets its Node `delayTicks` late.
 */
export type FaultKind = 'etcdMemberDown' | 'kubeletDown' | 'mhcMarked' | 'stuckProvisioning' | 'slowBoot';

export type ControlPlaneEvent =
  | { at: number; kind: 'spec'; describe: string; patch: Partial<ControlPlaneSpec> }
  /** `pick` in [0, 1) chooses among the Machines eligible when the fault fires */
  | { at: number; kind: 'fault'; fault: FaultKind; pick: number; delayTicks: number };

export interface ControlPlaneScenario {
  /**
   * Faults are only injected when the planner can be expected to recover from them (see
   * faults.ts); the run must then converge. Otherwise anything goes and only safety is checked.
   */
  recoverable: boolean;
  spec: ControlPlaneSpec;
  failureDomains: FailureDomain[];
  initialMachines: number;
  initialVersion: string;
  timing: DriverTiming;
  events: ControlPlaneEvent[];
}

const ZONES = ['az1', 'az2', 'az3'];

export function generateControlPlaneScenario(rng: Rng): ControlPlaneScenario {
  // maxSurge 0 ("scale in") is only valid with at least 3 replicas, so such a control plane
  // never scales to 1 (the webhook would refuse it).
  const maxSurge: 0 | 1 = rng.chance(0.3) ? 0 : 1;
  const replicaChoices = maxSurge === 0 ? [3, 5] : [1, 3, 5];
  const replicas = rng.pick(replicaChoices);
  const initialVersion = `v1.${rng.int(29, 31)}.${rng.int(0, 9)}`;
  const spec: ControlPlaneSpec = {
    name: 'cp',
    replicas,
    version: initialVersion,
    templateHash: 'tmpl-1',
    rollout: { maxSurge },
    remediation: {
      retryPeriodSeconds: rng.pick([0, 0, 60, 300]),
      minHealthyPeriodSeconds: 3600,
      ...(rng.chance(0.3) ? { maxRetry: 5 } : {}),
    },
  };
  const zoneCount = rng.int(0, 3);
  const failureDomains: FailureDomain[] = ZONES.slice(0, zoneCount).map((name) => ({
    name,
    controlPlane: true,
  }));
  if (rng.chance(0.3)) failureDomains.push({ name: 'edge', controlPlane: false });
  const timing: DriverTiming = {
    nodeAfterTicks: rng.int(1, 4),
    etcdJoinAfterTicks: rng.int(0, 3),
    drainTicks: rng.int(0, 4),
    infraDeleteTicks: rng.int(0, 3),
  };
  // Mostly an existing control plane; sometimes one built from nothing (kubeadm init first).
  const initialMachines = rng.chance(0.15) ? 0 : replicas;
  const recoverable = rng.chance(0.75);

  const events: ControlPlaneEvent[] = [];
  let current = { ...spec };
  let template = 1;
  const specChanges = rng.int(0, 4);
  for (let i = 0; i < specChanges; i++) {
    const at = rng.int(0, 60);
    const kind = rng.weighted([
      ['version', 35],
      ['template', 20],
      ['scale', 45],
    ] as const);
    if (kind === 'version') {
      const to = bumpMinor(current.version, rng.int(0, 5));
      events.push({
        at,
        kind: 'spec',
        describe: `version ${current.version} → ${to}`,
        patch: { version: to },
      });
      current = { ...current, version: to };
    } else if (kind === 'template') {
      const to = `tmpl-${++template}`;
      events.push({ at, kind: 'spec', describe: `template → ${to}`, patch: { templateHash: to } });
      current = { ...current, templateHash: to };
    } else {
      const to = rng.pick(replicaChoices.filter((r) => r !== current.replicas));
      events.push({
        at,
        kind: 'spec',
        describe: `replicas ${current.replicas} → ${to}`,
        patch: { replicas: to },
      });
      current = { ...current, replicas: to };
    }
  }
  // Spec changes keep their generation order (each is relative to the previous one), so their
  // ticks are sorted rather than the events shuffled.
  const ticks = events.map((e) => e.at).sort((a, b) => a - b);
  events.forEach((e, i) => (e.at = ticks[i]!));

  const faultCount = rng.weighted([
    [0, 30],
    [1, 35],
    [2, 20],
    [3, 15],
  ] as const);
  for (let i = 0; i < faultCount; i++) {
    const fault = rng.weighted<FaultKind>([
      ['etcdMemberDown', 25],
      ['kubeletDown', 25],
      ['mhcMarked', 15],
      ['stuckProvisioning', 15],
      ['slowBoot', 20],
    ]);
    events.push({
      at: rng.int(0, 70),
      kind: 'fault',
      fault,
      pick: rng.float(),
      delayTicks: rng.int(2, 8),
    });
  }
  events.sort((a, b) => a.at - b.at);
  return { recoverable, spec, failureDomains, initialMachines, initialVersion, timing, events };
}

/** +1 minor (the most the KCP webhook allows per change), any patch. */
function bumpMinor(version: string, patch: number): string {
  const m = /^v(\d+)\.(\d+)\./.exec(version);
  if (!m) throw new Error(`not a version: ${version}`);
  return `v${m[1]}.${Number(m[2]) + 1}.${patch}`;
}
