import { WorkflowNotFoundError } from '@temporalio/client';
import type { FleetClusters } from '../../activities/gitops/fleetClusters';
import type { CapstanClient } from './CapstanClient';

/** The fleet sync's view of the clusters, through the typed client. */
export function fleetClustersOf(capstan: CapstanClient): FleetClusters {
  return {
    async listRepositoryClusters(query) {
      const keys = [];
      for await (const wf of capstan.client.workflow.list({ query })) {
        const [, namespace = '', name = ''] = wf.workflowId.split('/');
        keys.push({ namespace, name });
      }
      return keys;
    },
    async isRunning(key) {
      try {
        return (await capstan.handle(key).describe()).status.name === 'RUNNING';
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return false;
        throw err;
      }
    },
    describe: (key) => capstan.describe(key),
    desired: (key) => capstan.desired(key),
    apply: (desired) => capstan.apply(desired),
    stage: (desired) => capstan.stage(desired),
    delete: (key, opts) => capstan.delete(key, opts),
  };
}
