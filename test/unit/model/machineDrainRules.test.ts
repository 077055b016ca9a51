import { formatIssue, type ValidationIssue } from '../../../shared/errors';
import { compileManifestText, desiredClusterSchema, type DesiredCluster } from '../../../shared/model';
import { planDrain, type DrainPod, type DrainState } from '../../../shared/planners/drain';
import { drainState, names, pod } from '../planners/drain/fixtures';
import { joinDocs, readRepoFile } from './fixtures';
import { explicitCluster, topologyCluster, toYaml, type Doc } from './manifestBuilders';

/**
 * MachineDrainRule (capi-behaviour.md §5.3): validated like CAPI's CRD and webhook, compiled into
 * DesiredCluster.machineDrainRules of every cluster of its namespace, and honoured by planDrain.
 */

const SOURCE = 'rules.yaml';
const V1BETA2 = 'cluster.x-k8s.io/v1beta2';
const RULES_YAML = readRepoFile('test', 'fixtures', 'drainRules', 'machineDrainRules.yaml');

function drainRule(name: string, spec: Doc, namespace = 'default', apiVersion = V1BETA2): Doc {
  return { apiVersion, kind: 'MachineDrainRule', metadata: { name, namespace }, spec };
}

/** explicitCluster(name) moved to `namespace`. */
function clusterIn(namespace: string, name: string): Doc[] {
  return explicitCluster(name).map((d) => ({ ...d, metadata: { ...d.metadata, namespace } }));
}

function compileOk(text: string): DesiredCluster[] {
  const { clusters, issues } = compileManifestText(text, SOURCE);
  if (issues.length > 0) throw new Error(issues.map(formatIssue).join('\n'));
  return clusters;
}

const byName = (clusters: DesiredCluster[], name: string): DesiredCluster => {
  const c = clusters.find((x) => x.name === name);
  if (!c) throw new Error(`cluster ${name} not compiled`);
  return c;
};

describe('MachineDrainRule compiles into the desired state of its namespace', () => {
  test('the sample rules (v1beta1 and v1beta2) compile into c1, sorted by name, selectors kept', () => {
    const [c1] = compileOk(joinDocs(toYaml(explicitCluster()), RULES_YAML));
    expect(c1!.machineDrainRules).toEqual([
      {
        name: 'prod-keeps-web',
        behavior: 'Skip',
        machines: [{ clusterSelector: { matchLabels: { env: 'prod' } } }],
        pods: [{ selector: { matchLabels: { app: 'web' } } }],
      },
      { name: 'skip-portworx', behavior: 'Skip', pods: [{ selector: { matchLabels: { app: 'portworx' } } }] },
      {
        name: 'storage-last',
        behavior: 'Drain',
        order: 10,
        machines: [{ selector: { matchLabels: { 'cluster.x-k8s.io/deployment-name': 'c1-md-0' } } }],
        pods: [{ selector: { matchLabels: { app: 'storage' } } }],
      },
      {
        name: 'wait-backups',
        behavior: 'WaitCompleted',
        pods: [
          {
            selector: { matchLabels: { app: 'backup' } },
            namespaceSelector: {
              matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['backup'] }],
            },
          },
        ],
      },
    ]);
    // The rules are part of the cluster's resources, for `-o yaml` and audit.
    expect(
      c1!.resources
        .filter((r) => r.kind === 'MachineDrainRule')
        .map((r) => r.metadata.name)
        .sort(),
    ).toEqual(['prod-keeps-web', 'skip-portworx', 'storage-last', 'wait-backups']);
  });

  test('a rule applies to every cluster of its namespace and to no other namespace', () => {
    const clusters = compileOk(
      toYaml([
        ...explicitCluster('c1'),
        ...topologyCluster('t1'),
        ...clusterIn('team-b', 'c2'),
        drainRule('skip-csi', {
          drain: { behavior: 'Skip' },
          pods: [{ selector: { matchLabels: { app: 'csi' } } }],
        }),
        drainRule('b-first', { drain: { behavior: 'Drain', order: -5 } }, 'team-b'),
        drainRule('nowhere', { drain: { behavior: 'Skip' } }, 'no-cluster-here'),
      ]),
    );
    expect(byName(clusters, 'c1').machineDrainRules.map((r) => r.name)).toEqual(['skip-csi']);
    expect(byName(clusters, 't1').machineDrainRules.map((r) => r.name)).toEqual(['skip-csi']);
    expect(byName(clusters, 'c2').machineDrainRules).toEqual([
      { name: 'b-first', behavior: 'Drain', order: -5 },
    ]);
  });

  test('no rules: an empty list', () => {
    expect(compileOk(toYaml(explicitCluster()))[0]!.machineDrainRules).toEqual([]);
  });

  test('matchLabels: null is dropped, an empty selector kept (it matches everything)', () => {
    const [c1] = compileOk(
      toYaml([
        ...explicitCluster(),
        drainRule('r', {
          drain: { behavior: 'Skip' },
          machines: [{ selector: { matchLabels: null } }],
          pods: [{ selector: {} }],
        }),
      ]),
    );
    expect(c1!.machineDrainRules).toEqual([
      { name: 'r', behavior: 'Skip', machines: [{ selector: {} }], pods: [{ selector: {} }] },
    ]);
  });

  test('an invalid rule keeps every cluster of its namespace out (never drain without the rule), others compile', () => {
    const { clusters, issues } = compileManifestText(
      toYaml([
        ...explicitCluster('c1'),
        ...clusterIn('team-b', 'c2'),
        drainRule('bad', { drain: { behavior: 'Skip', order: 1 } }),
      ]),
      SOURCE,
    );
    expect(issues.map((i) => i.rule)).toEqual(['drain-rule-order-requires-drain']);
    expect(clusters.map((c) => c.name)).toEqual(['c2']);
  });

  test('desiredClusterSchema: accepts compiled rules after a JSON round trip; old desired states default to []', () => {
    const [c1] = compileOk(joinDocs(toYaml(explicitCluster()), RULES_YAML));
    const json = JSON.parse(JSON.stringify(c1));
    const parsed = desiredClusterSchema.safeParse(json);
    expect(parsed.success && parsed.data).toEqual(c1);

    const { machineDrainRules: _dropped, ...recordedBefore } = json;
    const old = desiredClusterSchema.safeParse(recordedBefore);
    expect(old.success && old.data.machineDrainRules).toEqual([]);

    const tampered = { ...json, machineDrainRules: [{ name: 'x', behavior: 'Evict' }] };
    const refused = desiredClusterSchema.safeParse(tampered);
    expect(refused.success).toBe(false);
    expect(refused.success ? [] : refused.error.issues.map((i) => i.path.join('.'))).toEqual([
      'machineDrainRules.0.behavior',
    ]);
  });
});

