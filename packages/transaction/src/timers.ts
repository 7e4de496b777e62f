// The timer table of RFC 3261 Appendix A (Table 4) with RFC 6026's Timers L and M. Every value
// is derived from T1, T2 and T4 and the transport's reliability, so one record configures a
// whole stack and a restored transaction keeps the values it started with.

/** T1, T2 and T4 in milliseconds (RFC 3261 §17.1.1.1, Table 4). */
export interface TimerConfig {
  /** RTT estimate: "T1 ... default of 500 ms". */
  readonly t1: number;
  /** "The maximum retransmit interval for non-INVITE requests and INVITE responses": 4 s. */
  readonly t2: number;
  /** "Maximum duration a message will remain in the network": 5 s. */
  readonly t4: number;
}

/** RFC 3261's default timer values (Table 4): T1 500 ms, T2 4 s, T4 5 s. */
export const defaultTimers: TimerConfig = { t1: 500, t2: 4000, t4: 5000 };

/** The timers of §17 and RFC 6026 by their letter, for timeout reports and traces. */
export type TimerName = "A" | "B" | "D" | "E" | "F" | "G" | "H" | "I" | "J" | "K" | "L" | "M";

/** A retransmission timer: when it fires next and the interval it was last set with. */
export interface Retransmit {
  readonly at: number;
  readonly interval: number;
}

/** Timer A / E / G start at T1 on an unreliable transport and do not run on a reliable one. */
export const firstRetransmit = (now: number, timers: TimerConfig, reliable: boolean): Retransmit | null =>
  reliable ? null : { at: now + timers.t1, interval: timers.t1 };

/** §17.1.1.2: "reset the timer with a value of 2*T1" — Timer A doubles without a cap. */
export const doubled = (now: number, previous: Retransmit): Retransmit => {
  const interval = previous.interval * 2;
  return { at: now + interval, interval };
};

/** §17.1.2.2 / §17.2.1: Timers E and G double "up to T2". */
export const doubledCapped = (now: number, previous: Retransmit, timers: TimerConfig): Retransmit => {
  const interval = Math.min(previous.interval * 2, timers.t2);
  return { at: now + interval, interval };
};

/** Timer B, F, H, L, M: 64*T1 on every transport. */
export const sixtyFourT1 = (timers: TimerConfig): number => 64 * timers.t1;

/**
 * Timer D (RFC 6026 §8.4): "at least 32 seconds for unreliable transports, and a value of zero
 * seconds for reliable transports".
 */
export const timerD = (timers: TimerConfig, reliable: boolean): number =>
  reliable ? 0 : Math.max(32_000, 64 * timers.t1);

/** Timer I (§17.2.1) and K (§17.1.2.2): T4 for unreliable transports, zero for reliable. */
export const timerT4 = (timers: TimerConfig, reliable: boolean): number => (reliable ? 0 : timers.t4);

/** Timer J (§17.2.2): 64*T1 for unreliable transports, zero for reliable. */
export const timerJ = (timers: TimerConfig, reliable: boolean): number => (reliable ? 0 : 64 * timers.t1);

/** The earliest of some optional deadlines. */
export const earliest = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.min(a, b);
