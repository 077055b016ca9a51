import type { DesiredMachineHealthCheck } from '../../desired';
import type { MachineHealthCheckObject } from '../../kinds/machineHealthCheck';
import { parseGoDuration } from '../../rules/duration';
import { compact } from './compact';

/**
 * DesiredMachineHealthCheck from a validated, defaulted MachineHealthCheck (matchLabels only);
 * `remediationTemplateSpec` is the resolved template's spec when Capstan runs that kind itself.
 */
export function buildMachineHealthCheck(
  mhc: MachineHealthCheckObject,
  remediationTemplateSpec?: Record<string, unknown>,
): DesiredMachineHealthCheck {
  const spec = mhc.spec;
  return compact({
    name: mhc.metadata.name,
    selector: { matchLabels: spec.selector.matchLabels ?? {} },
    unhealthyConditions: spec.unhealthyConditions.map((c) => ({
      type: c.type,
      status: c.status,
      timeoutSeconds: parseGoDuration(c.timeout) ?? 0,
    })),
    nodeStartupTimeoutSeconds: parseGoDuration(spec.nodeStartupTimeout) ?? 0,
    maxUnhealthy: spec.maxUnhealthy,
    unhealthyRange: spec.unhealthyRange,
    remediationTemplate: spec.remediationTemplate
      ? compact({
          apiVersion: spec.remediationTemplate.apiVersion,
          kind: spec.remediationTemplate.kind,
          name: spec.remediationTemplate.name,
          namespace: spec.remediationTemplate.namespace ?? mhc.metadata.namespace,
        })
      : undefined,
    remediationTemplateSpec,
  });
}
