import type { DesiredControlPlane, TemplateSnapshot } from '../../desired';
import {
  CLUSTER_NAME_LABEL,
  CONTROL_PLANE_LABEL,
  CONTROL_PLANE_NAME_LABEL,
} from '../../kinds/common/capiLabels';
import type { KubeadmControlPlaneObject } from '../../kinds/kubeadmControlPlane';
import { compact } from './compact';
import { buildMachineTemplate, seconds } from './machineTemplate';
import { templateSnapshot } from './snapshot';

/** KCP remediation defaults (capi-behaviour.md §4.1): retry immediately, 1h healthy period. */
export const DEFAULT_KCP_RETRY_PERIOD_SECONDS = 0;
export const DEFAULT_KCP_MIN_HEALTHY_PERIOD_SECONDS = 3600;

/**
 * DesiredControlPlane from a validated KubeadmControlPlane and its infrastructure machine
 * template. The bootstrap snapshot is the KCP itself (its kubeadmConfigSpec), as in CAPI where
 * KCP creates each machine's KubeadmConfig. Machines carry CAPI's control-plane labels, which
 * MachineHealthCheck selectors use.
 */
export function buildControlPlane(
  clusterName: string,
  kcp: KubeadmControlPlaneObject,
  infrastructure: TemplateSnapshot,
): DesiredControlPlane {
  const spec = kcp.spec;
  const mt = spec.machineTemplate;
  const maxSurge = spec.rolloutStrategy.rollingUpdate.maxSurge === 0 ? 0 : 1;
  return {
    kind: 'KubeadmControlPlane',
    name: kcp.metadata.name,
    replicas: spec.replicas,
    version: spec.version,
    machineTemplate: buildMachineTemplate({
      version: spec.version,
      infrastructure,
      bootstrap: templateSnapshot(
        kcp.apiVersion,
        'KubeadmControlPlane',
        kcp.metadata.name,
        spec.kubeadmConfigSpec,
      ),
      labels: {
        ...mt.metadata.labels,
        [CLUSTER_NAME_LABEL]: clusterName,
        [CONTROL_PLANE_LABEL]: '',
        [CONTROL_PLANE_NAME_LABEL]: kcp.metadata.name,
      },
      annotations: mt.metadata.annotations,
      minReadySeconds: 0,
      nodeDrainTimeout: mt.nodeDrainTimeout,
      nodeVolumeDetachTimeout: mt.nodeVolumeDetachTimeout,
      nodeDeletionTimeout: mt.nodeDeletionTimeout,
    }),
    rollout: compact({ maxSurge, after: spec.rolloutAfter }),
    remediation: compact({
      maxRetry: spec.remediationStrategy?.maxRetry,
      retryPeriodSeconds: seconds(spec.remediationStrategy?.retryPeriod) ?? DEFAULT_KCP_RETRY_PERIOD_SECONDS,
      minHealthyPeriodSeconds:
        seconds(spec.remediationStrategy?.minHealthyPeriod) ?? DEFAULT_KCP_MIN_HEALTHY_PERIOD_SECONDS,
    }),
    annotations: kcp.metadata.annotations,
  };
}
