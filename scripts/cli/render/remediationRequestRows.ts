import type { HealthCheckStatus, RemediationRequestStatus } from '../../../shared/status/types';
import { age } from './output';

export interface RequestRow {
  name: string;
  ready: string;
  phase: string;
  version: string;
  since: string;
  message: string;
}

function phaseOf(r: RemediationRequestStatus): string {
  return r.retryLimit !== undefined ? `${r.phase} ${r.attempts ?? 0}/${r.retryLimit}` : r.phase;
}

/**
 * The remediation requests of a health check, under its row. READY is the machine's
 * ExternallyRemediated condition, which CAPI holds False (WaitingForRemediation) while a request
 * exists; the message says which template and what the request is doing.
 */
export function remediationRequestRows(hc: HealthCheckStatus, now: number): RequestRow[] {
  const requests = hc.remediationRequests ?? [];
  return requests.map((r, i) => ({
    name: `${i === requests.length - 1 ? '└─' : '├─'}RemediationRequest/${r.machine}`,
    ready: r.phase === 'Completed' ? 'True' : 'False',
    phase: phaseOf(r),
    version: '',
    since: age(r.createdAt, now),
    message: `${r.template.kind}/${r.template.name}: ${r.message}`,
  }));
}
