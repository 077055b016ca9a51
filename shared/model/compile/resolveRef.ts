import { acceptsGroup, kindDefinition, type KindRole } from '../kinds/registry';
import type { ObjectReferenceSpec } from '../kinds/common/references';
import { docIssue, resourceLabel, type ParsedDoc } from '../parsedDoc';
import { splitApiVersion } from '../kinds/registry';
import { violation } from '../rules/violation';
import type { DocIndex } from './docIndex';
import type { ClusterScope } from './scope';

/** What a reference field must point at, for checks and messages. */
export interface RefExpectation {
  role: KindRole;
  /** e.g. "a control plane (KubeadmControlPlane)" */
  describe: string;
}

export const EXPECT = {
  controlPlane: { role: 'controlPlane', describe: 'a control plane (KubeadmControlPlane)' },
  controlPlaneTemplate: {
    role: 'controlPlaneTemplate',
    describe: 'a control plane template (KubeadmControlPlaneTemplate)',
  },
  infraCluster: {
    role: 'infraCluster',
    describe: 'an infrastructure cluster (SimCluster, DockerCluster, AWSCluster, BareMetalCluster or ByoCluster)',
  },
  infraClusterTemplate: {
    role: 'infraClusterTemplate',
    describe:
      'an infrastructure cluster template (SimClusterTemplate, DockerClusterTemplate, AWSClusterTemplate, BareMetalClusterTemplate or ByoClusterTemplate)',
  },
  infraMachineTemplate: {
    role: 'infraMachineTemplate',
    describe:
      'an infrastructure machine template (SimMachineTemplate, DockerMachineTemplate, AWSMachineTemplate, BareMetalMachineTemplate or ByoMachineTemplate)',
  },
  bootstrapConfigTemplate: {
    role: 'bootstrapConfigTemplate',
    describe: 'a bootstrap config template (KubeadmConfigTemplate)',
  },
  bootstrapConfig: { role: 'bootstrapConfig', describe: 'a bootstrap config (KubeadmConfig)' },
  remediationTemplate: {
    role: 'remediationTemplate',
    describe: 'a remediation template (RebootRemediationTemplate, or a kind Capstan does not serve, for an external controller)',
  },
} as const satisfies Record<string, RefExpectation>;

/**
 * Resolves `ref` (found at `path` of `referrer`) in the referrer's namespace, as CAPI does, and
 * records in `scope` every way it is wrong: cross-namespace, wrong kind for the field, kind in
 * the wrong API group, or nothing declared under that name. Returns the target when it exists.
 */
export function resolveRef(
  index: DocIndex,
  scope: ClusterScope,
  referrer: ParsedDoc,
  path: string,
  ref: ObjectReferenceSpec,
  expect: RefExpectation,
): ParsedDoc | undefined {
  let ok = true;
  if (ref.namespace !== undefined && ref.namespace !== referrer.namespace) {
    scope.add(
      docIssue(
        referrer,
        `${path}.namespace`,
        violation(
          'ref-namespace',
          `references must stay in the referrer's namespace "${referrer.namespace}" (got "${ref.namespace}")`,
        ),
      ),
    );
    ok = false;
  }
  const def = kindDefinition(ref.kind);
  if (!def || def.role !== expect.role) {
    scope.add(
      docIssue(
        referrer,
        `${path}.kind`,
        violation('ref-kind', `${path} must reference ${expect.describe}, not ${ref.kind}`),
      ),
    );
    return undefined;
  }
  if (!acceptsGroup(def, ref.apiVersion)) {
    scope.add(
      docIssue(
        referrer,
        `${path}.apiVersion`,
        violation(
          'ref-api-group',
          `${ref.kind} belongs to API group ${def.group}, but the reference says ${splitApiVersion(ref.apiVersion).group || '(core)'}`,
        ),
      ),
    );
    ok = false;
  }
  const target = index.get(ref.kind, referrer.namespace, ref.name);
  if (!target) {
    scope.add(
      docIssue(
        referrer,
        path,
        violation(
          'ref-not-found',
          `${ref.kind} ${referrer.namespace}/${ref.name} referenced by ${resourceLabel(referrer.kind, referrer.name)} ${path} does not exist`,
        ),
      ),
    );
    return undefined;
  }
  return ok ? target : undefined;
}
