import {
  allowedBootTargetsOf,
  bootOverrideOf,
  bootOverridePatch,
  memberPaths,
  pickCdDevice,
  powerStateOf,
  redfishErrorMessage,
  resetActionOf,
  systemsPathOf,
  virtualMediaDeviceOf,
  virtualMediaPathOf,
} from '../../../../activities/providers/baremetal/redfishResources';

const PATH = '/redfish/v1/Systems/8c0c0f7e-0000-4000-8000-000000000001';

/** Trimmed from sushy-tools 2.2.0's fake driver (GET /redfish/v1/Systems/<uuid>). */
const SUSHY_SYSTEM = {
  '@odata.type': '#ComputerSystem.v1_13_0.ComputerSystem',
  Id: '8c0c0f7e-0000-4000-8000-000000000001',
  PowerState: 'Off',
  Boot: {
    BootSourceOverrideEnabled: 'Continuous',
    BootSourceOverrideTarget: 'Hdd',
    'BootSourceOverrideTarget@Redfish.AllowableValues': ['Pxe', 'Cd', 'Hdd', 'UefiHttp'],
    BootSourceOverrideMode: 'UEFI',
  },
  VirtualMedia: { '@odata.id': `${PATH}/VirtualMedia` },
  Actions: {
    '#ComputerSystem.Reset': {
      target: `${PATH}/Actions/ComputerSystem.Reset`,
      'ResetType@Redfish.AllowableValues': [
        'On',
        'ForceOff',
        'GracefulShutdown',
        'GracefulRestart',
        'ForceRestart',
        'Nmi',
        'ForceOn',
      ],
    },
  },
};

describe('Redfish ComputerSystem', () => {
  test.each([
    ['On', 'on'],
    ['Off', 'off'],
    ['PoweringOn', 'poweringOn'],
    ['PoweringOff', 'poweringOff'],
    ['Paused', 'on'],
  ])('PowerState %s -> %s', (raw, state) => {
    expect(powerStateOf({ PowerState: raw })).toBe(state);
  });

  test('an unknown or missing PowerState is undefined, not a guess', () => {
    expect(powerStateOf({ PowerState: 'Sleeping' })).toBeUndefined();
    expect(powerStateOf({})).toBeUndefined();
    expect(powerStateOf(null)).toBeUndefined();
  });

  test('the reset action: target and allowed types; a bare system gets the conventional target', () => {
    expect(resetActionOf(SUSHY_SYSTEM, PATH)).toEqual({
      target: `${PATH}/Actions/ComputerSystem.Reset`,
      allowed: ['On', 'ForceOff', 'GracefulShutdown', 'GracefulRestart', 'ForceRestart', 'Nmi', 'ForceOn'],
    });
    expect(resetActionOf({ PowerState: 'On' }, '/redfish/v1/Systems/1')).toEqual({
      target: '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset',
    });
  });

  test('boot override read back, allowed targets, and the one-time PATCH body', () => {
    expect(bootOverrideOf(SUSHY_SYSTEM)).toEqual({ device: 'disk', reported: 'Hdd', once: false });
    expect(
      bootOverrideOf({ Boot: { BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Once' } }),
    ).toEqual({
      device: 'pxe',
      reported: 'Pxe',
      once: true,
    });
    expect(
      bootOverrideOf({ Boot: { BootSourceOverrideTarget: 'Cd', BootSourceOverrideEnabled: 'Disabled' } })
        .device,
    ).toBe('none');
    expect(bootOverrideOf({ Boot: { BootSourceOverrideTarget: 'UefiHttp' } }).device).toBe('other');
    expect(allowedBootTargetsOf(SUSHY_SYSTEM)).toEqual(['Pxe', 'Cd', 'Hdd', 'UefiHttp']);
    expect(bootOverridePatch('pxe')).toEqual({
      Boot: { BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Once' },
    });
    expect(bootOverridePatch('cdrom', { efi: true })).toEqual({
      Boot: {
        BootSourceOverrideTarget: 'Cd',
        BootSourceOverrideEnabled: 'Once',
        BootSourceOverrideMode: 'UEFI',
      },
    });
    expect(bootOverridePatch('disk', { efi: false }).Boot).toMatchObject({
      BootSourceOverrideTarget: 'Hdd',
      BootSourceOverrideMode: 'Legacy',
    });
  });

  test('collections and the service root', () => {
    expect(memberPaths({ Members: [{ '@odata.id': '/a' }, { nope: 1 }, { '@odata.id': '/b' }] })).toEqual([
      '/a',
      '/b',
    ]);
    expect(memberPaths({})).toEqual([]);
    expect(systemsPathOf({ Systems: { '@odata.id': '/redfish/v1/Systems' } })).toBe('/redfish/v1/Systems');
    expect(systemsPathOf({})).toBe('/redfish/v1/Systems');
    expect(virtualMediaPathOf(SUSHY_SYSTEM)).toBe(`${PATH}/VirtualMedia`);
  });
});

describe('Redfish virtual media', () => {
  const cd = virtualMediaDeviceOf(
    {
      MediaTypes: ['CD', 'DVD'],
      Image: 'None', // sushy renders an empty slot this way
      Inserted: false,
      Actions: {
        '#VirtualMedia.EjectMedia': { target: `${PATH}/VirtualMedia/Cd/Actions/VirtualMedia.EjectMedia` },
        '#VirtualMedia.InsertMedia': { target: `${PATH}/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia` },
      },
    },
    `${PATH}/VirtualMedia/Cd`,
  );
  const floppy = virtualMediaDeviceOf(
    { MediaTypes: ['Floppy', 'USBStick'], Image: 'http://x/f.img', Inserted: true },
    '/f',
  );

  test('reads devices: an empty slot has no image; missing targets get the conventional ones', () => {
    expect(cd).toEqual({
      path: `${PATH}/VirtualMedia/Cd`,
      mediaTypes: ['CD', 'DVD'],
      inserted: false,
      insertTarget: `${PATH}/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia`,
      ejectTarget: `${PATH}/VirtualMedia/Cd/Actions/VirtualMedia.EjectMedia`,
    });
    expect(floppy).toMatchObject({
      image: 'http://x/f.img',
      inserted: true,
      insertTarget: '/f/Actions/VirtualMedia.InsertMedia',
    });
  });

  test('picks the device that takes a CD or DVD', () => {
    expect(pickCdDevice([floppy, cd])).toBe(cd);
    expect(pickCdDevice([floppy])).toBeUndefined();
  });
});

describe('Redfish error bodies', () => {
  test('message and extended info, without repeats; the code when there is nothing else', () => {
    expect(
      redfishErrorMessage({
        error: {
          code: 'Base.1.0.GeneralError',
          message: 'A general error has occurred.',
          '@Message.ExtendedInfo': [
            {
              MessageId: 'Base.1.8.ActionParameterNotSupported',
              Message: 'The parameter ResetType is not supported.',
            },
            { Message: 'A general error has occurred.' },
          ],
        },
      }),
    ).toBe('A general error has occurred.; The parameter ResetType is not supported.');
    expect(redfishErrorMessage({ error: { code: 'Base.1.0.GeneralError' } })).toBe('Base.1.0.GeneralError');
    expect(redfishErrorMessage('<html>502</html>')).toBeUndefined();
  });
});
