/**
 * The Temporal visibility query behind `capstan fleet versions` (and `capstan get clusters`): the
 * same text works in `temporal workflow list|count --query`, in the Web UI's workflow search and in
 * `client.workflow.list({ query })`. Pure string building.
 */
import { CLUSTER_WORKFLOW_TYPE } from '../planners/campaign/names';
import { CapstanLabelsKey, CapstanNamespaceKey } from '../searchAttributes';

/** A visibility string literal: backslashes and single quotes escaped. */
export function visibilityLiteral(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * Running cluster workflows, narrowed by namespace (CapstanNamespace) and by equality label
 * selectors (one `CapstanLabels = 'k=v'` clause per label: a KeywordList matches when it holds
 * the value, so the clauses AND together like a label selector).
 */
export function fleetVisibilityQuery(opts: { namespace?: string; labels?: Record<string, string> } = {}): string {
  const clauses = [`WorkflowType = ${visibilityLiteral(CLUSTER_WORKFLOW_TYPE)}`, `ExecutionStatus = 'Running'`];
  if (opts.namespace) clauses.push(`${CapstanNamespaceKey.name} = ${visibilityLiteral(opts.namespace)}`);
  for (const [k, v] of Object.entries(opts.labels ?? {})) clauses.push(`${CapstanLabelsKey.name} = ${visibilityLiteral(`${k}=${v}`)}`);
  return clauses.join(' AND ');
}

/** `query AND attribute = 'value'`. */
export function andEquals(query: string, attribute: string, value: string): string {
  return `${query} AND ${attribute} = ${visibilityLiteral(value)}`;
}

/** `query AND attribute IS NULL`: clusters without the attribute (`<none>`). */
export function andMissing(query: string, attribute: string): string {
  return `${query} AND ${attribute} IS NULL`;
}

/** A POSIX shell word: double-quoted, so the query's single quotes stay readable. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=@-]+$/.test(s) ? s : `"${s.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
}
