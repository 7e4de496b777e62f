// The clock and the one timer of a stack (DESIGN.md "Time enters as data"): elements keep
// their deadlines in their entries, the kernel's engine keeps them in its heap and asks for one
// wake-up, for the earliest; this arms exactly one Node timer for it. Re-arming replaces it; a
// wake that finds nothing due is harmless.
import type { TimerHost } from "@puresip/kernel";

export type { TimerHost } from "@puresip/kernel";
export { alarm } from "@puresip/kernel";

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
