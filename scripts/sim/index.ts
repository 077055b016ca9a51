/** The simulated cloud: start it with `startSimServer` or `capstan sim serve`. */
export { startSimServer, type SimServer, type SimServerOptions } from './server';
export { SimWorld, type SimWorldOptions } from './world/simWorld';
export { FakeClock, systemClock, type Clock } from './clock';
export { DEFAULT_SIM_LATENCIES } from './latencies';
export { parseLatencySpec, parseDurationMs } from './latencySpec';
export { formatWorldStatus } from './formatWorldStatus';
