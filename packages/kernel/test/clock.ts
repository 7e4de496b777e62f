// A virtual clock for engine tests: the engine's one wake-up is a number; `advance` moves time
// and wakes the engine whenever the armed time is reached, as a real timer would.
import type { Engine, Environment } from "../src/index.js";

export interface Clock<Entry, App> {
  readonly env: Environment<Entry, App>;
  readonly attach: (engine: Pick<Engine<unknown, Entry, unknown>, "wake">) => void;
  readonly advance: (by: number) => void;
  readonly now: () => number;
  readonly armed: () => number | undefined;
  readonly delivered: Array<App>;
  readonly faults: Array<string>;
}

export const clock = <Entry, App>(onDeliver: (event: App) => void = () => undefined): Clock<Entry, App> => {
  let now = 0;
  let armed: number | undefined;
  let engine: Pick<Engine<unknown, Entry, unknown>, "wake"> | undefined;
  const delivered: Array<App> = [];
  const faults: Array<string> = [];
  return {
    env: {
      now: () => now,
      wakeAt: (at) => {
        armed = at;
      },
      transmit: () => undefined,
      resolve: () => undefined,
      deliver: (event) => {
        delivered.push(event);
        onDeliver(event);
      },
      fault: (detail) => {
        faults.push(detail);
      },
    },
    attach: (e) => {
      engine = e;
    },
    advance: (by) => {
      const target = now + by;
      while (armed !== undefined && armed <= target) {
        now = Math.max(now, armed);
        armed = undefined;
        engine?.wake();
      }
      now = target;
    },
    now: () => now,
    armed: () => armed,
    delivered,
    faults,
  };
};
