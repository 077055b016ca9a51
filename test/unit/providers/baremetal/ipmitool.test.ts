/**
 * ipmitool argv and output reading. The outputs are verbatim from ipmitool 1.8.19 (Debian
 * bookworm) against ipmi_sim (openipmi 2.0.33), stderr and stdout interleaved as captured with -v.
 */
import {
  bootdevCommand,
  ipmitoolArgs,
  powerCommand,
} from '../../../../activities/providers/baremetal/ipmitoolArgs';
import {
  bootdevAccepted,
  classifyIpmitoolFailure,
  errorLines,
  parseBootFlags,
  parsePowerStatus,
  powerControlAccepted,
} from '../../../../activities/providers/baremetal/ipmitoolOutput';

const CHATTER = `Loading IANA PEN Registry...
Running Get VSO Capabilities my_addr 0x20, transit 0, target 0x20
Invalid completion code received: Invalid command
Discovered IPMB address 0x0
`;

const OUT = {
  statusOn: `${CHATTER}Chassis Power is on\n`,
  statusOff: 'Chassis Power is off\n',
  on: `${CHATTER}Chassis Power Control: Up/On\n`,
  cycle: 'Chassis Power Control: Cycle\n',
  bootdev: `${CHATTER}Set Boot Device to pxe\n`,
  bootparam: `${CHATTER}Boot parameter version: 1
Boot parameter 5 is valid/unlocked
Boot parameter data: 0004000000
 Boot Flags :
   - Boot Flag Invalid
   - Options apply to only next boot
   - BIOS PC Compatible (legacy) boot 
   - Boot Device Selector : Force PXE
   - BIOS verbosity : System Default
   - Console Redirection control : Console redirection occurs per BIOS configuration setting (default)
   - BIOS Mux Control Override : BIOS uses recommended setting of the mux at the end of POST
`,
  wrongPassword: `Loading IANA PEN Registry...
> RAKP 2 HMAC is invalid
Error: Unable to establish IPMI v2 / RMCP+ session
`,
  unknownUser: `Loading IANA PEN Registry...
RAKP 2 message indicates an error : unauthorized name
Error: Unable to establish IPMI v2 / RMCP+ session
`,
  insufficientPrivilege: `Loading IANA PEN Registry...
Get HPM.x Capabilities request failed, compcode = d4
Running Get VSO Capabilities my_addr 0x20, transit 0, target 0x20
Invalid completion code received: Insufficient privilege level
Discovered IPMB address 0x0
Set Chassis Power Control to Down/Off failed: Insufficient privilege level
`,
  noAnswer: `Loading IANA PEN Registry...
Get Auth Capabilities error
Error issuing Get Channel Authentication Capabilities request
Error: Unable to establish IPMI v2 / RMCP+ session
`,
  noSuchHost: `Address lookup for no-such-host.invalid failed
Could not open socket!
Error: Unable to establish IPMI v2 / RMCP+ session
`,
  cipher17: `Loading IANA PEN Registry...
Error in open session response message : invalid authentication algorithm

Error: Unable to establish IPMI v2 / RMCP+ session
`,
  invalidData: `${CHATTER}Set Chassis Power Control to Diag failed: Invalid data field in request\n`,
  // What real BMCs answer to a cycle of a host that is off (completion code 0xD5).
  presentState: `${CHATTER}Set Chassis Power Control to Cycle failed: Command not supported in present state\n`,
  unknown: `${CHATTER}Set Chassis Power Control to Up/On failed: Unspecified error\n`,
};

describe('ipmitool argv', () => {
  const target = {
    hostname: '10.0.0.6',
    port: 623,
    username: 'admin',
    cipherSuite: 3,
    answerTimeoutSec: 2,
    retries: 3,
  };

  test('lanplus, -E for the password from IPMI_PASSWORD, cipher suite 3, bounded retries', () => {
    expect(ipmitoolArgs(target, powerCommand('status'))).toEqual([
      '-I',
      'lanplus',
      '-H',
      '10.0.0.6',
      '-p',
      '623',
      '-U',
      'admin',
      '-E',
      '-C',
      '3',
      '-N',
      '2',
      '-R',
      '3',
      '-v',
      'chassis',
      'power',
      'status',
    ]);
    expect(ipmitoolArgs({ ...target, privilegeLevel: 'OPERATOR' }, ['x'])).toEqual(
      expect.arrayContaining(['-L', 'OPERATOR']),
    );
    expect(ipmitoolArgs(target, ['x'])).not.toContain('-P');
  });

  test('bootdev is next-boot-only; EFI as an option', () => {
    expect(bootdevCommand('pxe')).toEqual(['chassis', 'bootdev', 'pxe']);
    expect(bootdevCommand('disk', { efi: true })).toEqual(['chassis', 'bootdev', 'disk', 'options=efiboot']);
    expect(bootdevCommand('cdrom', { efi: false })).toEqual(['chassis', 'bootdev', 'cdrom']);
  });
});

