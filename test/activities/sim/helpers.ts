import { ApplicationFailure } from '@temporalio/common';
import { renderKubeadmCloudInit, type BootstrapMode } from '../../../activities/bootstrap/kubeadmCloudInit';
import type { ResourceKey } from '../../../shared/ids';

/** Real kubeadm bootstrap data for a simulated machine, as the ensureMachine activity renders it. */
export function simBootstrapData(
  cluster: ResourceKey,
  endpoint: { host: string; port: number },
  nodeName: string,
  mode: BootstrapMode,
): string {
  return renderKubeadmCloudInit({
    mode,
    clusterName: cluster.name,
    namespace: cluster.namespace,
    version: 'v1.31.4',
    controlPlaneEndpoint: endpoint,
    kubeadmConfigSpec: {},
    podCIDRs: [],
    serviceCIDRs: [],
    serviceDomain: 'cluster.local',
    token: 'abcdef.0123456789abcdef',
    nodeName,
  });
}

export { eventually } from '../../support/eventually';

/** The ApplicationFailure a call rejects with (anything else fails the test). */
export async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ApplicationFailure)) throw new Error(`expected an ApplicationFailure, got ${String(err)}`);
  return err;
}
