import type { DesiredMachineDeployment, TemplateSnapshot } from '../../desired';
import { DEPLOYMENT_NAME_LABEL } from '../../kinds/common/capiLabels';
import type { MachineDeploymentObject } from '../../kinds/machineDeployment';
import { compact } from './compact';
import { buildMachineTemplate } from './machineTemplate';

/** Only a set maxInFlight is carried: absent means no limit, as in CAPI. */
function remediationOf(strategy: MachineDeploymentObject['spec']['strategy']): Pick<DesiredMachineDeployment['strategy'], 'remediation'> {
  const maxInFlight = strategy.remediation?.maxInFlight;
  return maxInFlight === undefined ? {} : { remediation: { maxInFlight } };
}

/**
 * DesiredMachineDeployment from a validated (defaulted) MachineDeployment and its two templates.
 * `version` was checked present by the compiler. The MD's labels carry cluster-name and
 * deployment-name, like the labels CAPI puts on its machines, so tooling can select either.
 */
export function buildMachineDeployment(
  md: MachineDeploymentObject,
  version: string,
  bootstrap: TemplateSnapshot,
  infrastructure: TemplateSnapshot,
  topologyClass?: string,
): DesiredMachineDeployment {
  const spec = md.spec;
  const machine = spec.template.spec;
  return compact({
    name: md.metadata.name,
    replicas: spec.replicas,
    template: buildMachineTemplate({
      version,
      infrastructure,
      bootstrap,
      failureDomain: machine.failureDomain,
      labels: spec.template.metadata.labels,
      annotations: spec.template.metadata.annotations,
      minReadySeconds: spec.minReadySeconds,
      nodeDrainTimeout: machine.nodeDrainTimeout,
      nodeVolumeDetachTimeout: machine.nodeVolumeDetachTimeout,
      nodeDeletionTimeout: machine.nodeDeletionTimeout,
    }),
    strategy: {
      type: spec.strategy.type,
      maxSurge: spec.strategy.rollingUpdate.maxSurge,
      maxUnavailable: spec.strategy.rollingUpdate.maxUnavailable,
      deletePolicy: spec.strategy.rollingUpdate.deletePolicy,
      ...remediationOf(spec.strategy),
    },
    rolloutAfter: spec.rolloutAfter,
    paused: spec.paused,
    labels: { ...md.metadata.labels, [DEPLOYMENT_NAME_LABEL]: md.metadata.name },
    annotations: md.metadata.annotations,
    topologyClass,
  });
}
