import { violation, type RuleViolation } from './violation';

/**
 * KubeadmControlPlane webhook rules (capi-behaviour.md §4.1), as pure checks so the KCP schema
 * and the topology compiler (which builds a KCP from a ClusterClass) apply the same rules.
 */
export function checkKcpReplicas(replicas: number, externalEtcd: boolean): RuleViolation | undefined {
  if (replicas < 1) {
    return violation(
      'kcp-replicas-min',
      `replicas must be at least 1: a control plane cannot have ${replicas} machines`,
    );
  }
  if (!externalEtcd && replicas % 2 === 0) {
    return violation(
      'kcp-replicas-odd',
      `replicas cannot be an even number (${replicas}) when etcd is stacked: an even member count adds no fault tolerance and risks split votes`,
    );
  }
  return undefined;
}

export function checkKcpMaxSurge(maxSurge: number | string, replicas: number): RuleViolation | undefined {
  if (maxSurge !== 0 && maxSurge !== 1) {
    return violation(
      'kcp-max-surge',
      `rolloutStrategy.rollingUpdate.maxSurge must be 1 or 0 (got ${JSON.stringify(maxSurge)})`,
    );
  }
  if (maxSurge === 0 && replicas < 3) {
    return violation(
      'kcp-scale-in-min-replicas',
      `maxSurge 0 (scale-in rollout) needs at least 3 replicas, so etcd keeps quorum while a member is replaced (replicas: ${replicas})`,
    );
  }
  return undefined;
}
