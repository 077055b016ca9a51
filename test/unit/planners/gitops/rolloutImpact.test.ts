import { compileManifestText } from '../../../../shared/model';
import type { DesiredCluster } from '../../../../shared/model/desired';
import { formatPlan, planFleetSync, rolloutImpact, stampManaged, summarizeDesired } from '../../../../shared/planners/gitops';
import { simClusterYaml } from '../../../../scripts/manifests/simClusterYaml';
import { topologyCluster, toYaml, type Doc } from '../../model/manifestBuilders';

/**
 * Which machines an update replaces, by Cluster API's rollout rules: template rotation (a
 * ClusterClass template change), version, failure domain and rolloutAfter roll; labels, timeouts,
 * replicas and strategy do not.
 */

function compile(yaml: string): DesiredCluster {
  const { clusters, issues } = compileManifestText(yaml, 'test.yaml');
  expect(issues).toEqual([]);
  return clusters[0]!;
}

/** The topology cluster with its ClusterClass's worker KubeadmConfigTemplate (and more) edited. */
function topology(edit: (docs: Doc[]) => void = () => undefined): DesiredCluster {
  const docs = topologyCluster('t1');
  edit(docs);
  return compile(toYaml(docs));
}
const doc = (docs: Doc[], kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata.name === name)!;

describe('rolloutImpact', () => {
  test('a ClusterClass worker template change rotates the template: the MachineDeployment rolls, the control plane does not', () => {
    const before = topology();
    const after = topology((docs) => {
      (doc(docs, 'KubeadmConfigTemplate', 'sim-class-worker').spec as { template: { spec: Record<string, unknown> } }).template.spec = {
        preKubeadmCommands: ['sysctl -w net.ipv4.ip_forward=1'],
      };
    });
    const impact = rolloutImpact(before, after);
    expect(impact.inPlace).toBe(false);
    expect(impact.rollouts).toHaveLength(1);
    expect(impact.rollouts[0]).toMatch(/^MachineDeployment\/t1-md-0: 2 machine\(s\), KubeadmConfigTemplate sim-class-worker → sim-class-worker-\w{6}$/);
  });

  test('a ClusterClass control-plane machine template change rolls the control plane only', () => {
    const before = topology();
    const after = topology((docs) => {
      (doc(docs, 'KubeadmControlPlaneTemplate', 'sim-class-cp').spec as { template: { spec: { kubeadmConfigSpec: unknown } } }).template.spec.kubeadmConfigSpec = {
        clusterConfiguration: { apiServer: { certSANs: ['localhost', 'api.example.com'] } },
      };
      (doc(docs, 'SimMachineTemplate', 'sim-class-cp-machine').spec as { template: { spec: Record<string, unknown> } }).template.spec = { bootDelaySeconds: 1 };
    });
    const impact = rolloutImpact(before, after);
    expect(impact.rollouts).toEqual([
      expect.stringMatching(/^KubeadmControlPlane\/t1-[\w-]+: 3 machine\(s\), SimMachineTemplate sim-class-cp-machine → sim-class-cp-machine-\w{6}, kubeadmConfigSpec changed$/),
    ]);
  });

  test('a version change rolls the control plane; labels, replicas and timeouts stay in place', () => {
    const base = compile(simClusterYaml({ name: 'c', cpReplicas: 3, workers: 2, version: 'v1.31.4' }));
    expect(rolloutImpact(base, compile(simClusterYaml({ name: 'c', cpReplicas: 3, workers: 5, version: 'v1.31.4', nodeDrainTimeout: '45s', labels: { team: 'a' } })))).toEqual({
      rollouts: [],
      inPlace: true,
    });
    const upgraded = rolloutImpact(base, compile(simClusterYaml({ name: 'c', cpReplicas: 3, workers: 2, version: 'v1.32.0', workerVersion: 'v1.31.4' })));
    expect(upgraded.rollouts).toEqual(['KubeadmControlPlane/c-cp: 3 machine(s), version v1.31.4 → v1.32.0']);
    const restarted = rolloutImpact(base, compile(simClusterYaml({ name: 'c', cpReplicas: 3, workers: 2, version: 'v1.31.4', rolloutAfter: '2026-11-24T10:00:00Z' })));
    expect(restarted.rollouts).toEqual(['MachineDeployment/c-md-0: 2 machine(s), rolloutAfter 2026-11-24T10:00:00Z']);
  });

  test('capstan diff prints it under the cluster', () => {
    const live = stampManaged(topology(), 'fleet');
    const next = stampManaged(
      topology((docs) => {
        (doc(docs, 'KubeadmConfigTemplate', 'sim-class-worker').spec as { template: { spec: Record<string, unknown> } }).template.spec = { preKubeadmCommands: ['true'] };
      }),
      'fleet',
    );
    const plan = planFleetSync({
      repoId: 'fleet',
      desired: [next],
      live: [
        {
          namespace: 'default',
          name: 't1',
          generation: 1,
          deleting: false,
          managedBy: 'fleet',
          fingerprint: live.labels['capstan.io/gitops-fingerprint']!,
          summary: summarizeDesired(live),
          reportsCurrent: true,
          resources: live.resources,
          applied: live,
        },
      ],
      prune: false,
    });
    const lines = formatPlan(plan);
    expect(lines).toContainEqual(expect.stringMatching(/^ {6}rollout: MachineDeployment\/t1-md-0: 2 machine\(s\), KubeadmConfigTemplate /));
  });
});
