import { checkResetType, chooseResetType } from '../../../../activities/providers/baremetal/redfishResetType';

/** What sushy-tools 2.2.0 advertises (ResetType@Redfish.AllowableValues). */
const SUSHY = ['On', 'ForceOff', 'GracefulShutdown', 'GracefulRestart', 'ForceRestart', 'Nmi', 'ForceOn'];

describe('chooseResetType honours the AllowableValues the BMC advertises', () => {
  test.each([
    ['on', SUSHY, 'On'],
    ['on', ['ForceOn', 'ForceOff'], 'ForceOn'],
    ['forceOff', SUSHY, 'ForceOff'],
    ['gracefulShutdown', SUSHY, 'GracefulShutdown'],
    ['cycle', SUSHY, 'ForceRestart'],
    ['cycle', ['On', 'ForceOff', 'PowerCycle', 'ForceRestart'], 'PowerCycle'],
    ['reset', SUSHY, 'ForceRestart'],
    ['gracefulRestart', SUSHY, 'GracefulRestart'],
  ] as const)('%s with %j -> %s', (intent, allowed, expected) => {
    expect(chooseResetType(intent, allowed)).toEqual({ ok: true, resetType: expected });
  });

  test('a BMC that advertises nothing gets the standard choice', () => {
    expect(chooseResetType('cycle', undefined)).toEqual({ ok: true, resetType: 'PowerCycle' });
    expect(chooseResetType('on', [])).toEqual({ ok: true, resetType: 'On' });
  });

  test('nothing acceptable: every candidate and the allowed list, for the message', () => {
    expect(chooseResetType('cycle', ['On', 'ForceOff'])).toEqual({
      ok: false,
      wanted: ['PowerCycle', 'ForceRestart'],
      allowed: ['On', 'ForceOff'],
    });
    expect(chooseResetType('gracefulShutdown', ['On', 'ForceOff'])).toMatchObject({
      ok: false,
      wanted: ['GracefulShutdown'],
    });
  });

  test('checkResetType: an explicit type must be advertised when a list is', () => {
    expect(checkResetType('Nmi', SUSHY)).toEqual({ ok: true, resetType: 'Nmi' });
    expect(checkResetType('PushPowerButton', SUSHY)).toEqual({
      ok: false,
      wanted: ['PushPowerButton'],
      allowed: SUSHY,
    });
    expect(checkResetType('PushPowerButton', undefined)).toEqual({ ok: true, resetType: 'PushPowerButton' });
  });
});
