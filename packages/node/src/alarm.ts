// The clock and the one timer of a stack (DESIGN.md "Time enters as data"): elements keep
// their deadlines in their entries, the kernel's engine keeps them in its heap and asks for one
// wake-up, for the earliest; this arms exactly one Node timer for it. Re-arming replaces it; a
// wake that finds nothing due is harmless.
import type { TimerHost } from "@puresip/kernel";

export type { TimerHost } from "@puresip/kernel";
export { alarm } from "@puresip/kernel";

const origin = performance.now();

/**
 * Node's monotonic clock, in whole milliseconds since the module loaded (SIP's timers count in
 * milliseconds; a whole number stays a small integer to the engine for 12 days, where a
 * fraction makes every deadline kept in a state a boxed double), and unref'd timers.
 */
export const nodeTimerHost: TimerHost = {
  now: () => Math.floor(performance.now() - origin),
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
