// The clock and the one timer of a browser stack: the kernel's engine keeps every deadline in
// its heap and asks for one wake-up, for the earliest; this arms one DOM timer for it.
import type { TimerHost } from "@puresip/kernel";

export type { TimerHost } from "@puresip/kernel";
export { alarm } from "@puresip/kernel";

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
