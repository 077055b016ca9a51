import type { ObjectReferenceSpec } from '../kinds/common/references';
import { kindDefinition } from '../kinds/registry';
import type { ParsedDoc } from '../parsedDoc';
import { snapshotOfTemplate } from './build/snapshot';
import type { DocIndex } from './docIndex';
import { EXPECT, resolveRef } from './resolveRef';
import type { ClusterScope } from './scope';

/**
 * A MachineHealthCheck's `remediationTemplate`, resolved. A kind Capstan runs itself
 * (RebootRemediationTemplate) must be declared next to the check, and its defaulted
 * `spec.template.spec` travels with the desired state. Any kind Capstan does not know
 * (Metal3RemediationTemplate, ...) belongs to an external controller, as in CAPI, where the
 * MachineHealthCheck only copies the template into a request: the reference is kept as written
 * and the requests wait for that controller. A known kind of another role (a SimMachineTemplate)
 * or an undeclared RebootRemediationTemplate is an issue at `path`; then `ok` is false.
 */
export function resolveRemediationTemplate(
  index: DocIndex,
  scope: ClusterScope,
  referrer: ParsedDoc,
  path: string,
  ref: ObjectReferenceSpec | undefined,
): { ok: boolean; spec?: Record<string, unknown> } {
  if (!ref || !kindDefinition(ref.kind)) return { ok: true };
  const doc = resolveRef(index, scope, referrer, path, ref, EXPECT.remediationTemplate);
  if (!doc || scope.use(doc) === undefined) return { ok: false };
  return { ok: true, spec: snapshotOfTemplate(doc).spec };
}
