/**
 * Which ComputerSystem.Reset type to send for a power intent, honouring the
 * `ResetType@Redfish.AllowableValues` the BMC advertises. Pure. BMCs that advertise nothing get
 * the first (most standard) candidate, as Ironic does.
 */
export type PowerIntent = 'on' | 'forceOff' | 'gracefulShutdown' | 'cycle' | 'reset' | 'gracefulRestart';

/** Preferred first. `ForceOn` is for BMCs without `On`; `ForceRestart` stands in for `PowerCycle`. */
export const RESET_TYPE_CANDIDATES: Record<PowerIntent, readonly string[]> = {
  on: ['On', 'ForceOn'],
  forceOff: ['ForceOff'],
  gracefulShutdown: ['GracefulShutdown'],
  cycle: ['PowerCycle', 'ForceRestart'],
  reset: ['ForceRestart'],
  gracefulRestart: ['GracefulRestart'],
};

export type ResetTypeChoice =
  | { ok: true; resetType: string }
  | { ok: false; wanted: readonly string[]; allowed: readonly string[] };

/** Whether the BMC allows `resetType`: any value when it advertises no list. */
export function checkResetType(resetType: string, allowed: readonly string[] | undefined): ResetTypeChoice {
  if (allowed === undefined || allowed.length === 0 || allowed.includes(resetType))
    return { ok: true, resetType };
  return { ok: false, wanted: [resetType], allowed };
}

export function chooseResetType(
  intent: PowerIntent,
  allowed: readonly string[] | undefined,
): ResetTypeChoice {
  const wanted = RESET_TYPE_CANDIDATES[intent];
  if (allowed === undefined || allowed.length === 0) return { ok: true, resetType: wanted[0] ?? 'On' };
  const found = wanted.find((w) => allowed.includes(w));
  return found ? { ok: true, resetType: found } : { ok: false, wanted, allowed };
}
