import type { ClusterClassObject } from '../../kinds/clusterClass';
import type { ClusterObject, ClusterVariable } from '../../kinds/cluster';
import { formatPath } from '../../issuePath';
import { docIssue, type ParsedDoc } from '../../parsedDoc';
import { violation } from '../../rules/violation';
import type { ClusterScope } from '../scope';
import { applyDefaults, unsupportedKeywords, validateAgainstSchema } from './variableSchema';

export interface TopologyVariables {
  /** cluster-level values, defaulted from each definition's `openAPIV3Schema.default` */
  cluster: Record<string, unknown>;
  /** values seen by one topology MachineDeployment: cluster values with its overrides on top */
  forMachineDeployment(topologyName: string): Record<string, unknown>;
}

/**
 * ClusterClass variables for one Cluster (capi-behaviour.md §7.1): every value must be defined by
 * the class, match its schema, and every required variable must end up with a value (a schema
 * default counts, as in CAPI's defaulting webhook, which runs first).
 */
export function resolveTopologyVariables(
  scope: ClusterScope,
  clusterDoc: ParsedDoc,
  cluster: ClusterObject,
  classDoc: ParsedDoc,
  cls: ClusterClassObject,
): TopologyVariables {
  const topology = cluster.spec.topology;
  const definitions = new Map(cls.spec.variables.map((d, i) => [d.name, { d, i }]));
  cls.spec.variables.forEach((d, i) => {
    for (const where of unsupportedKeywords(d.schema.openAPIV3Schema)) {
      scope.add(
        docIssue(
          classDoc,
          `spec.variables[${i}].schema.openAPIV3Schema.${where}`,
          violation(
            'variable-schema-unsupported',
            `Capstan cannot evaluate "${where}" in variable schemas (combinators and CEL rules); express the constraint with type, enum, minimum/maximum or pattern`,
          ),
        ),
      );
    }
  });

  const checkValues = (values: ClusterVariable[], basePath: string): Map<string, unknown> => {
    const out = new Map<string, unknown>();
    values.forEach((v, j) => {
      const path = `${basePath}[${j}]`;
      const def = definitions.get(v.name);
      if (!def) {
        scope.add(
          docIssue(
            clusterDoc,
            `${path}.name`,
            violation(
              'variable-undefined',
              `variable "${v.name}" is not defined in ClusterClass/${cls.metadata.name}`,
            ),
          ),
        );
        return;
      }
      if (out.has(v.name)) {
        scope.add(
          docIssue(
            clusterDoc,
            `${path}.name`,
            violation('variable-duplicate', `variable "${v.name}" is set more than once`),
          ),
        );
        return;
      }
      const value = applyDefaults(v.value, def.d.schema.openAPIV3Schema);
      for (const f of validateAgainstSchema(value, def.d.schema.openAPIV3Schema)) {
        scope.add(
          docIssue(clusterDoc, formatPath([...pathSegments(`${path}.value`), ...f.at]), {
            rule: f.rule,
            message: `variable "${v.name}": ${f.message}`,
          }),
        );
      }
      out.set(v.name, value);
    });
    return out;
  };

  const given = checkValues(topology?.variables ?? [], 'spec.topology.variables');
  const clusterValues: Record<string, unknown> = {};
  for (const { d, i } of definitions.values()) {
    if (given.has(d.name)) {
      clusterValues[d.name] = given.get(d.name);
      continue;
    }
    const defaulted = applyDefaults(undefined, d.schema.openAPIV3Schema);
    if (defaulted === undefined) {
      if (d.required) {
        scope.add(
          docIssue(
            clusterDoc,
            'spec.topology.variables',
            violation(
              'variable-required',
              `ClusterClass/${cls.metadata.name} requires the variable "${d.name}", and its schema has no default`,
            ),
          ),
        );
      }
      continue;
    }
    for (const f of validateAgainstSchema(defaulted, d.schema.openAPIV3Schema)) {
      scope.add(
        docIssue(classDoc, `spec.variables[${i}].schema.openAPIV3Schema.default`, {
          rule: f.rule,
          message: `the default of "${d.name}": ${f.message}`,
        }),
      );
    }
    clusterValues[d.name] = defaulted;
  }

  const overrides = new Map<string, Map<string, unknown>>();
  (topology?.workers.machineDeployments ?? []).forEach((md, k) => {
    const values = md.variables?.overrides ?? [];
    if (values.length > 0) {
      overrides.set(
        md.name,
        checkValues(values, `spec.topology.workers.machineDeployments[${k}].variables.overrides`),
      );
    }
  });

  return {
    cluster: clusterValues,
    forMachineDeployment: (name) => ({ ...clusterValues, ...Object.fromEntries(overrides.get(name) ?? []) }),
  };
}

/** "a.b[2].c" → ["a", "b", 2, "c"], so value sub-paths can be appended and re-rendered. */
function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    out.push(m[1] ?? part);
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}
