import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { TimerHost } from "../src/index.js";
import { DeadlineHeap, TimerWheel } from "../src/index.js";

type Op = { readonly _tag: "schedule"; readonly key: number; readonly at: number } | { readonly _tag: "cancel"; readonly key: number } | { readonly _tag: "advance"; readonly by: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ _tag: fc.constant("schedule" as const), key: fc.integer({ min: 0, max: 15 }), at: fc.integer({ min: 0, max: 1000 }) }),
  fc.record({ _tag: fc.constant("cancel" as const), key: fc.integer({ min: 0, max: 15 }) }),
  fc.record({ _tag: fc.constant("advance" as const), by: fc.integer({ min: 0, max: 300 }) }),
);

/** A fake clock with at most one pending timer, as the wheel promises to use it. */
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
  return { host, advance, armed: () => pending.size };
};

describe("the deadline heap and the timer wheel", () => {
  test.prop([fc.array(op, { maxLength: 80 })])("every live deadline fires once, in deadline order, never early, none lost", (ops) => {
    const clock = fakeHost();
    const fired: Array<{ key: number; at: number; now: number }> = [];
    const model = new Map<number, number>();
    const wheel = new TimerWheel<number>(clock.host, (keys, now) => {
      for (const k of keys) {
        const at = model.get(k);
        expect(at).toBeDefined();
        fired.push({ key: k, at: at ?? -1, now });
        model.delete(k);
      }
    });
    for (const o of ops) {
      if (o._tag === "schedule") {
        wheel.schedule(o.key, o.at);
        model.set(o.key, o.at);
      } else if (o._tag === "cancel") {
        wheel.cancel(o.key);
        model.delete(o.key);
      } else clock.advance(o.by);
      // One Node timer at most, whatever the number of entries.
      expect(clock.armed()).toBeLessThanOrEqual(1);
      expect(wheel.size).toBe(model.size);
    }
    clock.advance(2000);
    expect(model.size).toBe(0);
    for (const f of fired) expect(f.now).toBeGreaterThanOrEqual(f.at);
    // Within one wake the keys come in deadline order.
    for (let i = 1; i < fired.length; i++) {
      const a = fired[i - 1]!;
      const b = fired[i]!;
      if (a.now === b.now) expect(a.at).toBeLessThanOrEqual(b.at);
    }
  });

  test.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: -1000, max: 1000 })), { maxLength: 200 })])(
    "popDue gives exactly the due keys sorted by their latest deadline",
    (entries) => {
      const heap = new DeadlineHeap<number>();
      const latest = new Map<number, number>();
      for (const [k, d] of entries) {
        heap.schedule(k, d);
        latest.set(k, d);
      }
      const due = heap.popDue(0);
      const expected = [...latest.entries()].filter(([, d]) => d <= 0).map(([, d]) => d).sort((a, b) => a - b);
      expect(due.map((k) => latest.get(k))).toEqual(expected);
      expect(heap.size).toBe(latest.size - expected.length);
      for (const k of due) expect(heap.has(k)).toBe(false);
    },
  );
});
