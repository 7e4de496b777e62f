// The clock and the one timer of a stack (DESIGN.md "Time enters as data"): elements keep
// their deadlines in their entries, the kernel's engine keeps them in its heap and asks for one
// wake-up, for the earliest; this arms exactly one Node timer for it. Re-arming replaces it; a
// wake that finds nothing due is harmless.

/** The clock and the one-shot timer an engine host uses; tests inject a fake. */
export interface TimerHost {
  /** Monotonic milliseconds. */
  readonly now: () => number;
  /** Calls back after a delay; returns a handle for `clear`. */
  readonly set: (callback: () => void, delayMs: number) => unknown;
  /** Cancels a pending callback. */
  readonly clear: (handle: unknown) => void;
}

const origin = performance.now();

/** Node's monotonic clock (milliseconds since the module loaded) and unref'd timers. */
export const nodeTimerHost: TimerHost = {
  now: () => performance.now() - origin,
  set: (callback, delayMs) => {
    const t = setTimeout(callback, delayMs);
    // A pending protocol timer alone does not keep the process alive; sockets do.
    t.unref();
    return t;
  },
  clear: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** Node's setTimeout clamps larger delays to 1 ms; wake early instead and re-arm. */
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
