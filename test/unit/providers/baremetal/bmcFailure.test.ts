import { ApplicationFailure } from '@temporalio/common';
import {
  bmcFailure,
  bmcUnsupportedValue,
  classifyHttpStatus,
  classifyTransportError,
  type BmcCallContext,
} from '../../../../activities/providers/baremetal/bmcFailure';
import { redact } from '../../../../activities/providers/baremetal/redact';

const CTX: BmcCallContext = {
  host: 'lab/bm-0',
  address: 'redfish+http://10.0.0.5/redfish/v1/Systems/1',
  operation: 'power on',
  credentialsName: 'bm-0-bmc',
};

describe('classifyHttpStatus', () => {
  test.each([
    [401, 'auth'],
    [403, 'auth'],
    [404, 'notFound'],
    [409, 'conflict'],
    [412, 'conflict'],
    [400, 'rejected'],
    [405, 'rejected'],
    [501, 'unsupported'],
    [500, 'transient'],
    [502, 'transient'],
    [503, 'transient'],
    [504, 'transient'],
    [429, 'transient'],
    [408, 'transient'],
  ])('HTTP %i -> %s', (status, cls) => {
    expect(classifyHttpStatus(status)).toBe(cls);
  });
});

describe('classifyTransportError', () => {
  test.each([
    ['ECONNREFUSED', 'unreachable'],
    ['ETIMEDOUT', 'unreachable'],
    ['ENOTFOUND', 'unreachable'],
    ['ECONNRESET', 'unreachable'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'untrusted'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'untrusted'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'untrusted'],
    ['CERT_HAS_EXPIRED', 'untrusted'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'untrusted'],
  ])('%s -> %s', (code, cls) => {
    expect(classifyTransportError(code)).toBe(cls);
  });

  test('an untrusted certificate says how to fix it', () => {
    expect(bmcFailure('untrusted', 'DEPTH_ZERO_SELF_SIGNED_CERT', CTX).message).toContain(
      'add its CA to the worker (NODE_EXTRA_CA_CERTS) or set spec.bmc.disableCertificateVerification: true',
    );
  });
});

describe('bmcFailure: retryable or terminal, named after the host', () => {
  test.each([
    ['unreachable', 'ProviderUnavailable', false],
    ['transient', 'ProviderUnavailable', false],
    ['conflict', 'Conflict', false],
    ['auth', 'AuthFailed', true],
    ['unsupported', 'InvalidSpec', true],
    ['notFound', 'InvalidSpec', true],
    ['rejected', 'InvalidSpec', true],
    ['untrusted', 'InvalidSpec', true],
  ] as const)('%s -> %s, nonRetryable %s', (cls, type, nonRetryable) => {
    const f = bmcFailure(cls, 'detail', CTX);
    expect(f).toBeInstanceOf(ApplicationFailure);
    expect(f).toMatchObject({ type, nonRetryable });
    expect(f.message).toContain('host lab/bm-0 (BMC redfish+http://10.0.0.5/redfish/v1/Systems/1)');
    expect(f.details?.[0]).toMatchObject({ host: 'lab/bm-0', operation: 'power on', bmcErrorClass: cls });
  });

  test('auth says "BMC credentials rejected" and names the credentials to fix', () => {
    const f = bmcFailure('auth', 'HTTP 401', CTX);
    expect(f.message).toBe(
      'BMC credentials rejected for host lab/bm-0 (BMC redfish+http://10.0.0.5/redfish/v1/Systems/1) during power on ' +
        '(HTTP 401); check the username, password and privilege in credentials "bm-0-bmc"',
    );
  });

  test('retryable messages say so', () => {
    expect(bmcFailure('unreachable', 'ECONNREFUSED', CTX).message).toMatch(
      /is unreachable during power on \(ECONNREFUSED\); will retry$/,
    );
  });

  test('an unsupported value names itself and what the BMC allows', () => {
    const f = bmcUnsupportedValue(CTX, 'ResetType', ['PowerCycle', 'ForceRestart'], ['On', 'ForceOff']);
    expect(f).toMatchObject({ type: 'InvalidSpec', nonRetryable: true });
    expect(f.message).toContain(
      'ResetType "PowerCycle" or "ForceRestart" is not allowed; the BMC allows: On, ForceOff',
    );
    expect(f.details?.[0]).toMatchObject({
      ResetType: ['PowerCycle', 'ForceRestart'],
      allowed: ['On', 'ForceOff'],
    });
    expect(bmcUnsupportedValue(CTX, 'ResetType', ['On'], []).message).toContain('the BMC allows: nothing');
  });
});

describe('redact', () => {
  test('removes every occurrence, longest secret first; empty secrets are ignored', () => {
    expect(redact('pw=hunter2 again hunter2', ['hunter2'])).toBe('pw=[redacted] again [redacted]');
    expect(redact('abc-long', ['abc', 'abc-long'])).toBe('[redacted]');
    expect(redact('text', [''])).toBe('text');
  });
});
