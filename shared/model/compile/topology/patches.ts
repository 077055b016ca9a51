import type { ClusterClassObject, ClusterClassPatch } from '../../kinds/clusterClass';
import { kindDefinition } from '../../kinds/registry';
import { stableHash } from '../../../naming';
import { docIssue, type ParsedDoc } from '../../parsedDoc';
import { zodIssuesToViolations } from '../../parse/zodIssues';
import { violation } from '../../rules/violation';
import type { ClusterScope } from '../scope';
import { applyJsonPatchOp } from './jsonPointer';
import { deepEqual, isRecord } from './variableSchema';

/** Where a template sits in the ClusterClass, which decides which patches select it. */
export type TemplateSlot =
  | { kind: 'infrastructureCluster' }
  | { kind: 'controlPlane' }
  | { kind: 'controlPlaneMachineInfrastructure' }
  | { kind: 'machineDeployment'; className: string };

/** A class template as one cluster (or one of its MachineDeployments) will use it. */
export interface ClusterTemplate {
  slot: TemplateSlot;
  doc: ParsedDoc;
  /** name the generated objects reference: the class template's, or a derived one once patched */
  name: string;
  /** the template object (validated, defaulted), patched for this cluster */
  object: Record<string, unknown>;
  patched: boolean;
}

export function clusterTemplate(slot: TemplateSlot, doc: ParsedDoc): ClusterTemplate {
  return {
    slot,
    doc,
    name: doc.name,
    object: JSON.parse(JSON.stringify(doc.object)) as Record<string, unknown>,
    patched: false,
  };
}

/**
 * ClusterClass inline patches (capi-behaviour.md §7.1), applied in order to the templates they
 * select. Supported: op add/replace/remove on paths under /spec, `value`, `valueFrom.variable`
 * (user variables, dotted sub-fields, and builtin.*), and `enabledIf` of the form `{{ .var }}` or
 * `{{ not .var }}`. Go-template values and external patches are refused by name.
 *
 * A template whose spec a patch changed gets a derived name (`<template>-<hash of spec>`), the
 * way CAPI rotates cloned templates: a variable change then shows up as a template change and
 * rolls the machines, instead of silently diverging from them.
 */
export function applyClassPatches(
  scope: ClusterScope,
  classDoc: ParsedDoc,
  cls: ClusterClassObject,
  templates: ClusterTemplate[],
  values: Record<string, unknown>,
): void {
  cls.spec.patches.forEach((patch, i) => {
    const base = `spec.patches[${i}]`;
    if (!checkSupported(scope, classDoc, patch, base)) return;
    if (!isEnabled(scope, classDoc, patch, base, values)) return;
    (patch.definitions ?? []).forEach((def, j) => {
      for (const t of templates) {
        if (!selects(def.selector, t)) continue;
        def.jsonPatches.forEach((jp, k) => {
          const path = `${base}.definitions[${j}].jsonPatches[${k}]`;
          if (!jp.path.startsWith('/spec/')) {
            scope.add(
              docIssue(
                classDoc,
                `${path}.path`,
                violation('patch-path', `patches may only change fields under /spec/ (got "${jp.path}")`),
              ),
            );
            return;
          }
          let value = jp.value;
          if (jp.valueFrom?.variable !== undefined) {
            const found = lookup(values, jp.valueFrom.variable);
            if (!found.ok) {
              scope.add(
                docIssue(
                  classDoc,
                  `${path}.valueFrom.variable`,
                  violation(
                    'patch-variable-not-found',
                    `variable "${jp.valueFrom.variable}" has no value for this cluster`,
                  ),
                ),
              );
              return;
            }
            value = found.value;
          }
          if (jp.op !== 'remove' && value === undefined) {
            scope.add(
              docIssue(
                classDoc,
                path,
                violation('patch-value-required', `op "${jp.op}" needs value or valueFrom`),
              ),
            );
            return;
          }
          const error = applyJsonPatchOp(t.object, jp.op, jp.path, structuredCloneJson(value));
          if (error) {
            scope.add(
              docIssue(
                classDoc,
                `${path}.path`,
                violation('patch-failed', `cannot apply to ${t.doc.kind}/${t.doc.name}: ${error}`),
              ),
            );
          }
        });
      }
    });
  });
  for (const t of templates) revalidate(scope, classDoc, t);
}

