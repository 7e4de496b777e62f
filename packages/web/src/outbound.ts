// RFC 5626 §4.5 for a browser UA: how long to wait before forming a new flow after one failed.
// The request fields and the keep-alive numbers of §4.1–§4.4 are the UA core's
// (@puresip/ua's `withOutbound`, `keepAliveDelayMs`); this is the flow's part, applied by
// ./flow.ts to its own timers.
/** RFC 5626 §4.5: the numbers of the wait before a UA forms a new flow after one failed. */
export interface RecoveryTimes {
  /** §4.5 base-time when every flow failed (this UA has one flow): 30 s by default. */
  readonly baseTimeMs: number;
  /** §4.5 max-time: 1800 s by default. */
  readonly maxTimeMs: number;
}

/** RFC 5626 §4.5's recommended values for a UA whose flows all failed: base-time 30 s, max-time 1800 s. */
export const defaultRecoveryTimes: RecoveryTimes = { baseTimeMs: 30_000, maxTimeMs: 1_800_000 };

/**
 * §4.5: W = min(max-time, base-time * 2^consecutive-failures); the UA waits "a uniform random
 * time between 50 and 100% of the upper-bound wait time".
 */
export const retryDelayMs = (times: RecoveryTimes, consecutiveFailures: number, uniform: number): number => {
  const w = Math.min(times.maxTimeMs, times.baseTimeMs * 2 ** Math.min(consecutiveFailures, 40));
  return Math.floor(w * (0.5 + 0.5 * uniform));
};
