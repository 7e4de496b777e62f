import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { TimerHost } from "../src/index.js";
import { alarm } from "../src/index.js";

/** A fake clock whose pending timers can be counted and run in time order. */
const fakeHost = () => {
  let now = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  let next = 0;
  const host: TimerHost = {
    now: () => now,
    set: (fn, delay) => {
      const id = next++;
      pending.set(id, { at: now + delay, fn });
      return id;
    },
    clear: (h) => {
      pending.delete(h as number);
    },
  };
  const advance = (by: number): void => {
    const target = now + by;
    for (;;) {
      const due = [...pending.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      pending.delete(due[0]);
      now = Math.max(now, due[1].at);
      due[1].fn();
    }
    now = target;
  };
  return { host, advance, armed: () => pending.size, now: () => now };
};

type Op = { readonly _tag: "arm"; readonly at: number | undefined } | { readonly _tag: "advance"; readonly by: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ _tag: fc.constant("arm" as const), at: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }) }),
  fc.record({ _tag: fc.constant("advance" as const), by: fc.integer({ min: 0, max: 300 }) }),
);

describe("the one Node timer the engine's wake-up arms", () => {
  test.prop([fc.array(op, { maxLength: 80 })])("at most one timer is pending; it fires for the last time armed, never early, once", (ops) => {
    const clock = fakeHost();
    const fired: Array<{ readonly at: number; readonly now: number }> = [];
    let last: number | undefined;
    const arm = alarm(clock.host, () => {
      fired.push({ at: last ?? -1, now: clock.now() });
      last = undefined;
    });
    for (const o of ops) {
      if (o._tag === "arm") {
        arm(o.at);
        last = o.at;
      } else clock.advance(o.by);
      expect(clock.armed()).toBeLessThanOrEqual(1);
      expect(clock.armed()).toBe(last === undefined ? 0 : 1);
    }
    clock.advance(2000);
    expect(clock.armed()).toBe(0);
    for (const f of fired) expect(f.now).toBeGreaterThanOrEqual(f.at);
  });
});
