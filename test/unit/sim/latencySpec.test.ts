import { mergeLatencies, sampleLatency, DEFAULT_SIM_LATENCIES } from '../../../scripts/sim/latencies';
import { parseDurationMs, parseLatencySpec } from '../../../scripts/sim/latencySpec';

describe('latency notation', () => {
  it.each([
    ['500ms', 500],
    ['2s', 2000],
    ['1.5s', 1500],
    ['1m', 60000],
    ['250', 250],
    [' 3 s ', 3000],
  ])('parses %p as %d ms', (text, ms) => expect(parseDurationMs(text)).toBe(ms));

  it.each(['', 'fast', '-1s', '2h', '1e3'])('refuses %p', (text) =>
    expect(() => parseDurationMs(text)).toThrow(/not a duration/),
  );

  it('parses the CLI spec, comma-separated or as several arguments', () => {
    expect(parseLatencySpec('provision=2s,boot=1s,delete=500ms,clusterInfra=500ms')).toEqual({
      provisionMs: 2000,
      bootMs: 1000,
      deleteMs: 500,
      clusterInfraMs: 500,
    });
    expect(parseLatencySpec(['provision=1s', 'jitter=0.2'])).toEqual({ provisionMs: 1000, jitter: 0.2 });
  });

  it('names what is wrong', () => {
    expect(() => parseLatencySpec('warp=1s')).toThrow(/unknown latency "warp"/);
    expect(() => parseLatencySpec('provision')).toThrow(/name=duration/);
    expect(() => parseLatencySpec('jitter=2')).toThrow(/between 0 and 1/);
  });

  it('merges partial updates and refuses negative values', () => {
    expect(mergeLatencies({ ...DEFAULT_SIM_LATENCIES }, { bootMs: 5 })).toEqual({
      ...DEFAULT_SIM_LATENCIES,
      bootMs: 5,
    });
    expect(() => mergeLatencies({ ...DEFAULT_SIM_LATENCIES }, { deleteMs: -1 })).toThrow(RangeError);
  });

  it('without jitter a duration is exact and draws nothing from the PRNG', () => {
    expect(sampleLatency(1000, 0, 42)).toEqual({ ms: 1000, rngState: 42 });
  });
});
