import { compileManifestText, desiredClusterSchema } from '../../../shared/model';
import { explicitCluster, topologyCluster, toYaml } from './manifestBuilders';

/** desiredClusterSchema validates a DesiredCluster arriving as JSON (Temporal Update arguments). */
describe('desiredClusterSchema', () => {
  const compiled = () => {
    const { clusters } = compileManifestText(toYaml([...explicitCluster(), ...topologyCluster()]), 'x.yaml');
    expect(clusters).toHaveLength(2);
    return clusters;
  };

  test('accepts every compiled cluster after a JSON round trip, unchanged', () => {
    for (const c of compiled()) {
      const json = JSON.parse(JSON.stringify(c));
      const parsed = desiredClusterSchema.safeParse(json);
      expect(parsed.success).toBe(true);
      expect(parsed.success && parsed.data).toEqual(c);
    }
  });

  test('refuses unknown fields, bad versions, even control planes and bad names, all at once', () => {
    const c = JSON.parse(JSON.stringify(compiled()[0]));
    c.extra = true;
    c.controlPlane.version = '1.31';
    c.controlPlane.replicas = 2;
    c.name = 'Bad_Name';
    c.provider = 'vsphere';
    const parsed = desiredClusterSchema.safeParse(c);
    expect(parsed.success).toBe(false);
    const paths = parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['', 'controlPlane.version', 'controlPlane.replicas', 'name', 'provider']),
    );
  });

  test('accepts a MachineDeployment remediation maxInFlight and refuses a bad one, naming the field', () => {
    const c = JSON.parse(JSON.stringify(compiled()[0]));
    c.machineDeployments[0].strategy.remediation = { maxInFlight: '30%' };
    expect(desiredClusterSchema.safeParse(c).success).toBe(true);
    c.machineDeployments[0].strategy.remediation = { maxInFlight: -2 };
    const parsed = desiredClusterSchema.safeParse(c);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'))).toEqual([
      'machineDeployments.0.strategy.remediation.maxInFlight',
    ]);
  });

  test('refuses a missing control plane', () => {
    const c = JSON.parse(JSON.stringify(compiled()[0]));
    delete c.controlPlane;
    expect(desiredClusterSchema.safeParse(c).success).toBe(false);
  });
});
