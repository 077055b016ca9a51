import { PREFLIGHT_CONDITIONS } from '../../../../shared/planners/controlPlane/constants';
import { isRemediationRecordStale } from '../../../../shared/planners/controlPlane/remediationInProgress';
import { injectFault, type SimMachine, type World } from '../../planners/controlPlane/simWorld';
import type { ControlPlaneEvent, FaultKind } from './scenario';

type FaultEvent = Extract<ControlPlaneEvent, { kind: 'fault' }>;

/**
 * Injects the scenario's faults into the world, refusing those that would make the run
 * meaningless:
 * - never one that breaks etcd quorum by itself (then a quorum loss is always the planner's);
 * - in a recoverable scenario, only one sick Machine at a time, node faults only while
 *   replicas ≥ 3 and at least 3 Machines are not being deleted, and not while an earlier
 *   remediation is still on record: KCP refuses to remediate the only Machine, or one whose
 *   loss could cost quorum, or any while a remediation waits for its replacement — such a run
 *   cannot converge.
 * stuckProvisioning and slowBoot are armed and hit the next Machine the planner creates.
 */
export class FaultInjector {
  private readonly armed: FaultEvent[] = [];
  /** stuck Machines: the tick at which the MHC's nodeStartupTimeout marks each */
  private readonly stuck = new Map<string, number>();
  /** Machines hit by a fault (until they are gone) */
  private readonly sick = new Set<string>();

  constructor(private readonly recoverable: boolean) {}

  /** Returns the transcript note. */
  inject(world: World, event: FaultEvent): string {
    if (event.fault === 'stuckProvisioning' || event.fault === 'slowBoot') {
      if (event.fault === 'stuckProvisioning' && this.recoverable && this.anySick(world))
        return `fault ${event.fault} skipped: another Machine is still sick`;
      this.armed.push(event);
      return `fault armed: the next new Machine ${event.fault === 'slowBoot' ? `boots ${event.delayTicks} ticks late` : `never gets a Node (MHC marks it after ${event.delayTicks} ticks)`}`;
    }
    const eligible = world.machines.filter((s) => isHealthy(world, s));
    if (eligible.length === 0) return `fault ${event.fault} skipped: no healthy Machine`;
    const target = eligible[Math.floor(event.pick * eligible.length)]!;
    const refusal = this.refusal(world, target, event.fault);
    if (refusal) return `fault ${event.fault} on ${target.m.name} skipped: ${refusal}`;
    this.sick.add(target.m.name);
    if (event.fault === 'mhcMarked') markByMhc(target);
    else injectFault(world, target.m.name, event.fault);
    return `fault: ${target.m.name} ${event.fault}`;
  }

  /** Called right after the planner created `s`: an armed fault hits it. */
  onCreated(world: World, s: SimMachine): string | undefined {
    const event = this.armed.shift();
    if (!event) return undefined;
    if (event.fault === 'slowBoot') {
      // The world times the Node from createdTick; KCP still sees the real createdAt.
      s.createdTick += event.delayTicks;
      return `fault: ${s.m.name} boots ${event.delayTicks} ticks late`;
    }
    s.neverGetsNode = true;
    this.sick.add(s.m.name);
    this.stuck.set(s.m.name, world.tick + event.delayTicks);
    return `fault: ${s.m.name} never gets a Node`;
  }

  /** The MHC's nodeStartupTimeout expires for stuck Machines. */
  onTick(world: World): string[] {
    const notes: string[] = [];
    for (const [name, at] of this.stuck) {
      if (world.tick < at) continue;
      this.stuck.delete(name);
      const s = world.machines.find((x) => x.m.name === name);
      if (!s || s.m.deletionRequestedAt || s.m.nodeName) continue;
      markByMhc(s);
      notes.push(`MHC: ${name} has no Node after its startup timeout, marked for remediation`);
    }
    return notes;
  }

  /** Faults armed but never used (no Machine was created after them) are not pending. */
  pendingMarks(): number {
    return this.stuck.size;
  }

  private refusal(world: World, target: SimMachine, fault: FaultKind): string | undefined {
    if (fault === 'etcdMemberDown') {
      const voting = world.members.filter((m) => !m.isLearner);
      const healthy = voting.filter((m) => m.healthy && m.name !== target.m.nodeName).length;
      if (healthy < Math.floor(voting.length / 2) + 1) return 'it alone would break etcd quorum';
    }
    if (!this.recoverable) return undefined;
    if (this.anySick(world)) return 'another Machine is still sick';
    const record = world.remediationInProgress;
    if (
      record &&
      !isRemediationRecordStale(
        record,
        world.machines.map((s) => s.m),
      )
    )
      // CAPI's KCP too: the record of a remediation whose replacement a scale-down made
      // unnecessary blocks every later remediation until some Machine is created (cf. #8188).
      return `the remediation of ${record.machine} is still on record (no replacement created yet)`;
    const live = world.machines.filter((s) => !s.m.deletionRequestedAt).length;
    if (world.spec.replicas < 3 || live < 3)
      return `only ${live} live Machine(s) for ${world.spec.replicas} replica(s): KCP could not remediate`;
    return undefined;
  }

  /** A Machine hit by a fault that still exists (it leaves once remediated), or a fault armed. */
  private anySick(world: World): boolean {
    if (this.armed.some((e) => e.fault === 'stuckProvisioning')) return true;
    return world.machines.some((s) => this.sick.has(s.m.name));
  }
}

/** Node, voting healthy member, every condition True, not deleting, not already hit. */
function isHealthy(world: World, s: SimMachine): boolean {
  if (s.m.deletionRequestedAt || !s.m.nodeName || s.fault || s.neverGetsNode) return false;
  const member = world.members.find((m) => m.name === s.m.nodeName);
  if (!member || member.isLearner || !member.healthy) return false;
  return (
    PREFLIGHT_CONDITIONS.every((c) => s.m.conditions[c] === 'True') &&
    s.m.conditions.HealthCheckSucceeded === 'True'
  );
}

/** What the MHC writes on a Machine it finds unhealthy; KCP then owns the remediation. */
function markByMhc(s: SimMachine): void {
  s.m.conditions = { ...s.m.conditions, HealthCheckSucceeded: 'False', OwnerRemediated: 'False' };
}
