/**
 * EC2 instance calls: list by tag filters, launch one, terminate. Each call's errors are
 * classified (awsFailure.ts); "not found" on terminate is success, as DESIGN.md asks.
 */
import {
  DescribeInstancesCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
  type Instance,
  type RunInstancesCommandInput,
} from '@aws-sdk/client-ec2';
import { awsErrorFacts, awsFailure, callAws, type AwsCallContext } from './awsFailure';
import type { AwsFilter } from './awsTags';

export async function describeInstances(
  ec2: EC2Client,
  filters: AwsFilter[],
  ctx: Omit<AwsCallContext, 'operation'>,
): Promise<Instance[]> {
  const out: Instance[] = [];
  let NextToken: string | undefined;
  do {
    const page = await callAws({ ...ctx, operation: 'DescribeInstances' }, () =>
      ec2.send(
        new DescribeInstancesCommand({
          Filters: filters,
          MaxResults: 1000,
          ...(NextToken ? { NextToken } : {}),
        }),
      ),
    );
    for (const r of page.Reservations ?? []) out.push(...(r.Instances ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

/**
 * Launches one instance. A token EC2 refuses because its instance was terminated (a machine of
 * the same name made again) moves to the next token of the deterministic chain `tokenFor(0..)`.
 */
export async function runInstance(
  ec2: EC2Client,
  input: Omit<RunInstancesCommandInput, 'ClientToken'>,
  tokenFor: (generation: number) => string,
  ctx: Omit<AwsCallContext, 'operation'>,
): Promise<Instance | undefined> {
  const MAX_GENERATIONS = 8;
  for (let generation = 0; ; generation++) {
    try {
      const res = await ec2.send(new RunInstancesCommand({ ...input, ClientToken: tokenFor(generation) }));
      return res.Instances?.[0];
    } catch (err) {
      const { code } = awsErrorFacts(err);
      if (code === 'IdempotentInstanceTerminated' && generation + 1 < MAX_GENERATIONS) continue;
      throw awsFailure(err, { ...ctx, operation: 'RunInstances' });
    }
  }
}

/** Terminates each instance; one that no longer exists counts as terminated. */
export async function terminateInstances(
  ec2: EC2Client,
  ids: string[],
  ctx: Omit<AwsCallContext, 'operation'>,
): Promise<void> {
  // One call per id: a batch fails whole when any id is unknown, and there are rarely more than two.
  for (const id of ids) {
    try {
      await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    } catch (err) {
      if (awsErrorFacts(err).code === 'InvalidInstanceID.NotFound') continue;
      throw awsFailure(err, { ...ctx, operation: 'TerminateInstances' });
    }
  }
}
