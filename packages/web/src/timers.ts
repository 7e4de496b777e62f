// The clock and the one timer of a browser stack: the kernel's engine keeps every deadline in
// its heap and asks for one wake-up, for the earliest; this arms one DOM timer for it.

/** The clock and the one-shot timer the shell uses; tests inject a fake. */
export interface TimerHost {
  /** Monotonic milliseconds. */
  readonly now: () => number;
  /** Runs `callback` once after `delayMs`; returns a handle for `clear`. */
  readonly set: (callback: () => void, delayMs: number) => unknown;
  /** Cancels a timer `set` armed, if it has not run. */
  readonly clear: (handle: unknown) => void;
}

/** `performance.now()` (monotonic, unlike Date) and the window's timers. */
export const browserTimerHost = (): TimerHost => {
  const origin = performance.now();
  return {
    now: () => performance.now() - origin,
    set: (callback, delayMs) => setTimeout(callback, delayMs),
    clear: (handle) => {
      clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
  };
};

/** setTimeout clamps delays above 2^31-1 ms to 1 ms; wake early instead and re-arm. */
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
