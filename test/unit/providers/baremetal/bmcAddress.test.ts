import { parseBmcAddress } from '../../../../activities/providers/baremetal/bmcAddress';

describe('parseBmcAddress: Metal3 BMC addresses', () => {
  test.each([
    [
      'redfish+http://10.0.0.5:8000/redfish/v1/Systems/8c0c0f7e-0000-4000-8000-000000000001',
      {
        protocol: 'redfish',
        scheme: 'http',
        hostname: '10.0.0.5',
        port: 8000,
        systemPath: '/redfish/v1/Systems/8c0c0f7e-0000-4000-8000-000000000001',
        virtualMedia: false,
      },
    ],
    [
      'redfish://bmc.rack1/redfish/v1/Systems/1',
      {
        protocol: 'redfish',
        scheme: 'https',
        hostname: 'bmc.rack1',
        port: 443,
        systemPath: '/redfish/v1/Systems/1',
        virtualMedia: false,
      },
    ],
    [
      'redfish+https://bmc:8443',
      { protocol: 'redfish', scheme: 'https', hostname: 'bmc', port: 8443, virtualMedia: false },
    ],
    [
      'redfish+http://bmc/redfish/v1/',
      { protocol: 'redfish', scheme: 'http', hostname: 'bmc', port: 80, virtualMedia: false },
    ],
    [
      'redfish-virtualmedia+http://[fd00::5]:8000/redfish/v1/Systems/abc/',
      {
        protocol: 'redfish',
        scheme: 'http',
        hostname: 'fd00::5',
        port: 8000,
        systemPath: '/redfish/v1/Systems/abc',
        virtualMedia: true,
      },
    ],
    ['ipmi://10.0.0.6:6230', { protocol: 'ipmi', hostname: '10.0.0.6', port: 6230 }],
    ['ipmi://bmc-7', { protocol: 'ipmi', hostname: 'bmc-7', port: 623 }],
    ['10.0.0.7', { protocol: 'ipmi', hostname: '10.0.0.7', port: 623 }],
    ['[fd00::7]:624', { protocol: 'ipmi', hostname: 'fd00::7', port: 624 }],
  ])('%s', (address, endpoint) => {
    expect(parseBmcAddress(address)).toEqual({ ok: true, endpoint });
  });

  test.each([
    ['idrac://10.0.0.5', /BMC driver "idrac" is not supported/],
    ['redfish+http://bmc/redfish/v1/Managers/1', /must be \/redfish\/v1\/Systems\/<id>/],
    ['redfish+http://admin:secret@bmc/redfish/v1/Systems/1', /credentials do not belong in the address/],
    ['ipmi://bmc:70000', /port 70000 is out of range/],
    ['ipmi://bmc/x', /an ipmi:\/\/ address has no path/],
    ['not an address', /is not a BMC address/],
  ])('%s is refused', (address, problem) => {
    const r = parseBmcAddress(address);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(problem);
  });
});
