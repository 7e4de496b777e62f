import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { EntryStore } from "../src/index.js";

type Op =
  | { readonly _tag: "Put"; readonly key: number; readonly entry: string; readonly deadline: number | undefined }
  | { readonly _tag: "Forget"; readonly key: number }
  | { readonly _tag: "PopDue"; readonly now: number };

const key = fc.integer({ min: 0, max: 12 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ _tag: fc.constant("Put" as const), key, entry: fc.string({ maxLength: 3 }), deadline: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }) }),
  fc.record({ _tag: fc.constant("Forget" as const), key }),
  fc.record({ _tag: fc.constant("PopDue" as const), now: fc.integer({ min: 0, max: 40 }) }),
);

describe("the engine's entry store: the registry and its deadlines in one table", () => {
  test.prop([fc.array(op, { maxLength: 120 })])("agrees with a map of entries and a map of deadlines ordered by (deadline, scheduling order)", (ops) => {
    const store = new EntryStore<number, string>();
    const entries = new Map<number, string>();
    const deadlines = new Map<number, readonly [number, number]>();
    let seq = 0;
    for (const o of ops) {
      switch (o._tag) {
        case "Put":
          expect(store.put(o.key, o.entry, o.deadline)).toBe(entries.get(o.key));
          entries.set(o.key, o.entry);
          if (o.deadline === undefined) deadlines.delete(o.key);
          else deadlines.set(o.key, [o.deadline, seq++]);
          break;
        case "Forget":
          expect(store.forget(o.key)).toBe(entries.get(o.key));
          entries.delete(o.key);
          deadlines.delete(o.key);
          break;
        case "PopDue": {
          const due = [...deadlines].filter(([, [d]]) => d <= o.now).sort(([, a], [, b]) => a[0] - b[0] || a[1] - b[1]).map(([k]) => k);
          expect(store.popDue(o.now)).toStrictEqual(due);
          for (const k of due) deadlines.delete(k);
          break;
        }
      }
      expect(new Map(store)).toStrictEqual(entries);
      expect(store.size).toBe(entries.size);
      expect(store.scheduled).toBe(deadlines.size);
      const earliest = [...deadlines.values()].map(([d]) => d);
      expect(store.peek()).toBe(earliest.length === 0 ? undefined : Math.min(...earliest));
      for (const k of entries.keys()) expect(store.deadlineOf(k)).toBe(deadlines.get(k)?.[0]);
    }
  });
});
