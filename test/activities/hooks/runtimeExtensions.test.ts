import { callLifecycleHook, hookUrl } from '../../../activities/hooks/runtimeExtensions';
import type { DesiredRuntimeExtension } from '../../../shared/model/desired';
import type { HookRequest } from '../../../shared/planners/lifecycleHooks';
import { selfSignedLoopback, startRuntimeExtension, type TestExtension } from '../../support/runtimeExtension';

/**
 * The Runtime SDK client against real extensions on loopback: discovery, the hook paths, the
 * settings, CAPI's aggregation (failure > smallest retryAfterSeconds > success), failurePolicy,
 * handler timeouts, and TLS verified against the ExtensionConfig's caBundle.
 */

const cluster = { apiVersion: 'cluster.x-k8s.io/v1beta1', kind: 'Cluster', metadata: { name: 'c1', namespace: 'default' } };
const beforeUpgrade: HookRequest = {
  hook: 'BeforeClusterUpgrade',
  body: { apiVersion: 'hooks.runtime.cluster.x-k8s.io/v1alpha1', kind: 'BeforeClusterUpgradeRequest', cluster, fromKubernetesVersion: 'v1.30.7', toKubernetesVersion: 'v1.31.4' },
};
const success = (extra: Record<string, unknown> = {}) => ({ apiVersion: 'hooks.runtime.cluster.x-k8s.io/v1alpha1', kind: 'BeforeClusterUpgradeResponse', status: 'Success', ...extra });

