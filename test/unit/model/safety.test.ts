import { ManifestValidationError } from '../../../shared/errors';
import {
  MANIFEST_LIMITS,
  compileManifestText,
  compileManifestTextOrThrow,
  parseManifestBytes,
  parseManifests,
} from '../../../shared/model';
import { explicitCluster, toYaml } from './manifestBuilders';

/** Input limits: hostile or accidental input is refused quickly and clearly, never expanded. */
describe('manifest input safety', () => {
  const billionLaughs = (): string => {
    const lines = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: lol',
      'data:',
      '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ];
    const names = 'abcdefghi';
    for (let i = 1; i < names.length; i++)
      lines.push(
        `  ${names[i]}: &${names[i]} [${Array(9)
          .fill(`*${names[i - 1]}`)
          .join(',')}]`,
      );
    return lines.join('\n') + '\n';
  };

  // The bound is a hang guard, not a speed target (bench scripts measure speed): expanding this
  // document would take minutes or exhaust memory, refusing it takes ~20 ms; 2 s tolerates a busy CI.
  test('a billion-laughs document is refused at once, not expanded', () => {
    const started = performance.now();
    const { docs, issues } = parseManifests(billionLaughs(), 'lol.yaml');
    const elapsed = performance.now() - started;
    expect(docs).toEqual([]);
    expect(issues.map((i) => i.rule)).toEqual(['yaml-alias-limit']);
    expect(elapsed).toBeLessThan(2000);
  });

  test('a few aliases within the budget are fine (merge keys work as in kubectl)', () => {
    const text = `apiVersion: cluster.x-k8s.io/v1beta1
kind: MachineHealthCheck
metadata:
  name: m
spec:
  clusterName: c
  selector:
    matchLabels: &sel
      pool: a
  unhealthyConditions:
    - &ready { type: Ready, status: Unknown, timeout: 300s }
    - <<: *ready
      status: "False"
`;
    const { docs, issues } = parseManifests(text, 'alias.yaml');
    expect(issues).toEqual([]);
    expect(docs[0]!.object).toMatchObject({
      spec: {
        unhealthyConditions: [{ status: 'Unknown' }, { status: 'False', type: 'Ready', timeout: '300s' }],
      },
    });
  });

  test('a document over 1 MiB is refused, naming the document', () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: "${'x'.repeat(MANIFEST_LIMITS.maxDocumentBytes)}"\n`;
    const { issues } = parseManifests(`${toYaml(explicitCluster().slice(0, 1))}---\n${big}`, 'big.yaml');
    expect(issues).toEqual([
      expect.objectContaining({
        document: 'big.yaml#2',
        resource: 'ConfigMap/big',
        rule: 'document-too-large',
      }),
    ]);
  });

  test('input over 8 MiB is refused before parsing', () => {
    const text = '#'.repeat(MANIFEST_LIMITS.maxTotalBytes + 1);
    const started = performance.now();
    const { issues } = parseManifests(text, 'huge.yaml');
    expect(issues).toEqual([expect.objectContaining({ document: 'huge.yaml', rule: 'input-too-large' })]);
    expect(performance.now() - started).toBeLessThan(3000); // hang guard: refused before any parsing
    expect(
      parseManifestBytes(new Uint8Array(MANIFEST_LIMITS.maxTotalBytes + 1), 'huge.bin').issues[0]!.rule,
    ).toBe('input-too-large');
  });

  test('more than 1000 documents are refused', () => {
    const text = Array.from(
      { length: MANIFEST_LIMITS.maxDocuments + 5 },
      (_, i) => `# doc ${i}\na: ${i}\n`,
    ).join('---\n');
    const { issues } = parseManifests(text, 'many.yaml');
    expect(issues.filter((i) => i.rule === 'too-many-documents')).toEqual([
      expect.objectContaining({ document: 'many.yaml' }),
    ]);
  });

  test('non-UTF-8 bytes are refused with the offset of the first bad byte', () => {
    const prefix = new TextEncoder().encode('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf');
    const latin1 = new Uint8Array([...prefix, 0xe9, 0x0a]);
    const { docs, issues } = parseManifestBytes(latin1, 'latin1.yaml');
    expect(docs).toEqual([]);
    expect(issues).toEqual([
      expect.objectContaining({
        document: 'latin1.yaml',
        rule: 'utf8',
        message: expect.stringContaining(`offset ${prefix.length}`),
      }),
    ]);
  });

  test('valid UTF-8 bytes parse like text', () => {
    const bytes = new TextEncoder().encode(toYaml(explicitCluster()));
    const { docs, issues } = parseManifestBytes(bytes, 'ok.yaml');
    expect(issues).toEqual([]);
    expect(docs).toHaveLength(8);
  });

  test('empty and comment-only documents are skipped but counted, as YAML counts documents', () => {
    // The leading comment belongs to the first document; `---` then opens documents 2 and 3.
    const text = `# only a comment\nfoo: null\n---\n# another comment\n---\n${toYaml(explicitCluster().slice(1, 2))}`;
    const { docs, issues } = parseManifests(text, 'e.yaml');
    expect(issues.map((i) => [i.document, i.rule])).toEqual([
      ['e.yaml#1', 'kind-required'],
      ['e.yaml#1', 'api-version-required'],
      ['e.yaml#1', 'name-required'],
    ]);
    expect(docs.map((d) => [d.document, d.kind])).toEqual([['e.yaml#3', 'SimCluster']]);
  });

  test('every issue of a manifest set is reported at once, not just the first', () => {
    const docs = explicitCluster();
    docs[0]!.spec.controlPlaneRefs = {}; // unknown field
    docs[3]!.spec.replicas = 2; // even KCP
    docs[4]!.spec.template.spec.cpus = 4; // unknown field
    docs[6]!.spec.template.spec.version = 'v1.27.0'; // kubelet skew
    docs[7]!.spec.unhealthyRange = '3-5'; // MHC format
    const { clusters, issues } = compileManifestText(toYaml(docs), 'all.yaml');
    expect(clusters).toEqual([]);
    expect(issues.map((i) => `${i.document} ${i.rule}`).sort()).toEqual(
      [
        'all.yaml#1 unknown-field',
        'all.yaml#4 kcp-replicas-odd',
        'all.yaml#5 unknown-field',
        'all.yaml#7 kubelet-version-skew',
        'all.yaml#8 unhealthy-range-format',
      ].sort(),
    );
  });

  test('one broken cluster does not hide a valid one in the same input', () => {
    const good = explicitCluster('good');
    const bad = explicitCluster('bad');
    bad[3]!.spec.replicas = 4;
    const { clusters, issues } = compileManifestText(toYaml([...good, ...bad]), 'two.yaml');
    expect(clusters.map((c) => c.name)).toEqual(['good']);
    expect(issues.map((i) => i.rule)).toEqual(['kcp-replicas-odd']);
  });
});

describe('compileManifestTextOrThrow', () => {
  test('returns the clusters of a valid set', () => {
    expect(compileManifestTextOrThrow(toYaml(explicitCluster()), 'ok.yaml').map((c) => c.name)).toEqual([
      'c1',
    ]);
  });

  test('throws a ManifestValidationError listing every issue, formatted', () => {
    const docs = explicitCluster();
    docs[3]!.spec.replicas = 2;
    docs[7]!.spec.unhealthyRange = '3-5';
    expect(() => compileManifestTextOrThrow(toYaml(docs), 'bad.yaml')).toThrow(ManifestValidationError);
    expect(() => compileManifestTextOrThrow(toYaml(docs), 'bad.yaml')).toThrow(
      /2 validation errors:\n {2}- bad\.yaml#4: KubeadmControlPlane\/c1-cp spec\.replicas: .* \[kcp-replicas-odd\]\n {2}- bad\.yaml#8: MachineHealthCheck\/c1-mhc spec\.unhealthyRange: .* \[unhealthy-range-format\]/,
    );
  });
});
