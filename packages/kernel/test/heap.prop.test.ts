import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { DeadlineHeap } from "../src/index.js";

describe("the deadline heap", () => {
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
