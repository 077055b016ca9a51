import { maxSurgeOf } from './fenceposts';
import { largestNewerFirst, largestOlderFirst, newestFirst } from './machineSetOrder';
import { totalSpecReplicas, totalStatusReplicas } from './machineSetTotals';
import { addNote, allMachineSets, type PlannedMachineSet, type RolloutContext } from './rolloutContext';

/** k8s.io/utils/integer.RoundToInt32: halves round away from zero. */
export function roundHalfAwayFromZero(a: number): number {
  return a < 0 ? Math.trunc(a - 0.5) : Math.trunc(a + 0.5);
}

function active(list: readonly PlannedMachineSet[]): PlannedMachineSet[] {
  return list.filter((ms) => ms.replicas > 0);
}

/**
 * mdutil.FindOneActiveOrLatest: the only MachineSet with replicas, or — when none has any — the
 * new one (else the newest old one). Undefined when several are active.
 */
export function findOneActiveOrLatest(ctx: RolloutContext): PlannedMachineSet | undefined {
  const olds = newestFirst(ctx.oldMSs);
  if (!ctx.newMS && olds.length === 0) return undefined;
  const live = active(ctx.newMS ? [...olds, ctx.newMS] : olds);
  if (live.length === 0) return ctx.newMS ?? olds[0];
  return live.length === 1 ? live[0] : undefined;
}

/**
 * mdutil.IsSaturated: the new MachineSet already owns every replica — spec and its
 * desired-replicas annotation both equal the deployment's replicas, and all are available.
 */
export function isSaturated(ctx: RolloutContext, ms: PlannedMachineSet | undefined): boolean {
  if (!ms) return false;
  const r = ctx.spec.replicas;
  return ms.replicas === r && ms.source?.desiredReplicasAnnotation === r && ms.status.availableReplicas === r;
}

/**
 * mdutil.getMachineSetFraction: this MachineSet's share of the new size, scaled by the size the
 * deployment had when the MachineSet was last synced (its max-replicas annotation, i.e. replicas +
 * maxSurge then). Without the annotation CAPI falls back to the deployment's status.replicas. A
 * zero denominator would divide by zero in Go (undefined int conversion); we give no share.
 */
export function machineSetFraction(ctx: RolloutContext, ms: PlannedMachineSet): number {
  const { spec } = ctx;
  if (spec.replicas === 0) return -ms.replicas;
  const deploymentReplicas = spec.replicas + maxSurgeOf(spec);
  const annotated = ms.source?.maxReplicasAnnotation ?? totalStatusReplicas(allMachineSets(ctx));
  if (annotated <= 0) return 0;
  return roundHalfAwayFromZero((ms.replicas * deploymentReplicas) / annotated) - ms.replicas;
}

/**
 * mdutil.GetProportion: the fraction, capped so the running total never passes what is left to
 * add (scale-up) or to remove (scale-down).
 */
export function proportion(ctx: RolloutContext, ms: PlannedMachineSet, toAdd: number, added: number): number {
  if (ms.replicas === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = machineSetFraction(ctx, ms);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/**
 * Reconciler.scale (machinedeployment_sync.go), which CAPI runs while the deployment is paused:
 * a replica change is applied without hastening (or undoing) the rollout. One active MachineSet
 * takes the whole count; a saturated new MachineSet drains the old ones; otherwise, for
 * RollingUpdate, `replicas + maxSurge − Σspec` is spread over the active MachineSets in
 * proportion to their size — largest first, newer first when growing and older first when
 * shrinking — and the rounding leftover goes to the first (largest) one.
 */
export function planProportionalScale(ctx: RolloutContext): void {
  const { spec } = ctx;
  const single = findOneActiveOrLatest(ctx);
  if (single) {
    if (single.replicas !== spec.replicas) {
      addNote(
        ctx,
        single,
        `only active MachineSet: scale to MachineDeployment spec.replicas ${spec.replicas}`,
      );
      ctx.scaleIntents.set(single.name, spec.replicas);
    }
    return;
  }

  if (isSaturated(ctx, ctx.newMS)) {
    for (const old of active(ctx.oldMSs)) {
      addNote(ctx, old, 'new MachineSet is saturated: scale old MachineSet to 0');
      ctx.scaleIntents.set(old.name, 0);
    }
    return;
  }

  if (spec.strategy.type !== 'RollingUpdate') return;
  const live = active(allMachineSets(ctx));
  const allowed = spec.replicas > 0 ? spec.replicas + maxSurgeOf(spec) : 0;
  const toAdd = allowed - totalSpecReplicas(live);
  if (toAdd === 0) return;

  const ordered = toAdd > 0 ? largestNewerFirst(live) : largestOlderFirst(live);
  const sizes = new Map<string, number>();
  let added = 0;
  for (const ms of ordered) {
    const p = proportion(ctx, ms, toAdd, added);
    sizes.set(ms.name, ms.replicas + p);
    added += p;
  }
  ordered.forEach((ms, i) => {
    let size = sizes.get(ms.name) ?? ms.replicas;
    if (i === 0) size = Math.max(size + toAdd - added, 0);
    if (size === ms.replicas) return;
    addNote(
      ctx,
      ms,
      `proportional scaling: ${allowed} allowed (replicas + maxSurge), MachineSets held ${allowed - toAdd}; max-replicas annotation ${ms.source?.maxReplicasAnnotation ?? 'absent'}`,
    );
    ctx.scaleIntents.set(ms.name, size);
  });
}