// --- bad rules --------------------------------------------------------------------------------

interface BadCase {
  name: string;
  rule: Doc;
  expect: { path: string; rule: string; resource?: string; message?: RegExp };
  /** an unidentified document (bad apiVersion) is reported but, like any kind, not part of a cluster */
  identified?: false;
}

const podSel = (labels: Record<string, string>) => ({ selector: { matchLabels: labels } });

const badCases: BadCase[] = [
  {
    name: 'order with behavior Skip',
    rule: drainRule('r', { drain: { behavior: 'Skip', order: 5 } }),
    expect: {
      path: 'spec.drain.order',
      rule: 'drain-rule-order-requires-drain',
      message: /only be set if behavior is set to "Drain"/,
    },
  },
  {
    name: 'order with behavior WaitCompleted',
    rule: drainRule('r', { drain: { behavior: 'WaitCompleted', order: 0 } }),
    expect: { path: 'spec.drain.order', rule: 'drain-rule-order-requires-drain' },
  },
  {
    name: 'order not an integer',
    rule: drainRule('r', { drain: { behavior: 'Drain', order: 1.5 } }),
    expect: { path: 'spec.drain.order', rule: 'type' },
  },
  {
    name: 'order beyond int32',
    rule: drainRule('r', { drain: { behavior: 'Drain', order: 2147483648 } }),
    expect: { path: 'spec.drain.order', rule: 'int32' },
  },
  {
    name: 'unknown behavior',
    rule: drainRule('r', { drain: { behavior: 'Evict' } }),
    expect: { path: 'spec.drain.behavior', rule: 'enum', message: /"Drain", "Skip", "WaitCompleted"/ },
  },
  {
    name: 'drain missing',
    rule: drainRule('r', { pods: [podSel({ app: 'x' })] }),
    expect: { path: 'spec.drain', rule: 'required' },
  },
  {
    name: 'unknown field in drain',
    rule: drainRule('r', { drain: { behavior: 'Drain', timeout: '5m' } }),
    expect: { path: 'spec.drain.timeout', rule: 'unknown-field' },
  },
  {
    name: 'machines entry with neither selector nor clusterSelector',
    rule: drainRule('r', { drain: { behavior: 'Skip' }, machines: [{}] }),
    expect: {
      path: 'spec.machines[0]',
      rule: 'drain-rule-machines-selector-required',
      message: /selector or clusterSelector/,
    },
  },
  {
    name: 'pods entry with neither selector nor namespaceSelector',
    rule: drainRule('r', { drain: { behavior: 'Skip' }, pods: [podSel({ app: 'a' }), {}] }),
    expect: {
      path: 'spec.pods[1]',
      rule: 'drain-rule-pods-selector-required',
      message: /selector or namespaceSelector/,
    },
  },
  {
    name: 'machines set but empty',
    rule: drainRule('r', { drain: { behavior: 'Skip' }, machines: [] }),
    expect: { path: 'spec.machines', rule: 'drain-rule-machines-not-empty' },
  },
  {
    name: 'more than 32 pods entries',
    rule: drainRule('r', {
      drain: { behavior: 'Skip' },
      pods: Array.from({ length: 33 }, (_, i) => podSel({ app: `a${i}` })),
    }),
    expect: { path: 'spec.pods', rule: 'drain-rule-pods-max', message: /at most 32/ },
  },
  {
    name: 'the same pods entry twice (keys in another order)',
    rule: drainRule('r', {
      drain: { behavior: 'Skip' },
      pods: [
        { selector: { matchLabels: { app: 'a' } }, namespaceSelector: { matchLabels: { team: 'x' } } },
        { namespaceSelector: { matchLabels: { team: 'x' } }, selector: { matchLabels: { app: 'a' } } },
      ],
    }),
    expect: { path: 'spec.pods[1]', rule: 'drain-rule-pods-unique' },
  },
  {
    name: 'the same machines entry twice',
    rule: drainRule('r', {
      drain: { behavior: 'Skip' },
      machines: [
        { clusterSelector: { matchLabels: { env: 'prod' } } },
        { clusterSelector: { matchLabels: { env: 'prod' } } },
      ],
    }),
    expect: { path: 'spec.machines[1]', rule: 'drain-rule-machines-unique' },
  },
  {
    name: 'In without values',
    rule: drainRule('r', {
      drain: { behavior: 'Skip' },
      pods: [{ selector: { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] } }],
    }),
    expect: { path: 'spec.pods[0].selector.matchExpressions[0].values', rule: 'label-selector' },
  },
  {
    name: 'Exists with values',
    rule: drainRule('r', {
      drain: { behavior: 'Skip' },
      machines: [
        { clusterSelector: { matchExpressions: [{ key: 'env', operator: 'Exists', values: ['prod'] }] } },
      ],
    }),
    expect: { path: 'spec.machines[0].clusterSelector.matchExpressions[0].values', rule: 'label-selector' },
  },
  {
    name: 'expression key that is not a label key',
    rule: drainRule('r', {
      drain: { behavior: 'Skip' },
      pods: [{ namespaceSelector: { matchExpressions: [{ key: 'bad key', operator: 'Exists' }] } }],
    }),
    expect: { path: 'spec.pods[0].namespaceSelector.matchExpressions[0].key', rule: 'label-selector' },
  },
  {
    name: 'unknown operator',
    rule: drainRule('r', {
      drain: { behavior: 'Skip' },
      pods: [{ selector: { matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] } }],
    }),
    expect: { path: 'spec.pods[0].selector.matchExpressions[0].operator', rule: 'enum' },
  },
  {
    name: 'matchLabels value that is not a label value',
    rule: drainRule('r', { drain: { behavior: 'Skip' }, pods: [podSel({ app: 'not a value' })] }),
    expect: { path: 'spec.pods[0].selector.matchLabels.app', rule: 'label-value' },
  },
  {
    name: 'unknown field in a machines entry',
    rule: drainRule('r', { drain: { behavior: 'Skip' }, machines: [{ nodeSelector: {} }] }),
    expect: { path: 'spec.machines[0].nodeSelector', rule: 'unknown-field' },
  },
  {
    name: 'name that is not a DNS-1123 name',
    rule: drainRule('Skip_CSI', { drain: { behavior: 'Skip' } }),
    expect: { path: 'metadata.name', rule: 'drain-rule-name', resource: 'MachineDrainRule/Skip_CSI' },
  },
  {
    name: 'name longer than a label value (63)',
    rule: drainRule('r'.repeat(64), { drain: { behavior: 'Skip' } }),
    expect: {
      path: 'metadata.name',
      rule: 'drain-rule-name',
      resource: `MachineDrainRule/${'r'.repeat(64)}`,
    },
  },
  {
    name: 'unsupported apiVersion',
    rule: drainRule('r', { drain: { behavior: 'Skip' } }, 'default', 'cluster.x-k8s.io/v1alpha4'),
    expect: {
      path: 'apiVersion',
      rule: 'unsupported-api-version',
      message: /v1beta1 or cluster\.x-k8s\.io\/v1beta2/,
    },
    identified: false,
  },
];

