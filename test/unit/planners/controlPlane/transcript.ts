import type { ControlPlaneIntent } from '../../../../shared/planners/controlPlane';
import type { SimMachine, World } from './simWorld';

/** One line per tick; consecutive identical ticks collapse into one "tAA-tBB" line. */
export class Transcript {
  private readonly lines: string[] = [];
  private pending?: { from: number; to: number; body: string };

  note(text: string): void {
    this.flush();
    this.lines.push(text);
  }

  tick(tick: number, body: string): void {
    if (this.pending && this.pending.body === body && this.pending.to === tick - 1) {
      this.pending.to = tick;
      return;
    }
    this.flush();
    this.pending = { from: tick, to: tick, body };
  }

  text(): string {
    this.flush();
    return `${this.lines.join('\n')}\n`;
  }

  private flush(): void {
    if (!this.pending) return;
    const { from, to, body } = this.pending;
    const label = from === to ? `t${pad(from)}` : `t${pad(from)}-t${pad(to)}`;
    this.lines.push(`${label.padEnd(9)} ${body}`);
    this.pending = undefined;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

export function describeWorld(world: World): string {
  const machines = [...world.machines]
    .sort((a, b) => a.m.name.localeCompare(b.m.name, 'en', { numeric: true }))
    .map((s) => describeMachine(world, s));
  const voting = world.members.filter((m) => !m.isLearner);
  return `${machines.join(' ')} | etcd ${voting.filter((m) => m.healthy).length}/${voting.length}`;
}

function describeMachine(world: World, s: SimMachine): string {
  const member = world.members.find((m) => m.name === s.m.nodeName);
  const leader = member?.isLeader ? '*' : '';
  const parts = [s.m.failureDomain, s.m.version, machineState(s, member !== undefined)].filter(Boolean);
  return `${s.m.name}${leader}(${parts.join(' ')})`;
}

function machineState(s: SimMachine, hasMember: boolean): string {
  if (s.hookRemovedTick !== undefined) return 'gone';
  if (s.m.deletionRequestedAt) return s.m.waitingForPreTerminateHook ? 'hook' : 'drain';
  if (!s.m.nodeName) return 'prov';
  if (s.fault) return s.fault === 'etcdMemberDown' ? 'etcd-down' : 'kubelet-down';
  return hasMember ? 'ok' : 'join';
}

export function describeIntent(intent: ControlPlaneIntent): string {
  switch (intent.type) {
    case 'createMachine': {
      const args = [
        intent.role,
        intent.failureDomain,
        intent.remediationFor ? `for ${intent.remediationFor.machine}` : undefined,
      ];
      return `createMachine(${args.filter(Boolean).join(', ')}): ${intent.reason}`;
    }
    case 'forwardEtcdLeadership':
      return `forwardEtcdLeadership(${intent.from} → ${intent.to}): ${intent.reason}`;
    case 'deleteMachine':
      return `deleteMachine(${intent.name}): ${intent.reason}`;
    case 'removeEtcdMember':
      return `removeEtcdMember(${intent.memberName}): ${intent.reason}`;
    case 'removePreTerminateHook':
      return `removePreTerminateHook(${intent.machine}): ${intent.reason}`;
    case 'markRemediation':
      return `markRemediation(${intent.machine}, retry ${intent.record.retryCount}): ${intent.reason}`;
    case 'wait':
    case 'none':
      return `${intent.type}: ${intent.reason}`;
  }
}
