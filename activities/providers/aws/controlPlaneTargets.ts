/**
 * Control-plane instances in the load balancer's target group, as CAPA's AWSMachine controller
 * does. ELBv2 accepts only running instances, so registration happens once the instance runs;
 * both calls are idempotent, and a cluster without a target group (load balancer disabled) has
 * nothing to register with.
 */
import {
  DeregisterTargetsCommand,
  RegisterTargetsCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ResourceKey } from '../../../shared/ids';
import { awsErrorFacts, awsFailure, callAws, type AwsCallContext } from './awsFailure';
import { API_SERVER_PORT } from './clusterSpec';
import { targetGroupsNamed } from './loadBalancerLookup';
import { targetGroupName } from './loadBalancerNames';

type Ctx = Omit<AwsCallContext, 'operation'>;

export async function registerControlPlaneInstance(
  elb: ElasticLoadBalancingV2Client,
  cluster: ResourceKey,
  instanceId: string,
  ctx: Ctx,
): Promise<boolean> {
  const [tg] = await targetGroupsNamed(elb, targetGroupName(cluster), ctx);
  if (!tg?.TargetGroupArn) return false;
  const arn = tg.TargetGroupArn;
  await callAws({ ...ctx, operation: 'RegisterTargets' }, () =>
    elb.send(
      new RegisterTargetsCommand({
        TargetGroupArn: arn,
        Targets: [{ Id: instanceId, Port: API_SERVER_PORT }],
      }),
    ),
  );
  return true;
}

/** Takes the instance out of rotation before it is terminated; "not registered" is success. */
export async function deregisterControlPlaneInstance(
  elb: ElasticLoadBalancingV2Client,
  cluster: ResourceKey,
  instanceId: string,
  ctx: Ctx,
): Promise<void> {
  const [tg] = await targetGroupsNamed(elb, targetGroupName(cluster), ctx);
  if (!tg?.TargetGroupArn) return;
  try {
    await elb.send(
      new DeregisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: instanceId }] }),
    );
  } catch (err) {
    const { code } = awsErrorFacts(err);
    if (code === 'InvalidTarget' || code === 'TargetGroupNotFound') return;
    throw awsFailure(err, { ...ctx, operation: 'DeregisterTargets' });
  }
}
