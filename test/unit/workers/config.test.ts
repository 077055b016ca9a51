import { loadWorkerConfig } from '../../../workers/config';

describe('worker configuration from the environment', () => {
  it('has working defaults', () => {
    expect(loadWorkerConfig({})).toMatchObject({
      temporalAddress: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'capstan',
      providers: ['sim'],
      simUrl: 'http://127.0.0.1:7380',
      runWorkflows: true,
    });
  });

  it('reads every variable', () => {
    const c = loadWorkerConfig({
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: 'fleet',
      CAPSTAN_TASK_QUEUE: 'capstan-eu',
      CAPSTAN_PROVIDERS: 'sim, docker',
      CAPSTAN_SIM_URL: 'http://sim:7380',
      CAPSTAN_POLL_INTERVAL_MS: '500',
      CAPSTAN_RUN_WORKFLOWS: 'false',
    });
    expect(c).toMatchObject({ temporalAddress: 'temporal:7233', namespace: 'fleet', taskQueue: 'capstan-eu', providers: ['sim', 'docker'], pollIntervalMs: 500, runWorkflows: false });
  });

  it('names the variable and the rule when a value is wrong', () => {
    expect(() => loadWorkerConfig({ CAPSTAN_PROVIDERS: 'sim,gcp' })).toThrow(/CAPSTAN_PROVIDERS.*1.*(Invalid enum value|Expected)/s);
    expect(() => loadWorkerConfig({ CAPSTAN_POLL_INTERVAL_MS: '1' })).toThrow(/CAPSTAN_POLL_INTERVAL_MS/);
    expect(() => loadWorkerConfig({ CAPSTAN_SIM_URL: 'not a url' })).toThrow(/CAPSTAN_SIM_URL: Invalid url/);
  });
});