function checkSupported(
  scope: ClusterScope,
  classDoc: ParsedDoc,
  patch: ClusterClassPatch,
  base: string,
): boolean {
  let ok = true;
  if (patch.external !== undefined) {
    scope.add(
      docIssue(
        classDoc,
        `${base}.external`,
        violation('patch-unsupported', 'external patches need the Runtime SDK, which Capstan does not run'),
      ),
    );
    ok = false;
  }
  (patch.definitions ?? []).forEach((def, j) =>
    def.jsonPatches.forEach((jp, k) => {
      if (jp.valueFrom?.template !== undefined) {
        scope.add(
          docIssue(
            classDoc,
            `${base}.definitions[${j}].jsonPatches[${k}].valueFrom.template`,
            violation(
              'patch-unsupported',
              'Go-template patch values are not supported; use valueFrom.variable',
            ),
          ),
        );
        ok = false;
      }
    }),
  );
  return ok;
}

const ENABLED_IF = /^\{\{\s*(not\s+)?\.([A-Za-z_][\w.]*)\s*\}\}$/;

function isEnabled(
  scope: ClusterScope,
  classDoc: ParsedDoc,
  patch: ClusterClassPatch,
  base: string,
  values: Record<string, unknown>,
): boolean {
  if (patch.enabledIf === undefined) return true;
  const m = ENABLED_IF.exec(patch.enabledIf.trim());
  if (!m) {
    scope.add(
      docIssue(
        classDoc,
        `${base}.enabledIf`,
        violation('patch-unsupported', 'enabledIf supports only "{{ .variable }}" and "{{ not .variable }}"'),
      ),
    );
    return false;
  }
  const found = lookup(values, m[2] ?? '');
  const truthy = found.ok && isTruthy(found.value);
  return m[1] ? !truthy : truthy;
}

/** Go template truthiness: false, 0, "", nil and empty collections are false. */
function isTruthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isRecord(v)) return Object.keys(v).length > 0;
  return true;
}

function selects(
  selector: {
    apiVersion: string;
    kind: string;
    matchResources: {
      controlPlane?: boolean;
      infrastructureCluster?: boolean;
      machineDeploymentClass?: { names?: string[] };
    };
  },
  t: ClusterTemplate,
): boolean {
  if (selector.apiVersion !== t.doc.apiVersion || selector.kind !== t.doc.kind) return false;
  const m = selector.matchResources;
  switch (t.slot.kind) {
    case 'infrastructureCluster':
      return m.infrastructureCluster === true;
    case 'controlPlane':
    case 'controlPlaneMachineInfrastructure':
      return m.controlPlane === true;
    case 'machineDeployment': {
      const names = m.machineDeploymentClass?.names ?? [];
      const className = t.slot.className;
      return names.some((n) => n === '*' || n === className);
    }
  }
}

/** `name.sub.field` against variable values (builtins live under `builtin`). */
function lookup(values: Record<string, unknown>, path: string): { ok: true; value: unknown } | { ok: false } {
  let current: unknown = values;
  const parts = path.split('.');
  // Variable names may not contain dots, but builtin paths do; walk segment by segment.
  for (const part of parts) {
    if (!isRecord(current) || !(part in current)) return { ok: false };
    current = current[part];
  }
  return current === undefined ? { ok: false } : { ok: true, value: current };
}

function revalidate(scope: ClusterScope, classDoc: ParsedDoc, t: ClusterTemplate): void {
  const original = t.doc.object as { spec?: unknown };
  if (deepEqual(original.spec, t.object.spec)) return;
  const def = kindDefinition(t.doc.kind);
  if (!def) return;
  const result = def.schema.safeParse(t.object);
  if (!result.success) {
    for (const v of zodIssuesToViolations(result.error, t.doc.kind)) {
      scope.add(
        docIssue(classDoc, 'spec.patches', {
          rule: 'patch-result-invalid',
          message: `after patching, ${t.doc.kind}/${t.doc.name} ${v.path} is invalid: ${v.message} [${v.rule}]`,
        }),
      );
    }
    return;
  }
  t.object = result.data as Record<string, unknown>;
  t.patched = true;
  t.name = `${t.doc.name}-${stableHash(JSON.stringify(t.object.spec))}`;
}

function structuredCloneJson<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