const running: TestExtension[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

async function extension(...args: Parameters<typeof startRuntimeExtension>): Promise<TestExtension> {
  const ext = await startRuntimeExtension(...args);
  running.push(ext);
  return ext;
}

const config = (name: string, ext: TestExtension, more: Partial<DesiredRuntimeExtension> = {}): DesiredRuntimeExtension => ({
  name,
  url: ext.url,
  settings: {},
  ...more,
});

test('hook paths follow CAPI: /<group>/<version>/<hook lowercased>/<handler>', () => {
  expect(hookUrl('https://h.example.com/ext/', 'BeforeClusterUpgrade', 'gate')).toBe(
    'https://h.example.com/ext/hooks.runtime.cluster.x-k8s.io/v1alpha1/beforeclusterupgrade/gate',
  );
  expect(hookUrl('https://h.example.com', 'discovery')).toBe('https://h.example.com/hooks.runtime.cluster.x-k8s.io/v1alpha1/discovery');
});

test('only handlers of the hook are called, with the request and the extension settings; all succeed → Passed', async () => {
  const ext = await extension({
    basePath: '/capstan',
    handlers: [
      { name: 'gate', hook: 'BeforeClusterUpgrade' },
      { name: 'audit', hook: 'BeforeClusterUpgrade' },
      { name: 'cleanup', hook: 'BeforeClusterDelete' },
    ],
    respond: () => success({ message: 'ok' }),
  });
  const outcome = await callLifecycleHook({ extensions: [config('hooks', ext, { settings: { bucket: 'etcd-backups' } })], request: beforeUpgrade });
  expect(outcome).toEqual({ status: 'Passed', handlers: 2, message: 'hooks/gate: ok; hooks/audit: ok' });
  expect(ext.discoveries).toBe(1);
  expect(ext.requests.map((r) => [r.hook, r.handler])).toEqual([
    ['beforeclusterupgrade', 'gate'],
    ['beforeclusterupgrade', 'audit'],
  ]);
  expect(ext.requests[0]!.body).toEqual({ ...beforeUpgrade.body, settings: { bucket: 'etcd-backups' } });
});

test('no handler for the hook passes without a call', async () => {
  const ext = await extension({ handlers: [{ name: 'cleanup', hook: 'BeforeClusterDelete' }], respond: () => success() });
  expect(await callLifecycleHook({ extensions: [config('e', ext)], request: beforeUpgrade })).toEqual({ status: 'Passed', handlers: 0 });
  expect(ext.requests).toEqual([]);
});

test('the smallest non-zero retryAfterSeconds over all extensions blocks, with every blocking message', async () => {
  const a = await extension({ handlers: [{ name: 'backup', hook: 'BeforeClusterUpgrade' }], respond: () => success({ retryAfterSeconds: 30, message: 'etcd backup 40% done' }) });
  const b = await extension({ handlers: [{ name: 'gate', hook: 'BeforeClusterUpgrade' }], respond: () => success({ retryAfterSeconds: 12, message: 'change freeze until 14:00' }) });
  const c = await extension({ handlers: [{ name: 'ok', hook: 'BeforeClusterUpgrade' }], respond: () => success() });
  expect(await callLifecycleHook({ extensions: [config('a', a), config('b', b), config('c', c)], request: beforeUpgrade })).toEqual({
    status: 'Blocked',
    handlers: 3,
    retryAfterSeconds: 12,
    message: 'a/backup: etcd backup 40% done; b/gate: change freeze until 14:00',
  });
});

test('a Failure answer fails the hook even with failurePolicy Ignore; a failure outranks a block', async () => {
  const failing = await extension({
    handlers: [{ name: 'check', hook: 'BeforeClusterUpgrade', failurePolicy: 'Ignore' }],
    respond: () => ({ status: 'Failure', message: 'PodSecurity admission would reject 3 pods on v1.31' }),
  });
  const blocking = await extension({ handlers: [{ name: 'gate', hook: 'BeforeClusterUpgrade' }], respond: () => success({ retryAfterSeconds: 5 }) });
  expect(await callLifecycleHook({ extensions: [config('blocking', blocking), config('failing', failing)], request: beforeUpgrade })).toEqual({
    status: 'Failed',
    handlers: 2,
    message: 'failing/check: PodSecurity admission would reject 3 pods on v1.31',
  });
});

test('an unreachable, slow or broken handler fails the hook under failurePolicy Fail and is skipped under Ignore', async () => {
  const broken = await extension({
    handlers: [
      { name: 'http500', hook: 'BeforeClusterUpgrade' },
      { name: 'slow', hook: 'BeforeClusterUpgrade', timeoutSeconds: 1 },
      { name: 'ignored', hook: 'BeforeClusterUpgrade', failurePolicy: 'Ignore', timeoutSeconds: 1 },
    ],
    respond: (r) => (r.handler === 'http500' ? { httpStatus: 500, text: 'panic: nil map' } : 'hang'),
  });
  const started = Date.now();
  const outcome = await callLifecycleHook({ extensions: [config('ext', broken)], request: beforeUpgrade });
  expect(outcome.status).toBe('Failed');
  expect(outcome.message).toMatch(/^ext\/http500: .*beforeclusterupgrade\/http500 answered HTTP 500: panic: nil map; ext\/slow: .* did not answer within 1s$/);
  expect(Date.now() - started).toBeLessThan(10_000);
  await broken.close();
  const onlyIgnored = await extension({
    handlers: [{ name: 'ignored', hook: 'BeforeClusterUpgrade', failurePolicy: 'Ignore', timeoutSeconds: 1 }],
    respond: () => 'hang',
  });
  const ignored = await callLifecycleHook({ extensions: [config('ext', onlyIgnored)], request: beforeUpgrade });
  expect(ignored.status).toBe('Passed');
  expect(ignored.message).toMatch(/^ext\/ignored: ignored \(failurePolicy Ignore\): .* did not answer within 1s$/);

  const gone = await extension({ handlers: [], respond: () => success() });
  await gone.close();
  const down = await callLifecycleHook({ extensions: [config('gone', gone)], request: beforeUpgrade });
  expect(down.status).toBe('Failed');
  expect(down.message).toMatch(/^gone: .*discovery: .*ECONNREFUSED/);
});

test('a discovery answer CAPI would refuse names the field', async () => {
  const ext = await extension({ handlers: [{ name: 'Not_A_Label', hook: 'BeforeClusterUpgrade' }], respond: () => success() });
  const outcome = await callLifecycleHook({ extensions: [config('odd', ext)], request: beforeUpgrade });
  expect(outcome).toEqual({ status: 'Failed', handlers: 1, message: 'odd: discovery of extension odd: handlers[0].name must be a DNS-1123 label, got "Not_A_Label"' });
});

describe('TLS', () => {
  const tls = selfSignedLoopback();

  test('an https extension is trusted through the caBundle', async () => {
    const ext = await extension({ tls, handlers: [{ name: 'gate', hook: 'BeforeClusterUpgrade' }], respond: () => success() });
    expect(ext.url).toMatch(/^https:/);
    expect(await callLifecycleHook({ extensions: [config('tls', ext, { caBundle: tls.caBundle })], request: beforeUpgrade })).toEqual({ status: 'Passed', handlers: 1 });
  });

  test('without the caBundle its self-signed certificate is refused', async () => {
    const ext = await extension({ tls, handlers: [{ name: 'gate', hook: 'BeforeClusterUpgrade' }], respond: () => success() });
    const outcome = await callLifecycleHook({ extensions: [config('tls', ext)], request: beforeUpgrade });
    expect(outcome.status).toBe('Failed');
    expect(outcome.message).toMatch(/self[- ]signed certificate/);
    expect(ext.requests).toEqual([]);
  });
});
