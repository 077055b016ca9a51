import { getCondition, setCondition, setReadyCondition } from '../../../shared/status/conditions';

describe('conditions', () => {
  it('keeps lastTransitionTime while the status does not change', () => {
    const a = setCondition([], { type: 'X', status: 'False', reason: 'R1' }, 't1');
    const b = setCondition(a, { type: 'X', status: 'False', reason: 'R2' }, 't2');
    expect(getCondition(b, 'X')).toMatchObject({ reason: 'R2', lastTransitionTime: 't1' });
    const c = setCondition(b, { type: 'X', status: 'True' }, 't3');
    expect(getCondition(c, 'X')).toMatchObject({ status: 'True', lastTransitionTime: 't3', severity: '' });
  });

  it('Ready summarises: the first non-True condition explains why', () => {
    let cs = setCondition([], { type: 'A', status: 'True' }, 't');
    cs = setCondition(cs, { type: 'B', status: 'False', reason: 'Waiting', message: 'waiting for B' }, 't');
    cs = setReadyCondition(cs, ['A', 'B'], 't');
    expect(getCondition(cs, 'Ready')).toMatchObject({ status: 'False', reason: 'Waiting', message: 'waiting for B' });
    expect(cs[0]!.type).toBe('Ready');
  });

  it('Ready is Unknown when a summarised condition was never reported', () => {
    const cs = setReadyCondition(setCondition([], { type: 'A', status: 'True' }, 't'), ['A', 'Missing'], 't');
    expect(getCondition(cs, 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NotYetReported' });
  });

  it('Ready is True when all summarised are True', () => {
    const cs = setReadyCondition(setCondition([], { type: 'A', status: 'True' }, 't'), ['A'], 't');
    expect(getCondition(cs, 'Ready')?.status).toBe('True');
  });
});
