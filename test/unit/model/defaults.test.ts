import { compileManifestText, parseManifests } from '../../../shared/model';
import { explicitCluster, toYaml, type Doc } from './manifestBuilders';

/** CAPI v1beta1 defaults, applied by the schemas (parsed object) and carried into DesiredCluster. */
describe('v1beta1 defaults', () => {
  const compiled = (mutate: (d: Doc[]) => void = () => undefined) => {
    const docs = explicitCluster();
    mutate(docs);
    const r = compileManifestText(toYaml(docs), 'd.yaml');
    expect(r.issues).toEqual([]);
    return r.clusters[0]!;
  };

  test('MachineDeployment: replicas 1, RollingUpdate maxSurge 1 maxUnavailable 0, deletePolicy Random, minReadySeconds 0', () => {
    const c = compiled((d) => delete (d[6] as Doc).spec.replicas);
    const md = c.machineDeployments[0]!;
    expect(md.replicas).toBe(1);
    expect(md.strategy).toEqual({
      type: 'RollingUpdate',
      maxSurge: 1,
      maxUnavailable: 0,
      deletePolicy: 'Random',
    });
    expect(md.template.minReadySeconds).toBe(0);
    expect(md.paused).toBe(false);
    expect(md.template.nodeDeletionTimeoutSeconds).toBe(10);
    expect(md.template.nodeDrainTimeoutSeconds).toBeUndefined();
  });

  test('MachineDeployment strategy.remediation.maxInFlight is carried as written (int or percentage); unset stays unset', () => {
    for (const maxInFlight of [1, '25%', 0]) {
      const md = compiled((d) => ((d[6] as Doc).spec.strategy = { remediation: { maxInFlight } })).machineDeployments[0]!;
      expect(md.strategy.remediation).toEqual({ maxInFlight });
      expect(md.strategy).toMatchObject({ type: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0 });
    }
    const unset = compiled((d) => ((d[6] as Doc).spec.strategy = { remediation: {} })).machineDeployments[0]!;
    expect('remediation' in unset.strategy).toBe(false);
  });

  test('MachineDeployment replicas default to the autoscaler min size when its annotations are set', () => {
    const c = compiled((d) => {
      const md = d[6] as Doc;
      delete md.spec.replicas;
      md.metadata.annotations = {
        'cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size': '3',
        'cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size': '5',
      };
    });
    expect(c.machineDeployments[0]!.replicas).toBe(3);
  });

  test('the parsed MachineDeployment carries the webhook defaults too', () => {
    const { docs } = parseManifests(toYaml(explicitCluster()), 'd.yaml');
    expect(docs[6]!.object).toMatchObject({
      metadata: { labels: { 'cluster.x-k8s.io/cluster-name': 'c1' } },
      spec: {
        revisionHistoryLimit: 1,
        progressDeadlineSeconds: 600,
        minReadySeconds: 0,
        paused: false,
        template: { spec: { nodeDeletionTimeout: '10s' } },
      },
    });
  });

  test('KubeadmControlPlane: replicas 1, rollout maxSurge 1, remediation 1h healthy period and immediate retry', () => {
    const c = compiled((d) => delete (d[3] as Doc).spec.replicas);
    expect(c.controlPlane.replicas).toBe(1);
    expect(c.controlPlane.rollout).toEqual({ maxSurge: 1 });
    expect(c.controlPlane.remediation).toEqual({ retryPeriodSeconds: 0, minHealthyPeriodSeconds: 3600 });
    expect(c.controlPlane.machineTemplate.nodeDeletionTimeoutSeconds).toBe(10);
    expect(c.controlPlane.machineTemplate.labels).toEqual({
      'cluster.x-k8s.io/cluster-name': 'c1',
      'cluster.x-k8s.io/control-plane': '',
      'cluster.x-k8s.io/control-plane-name': 'c1-cp',
    });
  });

  test('a version without the leading v is accepted and defaulted, as CAPI’s KCP and MD webhooks do', () => {
    const c = compiled((d) => {
      (d[3] as Doc).spec.version = '1.31.4';
      (d[6] as Doc).spec.template.spec.version = '1.31.4';
    });
    expect(c.controlPlane.version).toBe('v1.31.4');
    expect(c.machineDeployments[0]!.template.version).toBe('v1.31.4');
  });

  test('explicit durations are converted to seconds', () => {
    const c = compiled((d) => {
      (d[3] as Doc).spec.remediationStrategy = { maxRetry: 3, retryPeriod: '5m', minHealthyPeriod: '2h' };
      (d[6] as Doc).spec.template.spec.nodeDrainTimeout = '1h30m';
      (d[6] as Doc).spec.template.spec.nodeDeletionTimeout = '0';
    });
    expect(c.controlPlane.remediation).toEqual({
      maxRetry: 3,
      retryPeriodSeconds: 300,
      minHealthyPeriodSeconds: 7200,
    });
    expect(c.machineDeployments[0]!.template.nodeDrainTimeoutSeconds).toBe(5400);
    expect(c.machineDeployments[0]!.template.nodeDeletionTimeoutSeconds).toBe(0);
  });

  test('MachineHealthCheck: nodeStartupTimeout 10m and maxUnhealthy 100%', () => {
    const c = compiled((d) => {
      delete (d[7] as Doc).spec.nodeStartupTimeout;
      delete (d[7] as Doc).spec.maxUnhealthy;
    });
    expect(c.machineHealthChecks[0]).toMatchObject({ nodeStartupTimeoutSeconds: 600, maxUnhealthy: '100%' });
  });

  test('clusterNetwork: serviceDomain cluster.local (kubeadm’s), services left empty as CAPI does', () => {
    const c = compiled((d) => delete (d[0] as Doc).spec.clusterNetwork);
    expect(c.clusterNetwork).toEqual({ pods: [], services: [], serviceDomain: 'cluster.local' });
  });

  test('namespace defaults to "default"', () => {
    const c = compiled((d) => d.forEach((doc) => delete doc.metadata.namespace));
    expect(c.namespace).toBe('default');
  });

  test('external etcd lifts the odd-replicas rule', () => {
    const c = compiled((d) => {
      const kcp = d[3] as Doc;
      kcp.spec.replicas = 2;
      kcp.spec.kubeadmConfigSpec.clusterConfiguration = {
        etcd: { external: { endpoints: ['https://etcd-0:2379'] } },
      };
    });
    expect(c.controlPlane.replicas).toBe(2);
  });

  test('KCP maxSurge 0 is accepted with 3 replicas', () => {
    const c = compiled((d) => {
      (d[3] as Doc).spec.replicas = 3;
      (d[3] as Doc).spec.rolloutStrategy = { rollingUpdate: { maxSurge: 0 } };
    });
    expect(c.controlPlane.rollout.maxSurge).toBe(0);
  });

  test('percentages are kept as written for surge and unavailable', () => {
    const c = compiled(
      (d) =>
        ((d[6] as Doc).spec.strategy = {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%', deletePolicy: 'Oldest' },
        }),
    );
    expect(c.machineDeployments[0]!.strategy).toEqual({
      type: 'RollingUpdate',
      maxSurge: '25%',
      maxUnavailable: '25%',
      deletePolicy: 'Oldest',
    });
  });
});
