import {
  MACHINE_GONE,
  MACHINE_HEALTHY_AGAIN,
  planRemediationRequestChanges,
  type RemediationRequest,
} from '../../../../shared/planners/health';

const template = { apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta1', kind: 'RebootRemediationTemplate', name: 'r' };
const request = (name: string): RemediationRequest => ({ name, template, ownerMachine: name });

describe('planRemediationRequestChanges', () => {
  it("creates what the pass planned and deletes the requests of machines healthy again", () => {
    const changes = planRemediationRequestChanges(
      { createRemediationRequests: [request('m3')], deleteRemediationRequests: ['m1'] },
      ['m1', 'm2'],
      ['m1', 'm2', 'm3'],
    );
    expect(changes).toEqual({ create: [request('m3')], finish: [{ name: 'm1', reason: MACHINE_HEALTHY_AGAIN }] });
  });

  it('deletes the requests of machines that no longer exist (the garbage collector in CAPI), once each', () => {
    const changes = planRemediationRequestChanges(
      { createRemediationRequests: [], deleteRemediationRequests: ['m1'] },
      ['m1', 'm2', 'gone'],
      ['m2'],
    );
    expect(changes.finish).toEqual([
      { name: 'm1', reason: MACHINE_HEALTHY_AGAIN },
      { name: 'gone', reason: MACHINE_GONE },
    ]);
  });

  it('leaves alone requests whose machine is still unhealthy (or judged short-circuited)', () => {
    expect(
      planRemediationRequestChanges({ createRemediationRequests: [], deleteRemediationRequests: [] }, ['m1'], ['m1']),
    ).toEqual({ create: [], finish: [] });
  });
});
