import { compareKubeVersions, formatMinor, parseKubeVersion } from './version';
import { violation, type RuleViolation } from './violation';

/** Kubernetes skew policy for kubelets: at most 3 minors older than the API server, never newer. */
export const MAX_KUBELET_MINOR_SKEW = 3;

/**
 * Worker (MachineDeployment) version against the control-plane version (capi-behaviour.md §4.7):
 * never newer than the control plane, and at most 3 minors older. Unparseable versions are
 * reported by the format rule elsewhere, so they pass here.
 */
export function checkWorkerVersion(
  workerVersion: string,
  controlPlaneVersion: string,
): RuleViolation | undefined {
  const worker = parseKubeVersion(workerVersion);
  const cp = parseKubeVersion(controlPlaneVersion);
  if (!worker || !cp) return undefined;
  if (compareKubeVersions(worker, cp) > 0) {
    return violation(
      'md-version-above-control-plane',
      `version ${workerVersion} is newer than the control plane's ${controlPlaneVersion}: a kubelet must never be newer than its API server (upgrade the control plane first)`,
    );
  }
  if (worker.major !== cp.major || cp.minor - worker.minor > MAX_KUBELET_MINOR_SKEW) {
    return violation(
      'kubelet-version-skew',
      `version ${workerVersion} is more than ${MAX_KUBELET_MINOR_SKEW} minor versions older than the control plane's ${controlPlaneVersion} (kubelet ${formatMinor(worker)} may lag the API server ${formatMinor(cp)} by at most ${MAX_KUBELET_MINOR_SKEW} minors)`,
    );
  }
  return undefined;
}
