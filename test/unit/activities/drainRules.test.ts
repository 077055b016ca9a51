import { DRAIN_RULES_FRESH_MS, DrainRulesReader } from '../../../activities/machine/drainRules';
import type { DrainRulesView } from '../../../shared/queries/drainRules';

const view = (name: string): DrainRulesView => ({ rules: [{ name, behavior: 'Skip' }], clusterLabels: { env: 'dev' } });

describe('DrainRulesReader', () => {
  let clock = 0;
  let answers: Array<DrainRulesView | Error>;
  let asked: string[];
  let warnings: string[];
  const reader = () =>
    new DrainRulesReader(
      async (id) => {
        asked.push(id);
        const next = answers.shift();
        if (!next || next instanceof Error) throw next ?? new Error('no answer');
        return next;
      },
      () => clock,
      (message) => warnings.push(message),
    );
  beforeEach(() => {
    clock = 1_000_000;
    answers = [];
    asked = [];
    warnings = [];
  });

  it('reads the rules from the cluster workflow and reuses a fresh answer without asking again', async () => {
    const r = reader();
    answers.push(view('a'));
    expect(await r.read('cluster/default/c1')).toEqual(view('a'));
    clock += DRAIN_RULES_FRESH_MS - 1;
    expect(await r.read('cluster/default/c1')).toEqual(view('a'));
    expect(asked).toEqual(['cluster/default/c1']);
  });

  it('asks again once the answer is older than the freshness window: a rule added meanwhile is seen', async () => {
    const r = reader();
    answers.push(view('a'), view('b'));
    await r.read('cluster/default/c1');
    clock += DRAIN_RULES_FRESH_MS;
    expect(await r.read('cluster/default/c1')).toEqual(view('b'));
    expect(asked).toHaveLength(2);
  });

  it('keeps clusters apart', async () => {
    const r = reader();
    answers.push(view('a'), view('b'));
    expect(await r.read('cluster/default/c1')).toEqual(view('a'));
    expect(await r.read('cluster/default/c2')).toEqual(view('b'));
  });

  it('a cluster workflow that does not answer yields undefined (the drain keeps its rules) and a warning, never an error', async () => {
    const r = reader();
    answers.push(new Error('workflow not found'));
    await expect(r.read('cluster/default/gone')).resolves.toBeUndefined();
    expect(warnings).toHaveLength(1);
  });
});
