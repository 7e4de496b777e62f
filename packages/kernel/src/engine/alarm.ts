// The one wake-up an engine asks its environment for (`Environment.wakeAt`), over whatever
// clock and one-shot timer the adapter has: Node's timers, a browser's, a test's fake. The
// adapters bring the `TimerHost`; the re-arming rule is the same everywhere, so it lives here.

/** The clock and the one-shot timer an engine host uses; tests inject a fake. */
export interface TimerHost {
  /** Monotonic milliseconds. */
  readonly now: () => number;
  /** Calls back after a delay; returns a handle for `clear`. */
  readonly set: (callback: () => void, delayMs: number) => unknown;
  /** Cancels a pending callback. */
  readonly clear: (handle: unknown) => void;
}

/** A host timer (Node's, a browser's) fires at once for a delay above 2^31-1 ms; wake early instead and re-arm. */
const MAX_DELAY = 2 ** 31 - 1;

/** One re-armable wake-up: `arm(at)` replaces the previous one; `arm(undefined)` disarms. */
export const alarm = (host: TimerHost, fire: () => void): ((at: number | undefined) => void) => {
  let handle: unknown = undefined;
  return (at) => {
    if (handle !== undefined) host.clear(handle);
    handle = undefined;
    if (at === undefined) return;
    const delay = Math.min(MAX_DELAY, Math.max(0, at - host.now()));
    handle = host.set(() => {
      handle = undefined;
      fire();
    }, delay);
  };
};
