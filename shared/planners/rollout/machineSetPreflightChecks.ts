/**
 * CAPI's MachineSet preflight checks (feature MachineSetPreflightChecks, on by default;
 * `machineset_preflight.go`, capi-behaviour.md §3): before a MachineSet creates Machines
 * (scale up) or remediates one, the control plane must be stable and the new Machines' version
 * must be one the control plane can take. A Machine joining while the control plane upgrades can
 * hit a mixed-version API server or a load balancer switching backends; a kubeadm join at a
 * different minor than the control plane fails outright. Failing checks hold the operation
 * (requeued in CAPI every 15 s; here the control plane's next report wakes the MachineDeployment)
 * and say why.
 */
import { compareKubeVersions, parseKubeVersion, type KubeVersion } from '../../model/rules/version';
import { MAX_KUBELET_MINOR_SKEW } from '../../model/rules/versionSkew';

/** `machineset.cluster.x-k8s.io/skip-preflight-checks`: `All` or a comma-separated list of check names. */
export const SKIP_PREFLIGHT_CHECKS_ANNOTATION = 'machineset.cluster.x-k8s.io/skip-preflight-checks';

export type MachineSetPreflightCheck = 'ControlPlaneIsStable' | 'ControlPlaneVersionSkew' | 'KubernetesVersionSkew' | 'KubeadmVersionSkew';

/** What a MachineDeployment knows of its cluster's control plane (the cluster tells it on every change). */
export interface ControlPlaneView {
  /** `KubeadmControlPlane default/dev-cp` */
  ref: string;
  /** spec.version */
  version: string;
  /** status.version: the oldest version any control-plane Machine runs; absent while none exists (provisioning) */
  statusVersion?: string;
  /** the cluster is declared through a ClusterClass (`spec.topology`): MachineSets must match the control plane's version */
  topology?: boolean;
  /** increases with every change the cluster sends, so a MachineDeployment keeps the newest view */
  seq: number;
}

export interface MachineSetPreflightInput {
  /** absent: the cluster has not said (runs started before the checks): nothing is checked, as CAPI without a control-plane version */
  controlPlane?: ControlPlaneView;
  /** the MachineSet's `spec.template.spec.version` */
  version: string;
  /** the bootstrap template's kind: the kubeadm skew check applies to KubeadmConfigTemplate only */
  bootstrapKind: string;
  /** the MachineSet's annotations (a MachineDeployment's are copied to its MachineSets) */
  annotations: Readonly<Record<string, string>>;
}

/** The preflight failures, in CAPI's order and words; empty when every check passes or is skipped. */
export function machineSetPreflightChecks(s: MachineSetPreflightInput): string[] {
  const skipped = skippedPreflightChecks(s.annotations);
  const cp = s.controlPlane;
  if (skipped === 'All' || !cp) return [];
  const cpVersion = parseKubeVersion(cp.version);
  if (!cpVersion) return [];
  const failures: string[] = [];
  const failed = (check: MachineSetPreflightCheck, what: string) => failures.push(`${what} ("${check}" preflight failed)`);

  if (!skipped.has('ControlPlaneIsStable')) {
    const status = cp.statusVersion === undefined ? undefined : parseKubeVersion(cp.statusVersion);
    if (cp.statusVersion === undefined) failed('ControlPlaneIsStable', `ControlPlane ${cp.ref} is provisioning`);
    else if (status && compareKubeVersions(cpVersion, status) > 0) failed('ControlPlaneIsStable', `ControlPlane ${cp.ref} is upgrading`);
  }

  // Topology clusters (CAPI: ControlPlaneVersionSkew): a MachineSet creates machines only at the
  // control plane's version; the topology holds MachineDeployments at the old version until the
  // control plane is done, and their machines wait with them.
  if (cp.topology && !skipped.has('ControlPlaneVersionSkew') && s.version !== cp.version) {
    failed('ControlPlaneVersionSkew', `MachineSet version (${s.version}) and ControlPlane version (${cp.version}) do not match`);
  }
  const ms = parseKubeVersion(s.version);
  if (!ms) return failures;
  if (!skipped.has('KubernetesVersionSkew')) {
    const skew = kubernetesVersionSkew(cpVersion, ms);
    if (skew) failed('KubernetesVersionSkew', `MachineSet version (${s.version}) and ControlPlane version (${cp.version}) do not conform to the kubernetes version skew policy as MachineSet version is ${skew}`);
  }
  if (!skipped.has('KubeadmVersionSkew') && s.bootstrapKind === 'KubeadmConfigTemplate' && (ms.major !== cpVersion.major || ms.minor !== cpVersion.minor)) {
    failed(
      'KubeadmVersionSkew',
      `MachineSet version (${s.version}) and ControlPlane version (${cp.version}) do not conform to kubeadm version skew policy as kubeadm only supports joining with the same major+minor version as the control plane`,
    );
  }
  return failures;
}

/**
 * The control plane as its MachineDeployments see it: spec.version, and status.version as KCP
 * computes it (the oldest version of its Machines; none yet means provisioning). `seq` is the
 * caller's: it changes only when the rest does.
 */
export function controlPlaneViewOf(
  namespace: string,
  desired: { kind: string; name: string; version: string },
  status: { machines: ReadonlyArray<{ version: string }> } | undefined,
  topology = false,
): Omit<ControlPlaneView, 'seq'> {
  let oldest: string | undefined;
  for (const { version } of status?.machines ?? []) {
    const v = parseKubeVersion(version);
    const o = oldest === undefined ? undefined : parseKubeVersion(oldest);
    if (oldest === undefined || (v && o && compareKubeVersions(v, o) < 0)) oldest = version;
  }
  return {
    ref: `${desired.kind} ${namespace}/${desired.name}`,
    version: desired.version,
    ...(oldest === undefined ? {} : { statusVersion: oldest }),
    ...(topology ? { topology } : {}),
  };
}

/** CAPI's hold message for an operation the checks stopped (`runPreflightChecks`). */
export function preflightHoldMessage(action: 'Scale up' | 'Machine remediation', failures: readonly string[]): string {
  return `Performing "${action}" on hold because ${failures.join('; ')}. The operation will continue after the preflight check(s) pass`;
}

function kubernetesVersionSkew(cp: KubeVersion, ms: KubeVersion): string | undefined {
  if (ms.major > cp.major || (ms.major === cp.major && ms.minor > cp.minor)) return 'higher than ControlPlane version';
  if (ms.major < cp.major || cp.minor - ms.minor > MAX_KUBELET_MINOR_SKEW) {
    return `more than ${MAX_KUBELET_MINOR_SKEW} minor versions older than the ControlPlane version`;
  }
  return undefined;
}

function skippedPreflightChecks(annotations: Readonly<Record<string, string>>): 'All' | Set<string> {
  const raw = annotations[SKIP_PREFLIGHT_CHECKS_ANNOTATION];
  const names = new Set((raw ?? '').split(',').map((x) => x.trim()).filter(Boolean));
  return names.has('All') ? 'All' : names;
}
