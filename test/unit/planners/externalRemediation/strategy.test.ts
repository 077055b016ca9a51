import {
  completionOf,
  DEFAULT_REBOOT_RETRY_LIMIT,
  DEFAULT_REBOOT_TIMEOUT_SECONDS,
  externalControllerMessage,
  nextRebootStep,
  rebootRefusedMessage,
  remediationStrategyOf,
  waitingForHealthyMessage,
} from '../../../../shared/planners/externalRemediation';

const reboot = { kind: 'RebootRemediationTemplate', name: 'r' };

describe('remediationStrategyOf', () => {
  it('reads retryLimit and the Go-duration timeout of a RebootRemediationTemplate spec', () => {
    expect(remediationStrategyOf(reboot, { strategy: { type: 'Reboot', retryLimit: 3, timeout: '90s' } })).toEqual({
      type: 'Reboot',
      retryLimit: 3,
      timeoutSeconds: 90,
    });
  });

  it('defaults what a hand-built snapshot leaves out: 1 retry, 300 s', () => {
    expect(remediationStrategyOf(reboot, { strategy: { type: 'Reboot' } })).toEqual({
      type: 'Reboot',
      retryLimit: DEFAULT_REBOOT_RETRY_LIMIT,
      timeoutSeconds: DEFAULT_REBOOT_TIMEOUT_SECONDS,
    });
    expect(DEFAULT_REBOOT_RETRY_LIMIT).toBe(1);
    expect(DEFAULT_REBOOT_TIMEOUT_SECONDS).toBe(300);
  });

  it('any other kind, or a Reboot template without a snapshot, is left to an external controller', () => {
    expect(remediationStrategyOf({ kind: 'Metal3RemediationTemplate' }, { strategy: { type: 'Reboot' } })).toEqual({
      type: 'External',
    });
    expect(remediationStrategyOf(reboot, undefined)).toEqual({ type: 'External' });
  });
});

describe('nextRebootStep (Metal3 reboot loop)', () => {
  const strategy = { type: 'Reboot' as const, retryLimit: 2, timeoutSeconds: 300 };

  it('power-cycles while retryLimit allows, counting the attempts', () => {
    expect(nextRebootStep(strategy, 0)).toEqual({
      action: 'reboot',
      attempt: 1,
      message: 'power cycle 1 of 2 requested from the infrastructure provider',
    });
    expect(nextRebootStep(strategy, 1)).toMatchObject({ action: 'reboot', attempt: 2 });
  });

  it('then hands the machine to its owner, saying how long it stayed unhealthy after how many cycles', () => {
    expect(nextRebootStep(strategy, 2)).toEqual({
      action: 'handToOwner',
      message: 'still unhealthy 5m0s after power cycle 2 of 2: handed to its owner for replacement',
    });
  });

  it('the wait and refusal messages name the deadline, the timeout and the reason', () => {
    expect(waitingForHealthyMessage(strategy, 1, '2026-01-01T00:05:00.000Z')).toBe(
      'power cycle 1 of 2 done; waiting until 2026-01-01T00:05:00.000Z (timeout 5m0s) for the MachineHealthCheck to find the machine healthy',
    );
    expect(rebootRefusedMessage('the docker provider cannot power-cycle machines')).toBe(
      'cannot power-cycle the machine (the docker provider cannot power-cycle machines): handed to its owner for replacement',
    );
  });
});

describe('external controllers', () => {
  it('the waiting message names the template and the exact signal that completes the request', () => {
    expect(externalControllerMessage({ kind: 'Metal3RemediationTemplate', name: 'bmc' }, 'remediation/default/m1')).toBe(
      'waiting for an external controller to remediate (Metal3RemediationTemplate/bmc); when it is done: temporal workflow signal --workflow-id remediation/default/m1 --name complete',
    );
  });

  it('a bare `complete` signal (no input) still says who and why', () => {
    expect(completionOf(undefined)).toEqual({ by: 'signal', reason: 'completed by the complete signal' });
    expect(completionOf({ by: 'metal3', reason: 'host power-cycled' })).toEqual({ by: 'metal3', reason: 'host power-cycled' });
    expect(completionOf({ by: '', reason: 'x' })).toEqual({ by: 'signal', reason: 'x' });
  });
});