describe('ipmitool output', () => {
  test('power status, with or without -v chatter', () => {
    expect(parsePowerStatus(OUT.statusOn)).toBe('on');
    expect(parsePowerStatus(OUT.statusOff)).toBe('off');
    expect(parsePowerStatus('Chassis Power is unknown\n')).toBeUndefined();
    expect(parsePowerStatus('')).toBeUndefined();
  });

  test('accepted power control and bootdev requests', () => {
    expect(powerControlAccepted(OUT.on)).toBe(true);
    expect(powerControlAccepted(OUT.cycle)).toBe(true);
    expect(powerControlAccepted(OUT.statusOn)).toBe(false);
    expect(bootdevAccepted(OUT.bootdev)).toBe(true);
    expect(bootdevAccepted(OUT.on)).toBe(false);
  });

  test('boot flags: device selector and next-boot-only', () => {
    expect(parseBootFlags(OUT.bootparam)).toEqual({ device: 'pxe', reported: 'Force PXE', once: true });
    const selector = (s: string) => OUT.bootparam.replace('Force PXE', s);
    expect(parseBootFlags(selector('Force Boot from default Hard-Drive'))?.device).toBe('disk');
    expect(parseBootFlags(selector('Force Boot from CD/DVD'))?.device).toBe('cdrom');
    expect(parseBootFlags(selector('No override'))?.device).toBe('none');
    expect(parseBootFlags(selector('Force BIOS Setup'))?.device).toBe('other');
    expect(parseBootFlags(OUT.bootparam.replace('only next boot', 'all future boots'))?.once).toBe(false);
    expect(parseBootFlags(OUT.statusOn)).toBeUndefined();
  });

  test('-v chatter is not taken for the error', () => {
    expect(errorLines(OUT.invalidData)).toEqual([
      'Set Chassis Power Control to Diag failed: Invalid data field in request',
    ]);
    expect(errorLines(OUT.insufficientPrivilege)).toEqual([
      'Set Chassis Power Control to Down/Off failed: Insufficient privilege level',
    ]);
  });
});

describe('classifyIpmitoolFailure', () => {
  test.each([
    ['wrong password', OUT.wrongPassword, 'auth'],
    ['unknown user', OUT.unknownUser, 'auth'],
    ['insufficient privilege', OUT.insufficientPrivilege, 'auth'],
    ['no answer', OUT.noAnswer, 'unreachable'],
    ['no such host', OUT.noSuchHost, 'unreachable'],
    ['bare "no session"', 'Error: Unable to establish IPMI v2 / RMCP+ session\n', 'unreachable'],
    ['cipher suite refused', OUT.cipher17, 'unsupported'],
    ['invalid data', OUT.invalidData, 'unsupported'],
    ['not in present state', OUT.presentState, 'conflict'],
    // The VSO probe's "Invalid command" must not make an unknown failure terminal.
    ['unknown failure', OUT.unknown, 'transient'],
    ['nothing at all', '', 'transient'],
  ])('%s -> %s', (_what, output, cls) => {
    expect(classifyIpmitoolFailure(output).cls).toBe(cls);
  });

  test('the detail quotes what went wrong, not the chatter', () => {
    expect(classifyIpmitoolFailure(OUT.wrongPassword).detail).toBe(
      '> RAKP 2 HMAC is invalid / Error: Unable to establish IPMI v2 / RMCP+ session',
    );
    expect(classifyIpmitoolFailure(OUT.cipher17)).toMatchObject({ cipher: true });
    expect(classifyIpmitoolFailure('').detail).toBe('ipmitool failed without a message');
  });
});
