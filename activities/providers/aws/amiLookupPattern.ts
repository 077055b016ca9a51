/**
 * CAPA's image lookup name: `imageLookupFormat` is a Go template over `.BaseOS` and
 * `.K8sVersion` (the Kubernetes version without its leading `v`), e.g. the default
 * `capa-ami-{{.BaseOS}}-?{{.K8sVersion}}-*` → `capa-ami-ubuntu-24.04-?1.31.4-*`, used as an EC2
 * `name` filter (where `?` and `*` are wildcards). Pure.
 */
import type { AmiLookup } from './machineSpec';

export function amiNamePattern(lookup: AmiLookup, kubernetesVersion: string): string {
  const k8s = kubernetesVersion.replace(/^v/, '');
  return lookup.format
    .replace(/\{\{\s*\.BaseOS\s*\}\}/g, lookup.baseOS)
    .replace(/\{\{\s*\.K8sVersion\s*\}\}/g, k8s);
}

/** Of the images matching the pattern, CAPA takes the newest by creation date. */
export function newestImage<T extends { CreationDate?: string; ImageId?: string }>(
  images: readonly T[],
): T | undefined {
  let best: T | undefined;
  for (const img of images) {
    if (!img.ImageId) continue;
    if (!best || (img.CreationDate ?? '') > (best.CreationDate ?? '')) best = img;
  }
  return best;
}
