import type { DesiredCluster, TemplateSnapshot } from '../model/desired';
import { stableHash } from '../naming';
import { canonicalJson } from '../canonicalJson';

/** `<base>-<6 characters of stableHash>`: a name rotateTemplate derived from `base`. */
function isRotationOf(name: string, base: string): boolean {
  return name.length === base.length + 7 && name.startsWith(`${base}-`);
}

/**
 * One template of a topology cluster against the one the cluster last ran with. CAPI's topology
 * controller clones every ClusterClass template per cluster and, when the desired spec differs
 * from the clone's, creates a new clone under a new name and repoints the owner: a template
 * rotation, which is what rolls the machines. Here: the same spec keeps the previous name (no
 * rollout, even if that name was rotated before); a different spec under the same base name gets
 * `<base>-<hash of spec>`; a different template (another name) is a rotation already.
 */
export function rotateTemplate(previous: TemplateSnapshot | undefined, next: TemplateSnapshot): TemplateSnapshot {
  if (!previous || previous.kind !== next.kind) return next;
  const sameBase = previous.name === next.name || isRotationOf(previous.name, next.name);
  if (!sameBase) return next;
  const spec = canonicalJson(next.spec);
  if (canonicalJson(previous.spec) === spec) return { ...next, name: previous.name };
  return { ...next, name: `${next.name}-${stableHash(spec)}` };
}

/**
 * The desired state of a topology cluster with its machine templates rotated against the state
 * it last ran with, so a ClusterClass template edited in place (a KubeadmConfigTemplate's
 * commands, a machine template's spec) rolls the machines built from it, as in CAPI
 * (capi-behaviour.md §7.2). Clusters without a topology are returned as they are: an explicit
 * MachineDeployment rolls only when its template reference changes, as in CAPI. The control
 * plane's bootstrap is the KCP's own kubeadmConfigSpec, which KCP compares by content already.
 */
export function rotateTopologyTemplates(previous: DesiredCluster | undefined, next: DesiredCluster): DesiredCluster {
  if (!previous || !next.topology || !previous.topology) return next;
  const cp = next.controlPlane.machineTemplate;
  return {
    ...next,
    controlPlane: {
      ...next.controlPlane,
      machineTemplate: { ...cp, infrastructure: rotateTemplate(previous.controlPlane.machineTemplate.infrastructure, cp.infrastructure) },
    },
    machineDeployments: next.machineDeployments.map((md) => {
      const before = previous.machineDeployments.find((m) => m.name === md.name)?.template;
      return {
        ...md,
        template: {
          ...md.template,
          infrastructure: rotateTemplate(before?.infrastructure, md.template.infrastructure),
          bootstrap: rotateTemplate(before?.bootstrap, md.template.bootstrap),
        },
      };
    }),
  };
}