describe('bad MachineDrainRules are refused with the rule, the path, the document and the resource', () => {
  test.each(badCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const docs = [...explicitCluster(), c.rule];
    const { clusters, issues } = compileManifestText(toYaml(docs), SOURCE);
    const document = `${SOURCE}#${docs.length}`;
    const resource = c.expect.resource ?? 'MachineDrainRule/r';
    const found = issues.find(
      (i: ValidationIssue) =>
        i.rule === c.expect.rule &&
        i.path === c.expect.path &&
        i.document === document &&
        i.resource === resource,
    );
    if (!found)
      throw new Error(
        `expected ${c.expect.rule} at ${document} ${resource} ${c.expect.path}; got:\n${issues.map(formatIssue).join('\n')}`,
      );
    const text = formatIssue(found);
    expect(text).toContain(document);
    expect(text).toContain(resource);
    expect(text).toContain(`[${c.expect.rule}]`);
    if (c.expect.message) expect(found.message).toMatch(c.expect.message);
    // The cluster of the rule's namespace is not compiled without its rule.
    if (c.identified !== false) expect(clusters).toEqual([]);
  });
});

// --- compiled rules drive the drain -------------------------------------------------------------

describe('rules from a manifest decide how planDrain treats the Pods', () => {
  const worker = {
    name: 'c1-md-0-abc',
    labels: { 'cluster.x-k8s.io/deployment-name': 'c1-md-0' },
    annotations: {},
  };
  const pods: DrainPod[] = [
    pod('portworx-1', { labels: { app: 'portworx' } }),
    pod('backup-1', { namespace: 'backup', labels: { app: 'backup' }, ownerKind: 'Job' }),
    pod('backup-elsewhere', { labels: { app: 'backup' }, ownerKind: 'Job' }),
    pod('storage-1', { labels: { app: 'storage' } }),
    pod('web-1', { labels: { app: 'web' } }),
  ];
  const namespaceLabels = {
    default: { 'kubernetes.io/metadata.name': 'default' },
    backup: { 'kubernetes.io/metadata.name': 'backup' },
  };

  function plan(c: DesiredCluster, machine: DrainState['machine'] = worker) {
    return planDrain(
      drainState({ machine, clusterLabels: c.labels, pods, namespaceLabels, rules: c.machineDrainRules }),
      '2026-03-01T12:00:00.000Z',
    );
  }

  test('Skip skips, WaitCompleted waits (namespaceSelector honoured), order 10 waits for order 0', () => {
    const [c1] = compileOk(joinDocs(toYaml(explicitCluster()), RULES_YAML));
    expect(c1!.labels).toEqual({ env: 'dev' });
    const p = plan(c1!);
    expect(names(p.skipped)).toEqual(['default/portworx-1']);
    expect(Object.fromEntries(p.waitingFor.map((w) => [`${w.namespace}/${w.name}`, w.why]))).toEqual({
      'backup/backup-1': 'waitCompleted',
      'default/storage-1': 'laterOrder',
    });
    // prod-keeps-web selects clusters labelled env=prod only: c1 is env=dev, so web is evicted.
    expect(names(p.evict).sort()).toEqual(['default/backup-elsewhere', 'default/web-1']);
    expect(p.done).toBe(false);
  });

  test("the cluster's labels feed clusterSelector; a rule for other Machines does not apply", () => {
    const docs = explicitCluster();
    docs[0]!.metadata.labels = { env: 'prod' };
    const [c1] = compileOk(joinDocs(toYaml(docs), RULES_YAML));
    const cp = { name: 'c1-cp-xyz', labels: { 'cluster.x-k8s.io/control-plane': '' }, annotations: {} };
    const p = plan(c1!, cp);
    expect(names(p.skipped).sort()).toEqual(['default/portworx-1', 'default/web-1']);
    // storage-last selects the c1-md-0 Machines only: on a control plane Machine storage drains at order 0.
    expect(names(p.evict).sort()).toEqual(['default/backup-elsewhere', 'default/storage-1']);
  });
});
