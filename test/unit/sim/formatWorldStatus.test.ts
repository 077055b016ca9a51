import { formatMs, formatWorldStatus, renderTable } from '../../../scripts/sim/formatWorldStatus';
import {
  CLUSTER,
  NS,
  TEST_LATENCIES as L,
  initData,
  machineRequest,
  provisionedCluster,
} from './worldFixtures';

describe('sim status output', () => {
  it('aligns columns', () => {
    expect(renderTable(['A', 'LONGER'], [['xxxx', 'y']])).toBe('A     LONGER\nxxxx  y');
  });

  it.each([
    [250, '250ms'],
    [1500, '1.5s'],
    [120000, '2m'],
  ])('formats %d ms as %s', (ms, text) => expect(formatMs(ms)).toBe(text));

  it('shows clusters, machines (with why a node is missing), nodes and totals', () => {
    const { world, clock } = provisionedCluster();
    world.ensureMachine(
      NS,
      CLUSTER,
      'cp1',
      machineRequest({ role: 'control-plane', bootstrapData: initData() }),
    );
    world.ensureMachine(NS, CLUSTER, 'w-bad', machineRequest({ bootstrapData: 'nope' }));
    clock.advance(L.provisionMs + L.bootMs);
    const text = formatWorldStatus(world.view(), 'http://127.0.0.1:7380');
    expect(text).toContain('Sim at http://127.0.0.1:7380');
    expect(text).toMatch(
      /default\s+c1\s+provisioned\s+c1\.default\.sim\.capstan\.local:6443\s+sim-a,sim-b,sim-c\s+cp1\s+1/,
    );
    expect(text).toMatch(
      /w-bad\s+worker\s+v1\.31\.4\s+running.*no node: bootstrap data is not a #cloud-config/,
    );
    expect(text).toMatch(/cp1\s+control-plane\s+v1\.31\.4\s+True\s+sim:\/\/\/default\/c1\/cp1/);
    expect(text).toContain('2 machine create(s)');
  });

  it('says so when the world is empty', () => {
    const text = formatWorldStatus(provisionedCluster().world.view());
    expect(text).toContain('MACHINES: none');
    expect(text).toContain('NODES: none');
  });
});
