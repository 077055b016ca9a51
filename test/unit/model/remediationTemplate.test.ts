import { formatIssue } from '../../../shared/errors';
import { compileManifestText, desiredClusterSchema } from '../../../shared/model';
import { explicitCluster, topologyCluster, toYaml, V1BETA1, type Doc } from './manifestBuilders';

/** MachineHealthCheck `remediationTemplate`: the built-in RebootRemediationTemplate kind and external kinds. */
const SOURCE = 'mhc.yaml';

const rebootTemplate = (strategy: Record<string, unknown> = { type: 'Reboot' }, name = 'reboot'): Doc => ({
  apiVersion: V1BETA1.infra,
  kind: 'RebootRemediationTemplate',
  metadata: { name, namespace: 'default' },
  spec: { template: { spec: { strategy } } },
});

const ref = (kind: string, name: string, apiVersion = V1BETA1.infra) => ({ apiVersion, kind, name });

/** The explicit cluster c1 whose MHC (document 8) points at `templateRef`, plus `extra` documents (9, ...). */
function c1(templateRef: Record<string, unknown>, ...extra: Doc[]) {
  const docs = explicitCluster();
  (docs[7] as Doc).spec.remediationTemplate = templateRef;
  return compileManifestText(toYaml([...docs, ...extra]), SOURCE);
}

const issuesOf = (r: ReturnType<typeof c1>) => r.issues.map((i) => ({ document: i.document, resource: i.resource, path: i.path, rule: i.rule }));

describe('RebootRemediationTemplate (built-in external remediation)', () => {
  it('compiles into the health check with its spec, defaulted: 1 retry, 5m between retries', () => {
    const { clusters, issues } = c1(ref('RebootRemediationTemplate', 'reboot'), rebootTemplate());
    expect(issues.map(formatIssue)).toEqual([]);
    const mhc = clusters[0]!.machineHealthChecks[0]!;
    expect(mhc.remediationTemplate).toEqual({ ...ref('RebootRemediationTemplate', 'reboot'), namespace: 'default' });
    expect(mhc.remediationTemplateSpec).toEqual({ strategy: { type: 'Reboot', retryLimit: 1, timeout: '5m0s' } });
    // the desired state still passes its own schema (it travels through apply updates)
    expect(desiredClusterSchema.safeParse(clusters[0]).success).toBe(true);
    expect(clusters[0]!.resources.map((r) => r.kind)).toContain('RebootRemediationTemplate');
  });

  it('keeps what the template says', () => {
    const { clusters } = c1(
      ref('RebootRemediationTemplate', 'reboot'),
      rebootTemplate({ type: 'Reboot', retryLimit: 3, timeout: '90s' }),
    );
    expect(clusters[0]!.machineHealthChecks[0]!.remediationTemplateSpec).toEqual({
      strategy: { type: 'Reboot', retryLimit: 3, timeout: '90s' },
    });
  });

  it.each([
    ['a strategy other than Reboot', { type: 'Reprovision' }, 'spec.template.spec.strategy.type', 'enum'],
    ['retryLimit 0', { type: 'Reboot', retryLimit: 0 }, 'spec.template.spec.strategy.retryLimit', 'reboot-retry-limit-min'],
    ['a timeout of 0', { type: 'Reboot', timeout: '0s' }, 'spec.template.spec.strategy.timeout', 'reboot-timeout-positive'],
    ['a timeout that is no Go duration', { type: 'Reboot', timeout: '5 minutes' }, 'spec.template.spec.strategy.timeout', 'duration-format'],
    ['an unknown strategy field', { type: 'Reboot', retries: 2 }, 'spec.template.spec.strategy.retries', 'unknown-field'],
  ])('refuses %s, naming the field', (_name, strategy, path, rule) => {
    const result = c1(ref('RebootRemediationTemplate', 'reboot'), rebootTemplate(strategy));
    expect(issuesOf(result)).toContainEqual({ document: `${SOURCE}#9`, resource: 'RebootRemediationTemplate/reboot', path, rule });
    expect(result.clusters).toEqual([]);
  });

  it('refuses a health check whose RebootRemediationTemplate is not declared', () => {
    const result = c1(ref('RebootRemediationTemplate', 'missing'));
    expect(issuesOf(result)).toContainEqual({
      document: `${SOURCE}#8`,
      resource: 'MachineHealthCheck/c1-mhc',
      path: 'spec.remediationTemplate',
      rule: 'ref-not-found',
    });
    expect(result.clusters).toEqual([]);
  });

  it('refuses a known kind that is no remediation template, and the wrong API group', () => {
    expect(issuesOf(c1(ref('SimMachineTemplate', 'c1-md')))).toContainEqual(
      expect.objectContaining({ path: 'spec.remediationTemplate.kind', rule: 'ref-kind' }),
    );
    expect(issuesOf(c1(ref('RebootRemediationTemplate', 'reboot', 'cluster.x-k8s.io/v1beta1'), rebootTemplate()))).toContainEqual(
      expect.objectContaining({ path: 'spec.remediationTemplate.apiVersion', rule: 'ref-api-group' }),
    );
  });

  it('a ClusterClass health check resolves its template in the cluster namespace too', () => {
    const docs = topologyCluster();
    const cls = docs[0] as Doc;
    cls.spec.workers.machineDeployments[0].machineHealthCheck = {
      unhealthyConditions: [{ type: 'Ready', status: 'Unknown', timeout: '60s' }],
      remediationTemplate: ref('RebootRemediationTemplate', 'reboot'),
    };
    const ok = compileManifestText(toYaml([...docs, rebootTemplate({ type: 'Reboot', retryLimit: 2 })]), SOURCE);
    expect(ok.issues.map(formatIssue)).toEqual([]);
    expect(ok.clusters[0]!.machineHealthChecks[0]!.remediationTemplateSpec).toEqual({
      strategy: { type: 'Reboot', retryLimit: 2, timeout: '5m0s' },
    });
    const missing = compileManifestText(toYaml(docs), SOURCE);
    expect(missing.issues.map((i) => [i.resource, i.path, i.rule])).toContainEqual([
      'Cluster/t1',
      'spec.topology.workers.machineDeployments[0].machineHealthCheck.remediationTemplate',
      'ref-not-found',
    ]);
  });
});

describe('remediation templates of other kinds (external controllers)', () => {
  it('are kept as written, without a spec: the requests wait for the controller that serves the kind', () => {
    const { clusters, issues } = c1(ref('Metal3RemediationTemplate', 'bmc-reboot'));
    expect(issues.map(formatIssue)).toEqual([]);
    const mhc = clusters[0]!.machineHealthChecks[0]!;
    expect(mhc.remediationTemplate).toEqual({ ...ref('Metal3RemediationTemplate', 'bmc-reboot'), namespace: 'default' });
    expect(mhc).not.toHaveProperty('remediationTemplateSpec');
  });
});
