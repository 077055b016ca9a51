import { formatIssue } from '../../../shared/errors';
import { compileManifestText, desiredClusterSchema, type DesiredCluster } from '../../../shared/model';
import { explicitCluster, topologyCluster, toYaml, type Doc } from './manifestBuilders';

/**
 * ExtensionConfig (Runtime SDK, capi-behaviour.md §7.5): validated with a clear message per
 * field, compiled into DesiredCluster.runtimeExtensions of every cluster whose namespace its
 * namespaceSelector selects.
 */

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n';
const CA_BUNDLE = Buffer.from(PEM).toString('base64');

function extension(name: string, spec: Doc, apiVersion = 'runtime.cluster.x-k8s.io/v1alpha1'): Doc {
  return { apiVersion, kind: 'ExtensionConfig', metadata: { name }, spec };
}

function clusterIn(namespace: string, name: string): Doc[] {
  return explicitCluster(name).map((d) => ({ ...d, metadata: { ...d.metadata, namespace } }));
}

function compile(docs: Doc[]) {
  return compileManifestText(toYaml(docs), 'fleet.yaml');
}

function compileOk(docs: Doc[]): DesiredCluster[] {
  const { clusters, issues } = compile(docs);
  if (issues.length > 0) throw new Error(issues.map(formatIssue).join('\n'));
  return clusters;
}

const messages = (docs: Doc[]) => compile(docs).issues.map(formatIssue).join('\n');

describe('ExtensionConfig compiles into the clusters of the namespaces it selects', () => {
  test('no namespaceSelector: every cluster calls it, with its settings; sorted by name; both API versions', () => {
    const clusters = compileOk([
      ...clusterIn('team-a', 'a1'),
      ...clusterIn('team-b', 'b1'),
      extension('zz-backup', { clientConfig: { url: 'https://backup.example.com/ext' }, settings: { bucket: 'etcd' } }),
      extension('aa-gate', { clientConfig: { url: 'http://127.0.0.1:9443', caBundle: CA_BUNDLE } }, 'runtime.cluster.x-k8s.io/v1beta2'),
    ]);
    for (const c of clusters) {
      expect(c.runtimeExtensions).toEqual([
        { name: 'aa-gate', url: 'http://127.0.0.1:9443', caBundle: CA_BUNDLE, settings: {} },
        { name: 'zz-backup', url: 'https://backup.example.com/ext', settings: { bucket: 'etcd' } },
      ]);
      expect(desiredClusterSchema.safeParse(c).success).toBe(true);
    }
  });

  test('namespaceSelector on kubernetes.io/metadata.name picks namespaces', () => {
    const clusters = compileOk([
      ...clusterIn('prod', 'p1'),
      ...clusterIn('dev', 'd1'),
      extension('prod-only', {
        clientConfig: { url: 'https://hooks.example.com' },
        namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['prod'] }] },
      }),
    ]);
    expect(clusters.find((c) => c.name === 'p1')!.runtimeExtensions?.map((e) => e.name)).toEqual(['prod-only']);
    // A cluster without extensions carries no field at all: its desired state is unchanged.
    expect('runtimeExtensions' in clusters.find((c) => c.name === 'd1')!).toBe(false);
  });

  test('topology clusters get them too', () => {
    const [c] = compileOk([...topologyCluster(), extension('gate', { clientConfig: { url: 'https://hooks.example.com' } })]);
    expect(c!.runtimeExtensions?.map((e) => e.name)).toEqual(['gate']);
  });
});

describe('ExtensionConfig validation names the field and the rule', () => {
  test.each([
    ['http to another host', { url: 'http://hooks.example.com' }, /clientConfig\.url.*must use https \(http is accepted only for localhost/],
    ['not a URL', { url: 'hooks.example.com/x' }, /clientConfig\.url.*is not an absolute URL/],
    ['a query', { url: 'https://hooks.example.com/?x=1' }, /must not have a query or a fragment/],
    ['credentials', { url: 'https://user:pw@hooks.example.com' }, /must not carry credentials/],
    ['a service ref', { service: { namespace: 'x', name: 'y' } }, /clientConfig\.service.*not supported.*set clientConfig\.url/],
    ['no url', {}, /clientConfig\.url.*url is required/],
    ['a caBundle that is no PEM', { url: 'https://h.example.com', caBundle: Buffer.from('hello').toString('base64') }, /caBundle must be base64-encoded PEM/],
  ])('%s', (_what, clientConfig, pattern) => {
    const text = messages([...explicitCluster(), extension('bad', { clientConfig })]);
    expect(text).toMatch(pattern);
    expect(text).toMatch(/ExtensionConfig/);
  });

  test('an invalid ExtensionConfig keeps every cluster from compiling (its hooks would be skipped)', () => {
    const { clusters } = compile([...explicitCluster(), extension('bad', { clientConfig: { url: 'http://hooks.example.com' } })]);
    expect(clusters).toEqual([]);
  });

  test('a desired state given directly is checked the same way', () => {
    const [c] = compileOk(explicitCluster());
    const bad = { ...c!, runtimeExtensions: [{ name: 'x', url: 'http://10.0.0.1', settings: {} }] };
    const parsed = desiredClusterSchema.safeParse(bad);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/must use https/);
  });
});
