import type { DesiredCluster, DesiredMachineTemplate } from '../../model/desired';
import { controlPlaneTemplateHash } from '../controlPlane/fromObservations';
import { machineTemplateHash } from '../machineTemplateHash';
import { rotateTopologyTemplates } from '../topologyTemplateRotation';
import { canonicalJson } from '../../canonicalJson';

/** What an update does to the machines of one cluster: which owners replace machines, and why. */
export interface RolloutImpact {
  /** owners that replace machines: `KubeadmControlPlane/x-cp: 3 machine(s), version v1.31.4 → v1.32.0` */
  rollouts: string[];
  /** nothing is replaced: every change applies in place (labels, timeouts, replicas, …) */
  inPlace: boolean;
}

/**
 * Why one machine template needs new machines, or undefined: a MachineDeployment's by CAPI's
 * MachineTemplateUpToDate (version, template references, failure domain), the control plane's
 * by KCP's (version, infrastructure template, kubeadmConfigSpec content).
 */
function templateChange(from: DesiredMachineTemplate, to: DesiredMachineTemplate, controlPlane = false): string | undefined {
  const hash = controlPlane
    ? (t: DesiredMachineTemplate) => `${t.version}/${controlPlaneTemplateHash(t)}`
    : machineTemplateHash;
  if (hash(from) === hash(to)) return undefined;
  const why: string[] = [];
  if (from.version !== to.version) why.push(`version ${from.version} → ${to.version}`);
  if (from.infrastructure.name !== to.infrastructure.name || from.infrastructure.kind !== to.infrastructure.kind) {
    why.push(`${to.infrastructure.kind} ${from.infrastructure.name} → ${to.infrastructure.name}`);
  }
  if (controlPlane) {
    if (canonicalJson(from.bootstrap.spec) !== canonicalJson(to.bootstrap.spec)) why.push('kubeadmConfigSpec changed');
  } else if (from.bootstrap.name !== to.bootstrap.name || from.bootstrap.kind !== to.bootstrap.kind) {
    why.push(`${to.bootstrap.kind} ${from.bootstrap.name} → ${to.bootstrap.name}`);
  }
  if (!controlPlane && (from.failureDomain ?? '') !== (to.failureDomain ?? '')) why.push(`failureDomain ${from.failureDomain ?? '(any)'} → ${to.failureDomain ?? '(any)'}`);
  return why.join(', ');
}

/**
 * Which machines an update replaces, by Cluster API's rules: a KubeadmControlPlane or
 * MachineDeployment rolls out when its machine template's version, template references (a
 * ClusterClass template change rotates the template name) or failure domain change, or when a
 * new `rolloutAfter` is set; labels, annotations, minReadySeconds, the deletion timeouts, the
 * strategy and replicas change in place. Pure: `applied` is what the live cluster was last
 * applied with (its `desired` query), `compiled` what the repository compiles to now.
 */
export function rolloutImpact(applied: DesiredCluster, compiled: DesiredCluster): RolloutImpact {
  // what the cluster workflow will hold once it takes the change in (topology templates rotated)
  const next = rotateTopologyTemplates(applied, compiled);
  const rollouts: string[] = [];
  const cpWhy = [
    templateChange(applied.controlPlane.machineTemplate, next.controlPlane.machineTemplate, true),
    next.controlPlane.rollout.after !== applied.controlPlane.rollout.after && next.controlPlane.rollout.after
      ? `rolloutAfter ${next.controlPlane.rollout.after}`
      : undefined,
  ].filter(Boolean);
  if (cpWhy.length) rollouts.push(`${next.controlPlane.kind}/${next.controlPlane.name}: ${applied.controlPlane.replicas} machine(s), ${cpWhy.join(', ')}`);
  for (const md of next.machineDeployments) {
    const before = applied.machineDeployments.find((m) => m.name === md.name);
    if (!before) continue; // a new MachineDeployment creates machines but replaces none
    const why = [
      templateChange(before.template, md.template),
      md.rolloutAfter !== before.rolloutAfter && md.rolloutAfter ? `rolloutAfter ${md.rolloutAfter}` : undefined,
    ].filter(Boolean);
    if (why.length) {
      const how = md.strategy.type === 'OnDelete' ? ' (OnDelete: as you delete old machines)' : '';
      rollouts.push(`MachineDeployment/${md.name}: ${before.replicas} machine(s)${how}, ${why.join(', ')}`);
    }
  }
  return { rollouts, inPlace: rollouts.length === 0 };
}
