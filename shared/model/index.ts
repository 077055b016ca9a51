/**
 * The CAPI v1beta1 resource model: manifests in, DesiredClusters out (DESIGN.md `shared/`).
 * Pure and sandbox-safe: only `yaml` and `zod`, no Node built-ins, so the same code validates in
 * the CLI, in activities and inside Temporal's workflow sandbox (Update validators).
 */
import { ManifestValidationError } from '../errors';
import { compileClusters, type CompileResult } from './compile/compileClusters';
import type { DesiredCluster } from './desired';
import { parseManifests } from './parse/parseManifests';

export { compileClusters, type CompileResult } from './compile/compileClusters';
export { parseManifestBytes, parseManifests, type ParseResult } from './parse/parseManifests';
export { MANIFEST_LIMITS, type ManifestLimits } from './parse/limits';
export { validateClusterUpdate } from './update/validateClusterUpdate';
export { desiredClusterSchema } from './desiredSchema';
export type { ParsedDoc, ValidDoc } from './parsedDoc';
export type { KindName, KindObjects, CapiObject } from './kinds/registry';
export { KIND_DEFINITIONS, kindDefinition } from './kinds/registry';
export { topologyNames } from './compile/topology/generate';
export * from './desired';

/** parse + compile in one call; issues of both steps together, in document order. */
export function compileManifestText(text: string, source: string): CompileResult {
  const parsed = parseManifests(text, source);
  const compiled = compileClusters(parsed.docs);
  return { clusters: compiled.clusters, issues: [...parsed.issues, ...compiled.issues] };
}

/**
 * For plain code (CLI, scripts; not workflows): the clusters, or a ManifestValidationError that
 * carries every issue.
 */
export function compileManifestTextOrThrow(text: string, source: string): DesiredCluster[] {
  const { clusters, issues } = compileManifestText(text, source);
  if (issues.length > 0) throw new ManifestValidationError(issues);
  return clusters;
}
