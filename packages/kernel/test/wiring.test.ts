import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import { overlay, runQueue } from "../src/index.js";

describe("the explicit queue inside a pure step", () => {
  it("handles items first in, first out, with the effects in that order", () => {
    const out = runQueue<number, string>([3], (n) => [n > 0 ? [n - 1, n - 1] : [], [`handled ${String(n)}`]]);
    expect(out).toEqual(E.right(["handled 3", "handled 2", "handled 2", "handled 1", "handled 1", "handled 1", "handled 1", "handled 0", "handled 0", "handled 0", "handled 0", "handled 0", "handled 0", "handled 0", "handled 0"]));
  });

  it("a wiring that never settles stops with a Left instead of hanging", () => {
    const out = runQueue<number, never>([0], (n) => [[n + 1], []], 100);
    expect(E.isLeft(out)).toBe(true);
  });
});

describe("a step's overlay of the registry", () => {
  type Op = { readonly put: boolean; readonly key: string; readonly value: number };
  const op = fc.record({ put: fc.boolean(), key: fc.constantFrom("a", "b", "c", "d"), value: fc.integer() });

  test.prop([fc.dictionary(fc.constantFrom("a", "b", "c"), fc.record({ value: fc.integer() })), fc.array(op, { maxLength: 30 })])(
    "reads (and its keys) see its own writes; its changes applied to the registry give what it read",
    (initial, ops: ReadonlyArray<Op>) => {
      const registry = new Map(Object.entries(initial));
      const o = overlay(registry, (e: { readonly value: number }) => O.some(e.value));
      const model = new Map(registry);
      for (const x of ops) {
        if (x.put) {
          o.put(x.key, { value: x.value });
          model.set(x.key, { value: x.value });
        } else {
          o.forget(x.key);
          model.delete(x.key);
        }
        expect(o.get(x.key)).toEqual(model.get(x.key));
      }
      const applied = new Map(registry);
      for (const c of o.changes()) {
        if (c._tag === "Put") {
          applied.set(c.key, c.entry);
          expect(c.deadline).toEqual(O.some(c.entry.value));
        } else if (c._tag === "Forget") applied.delete(c.key);
      }
      expect(applied).toEqual(model);
      // Its keys are the live keys, each once.
      expect([...o.keys()].sort()).toEqual([...model.keys()].sort());
      // The registry itself was never written.
      expect(registry).toEqual(new Map(Object.entries(initial)));
    },
  );
});
