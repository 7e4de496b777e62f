// @fast-check/vitest's `test.prop([arbitraries])(name, predicate)` over the vitest shim.
import fc from "fast-check";
import type { Arbitrary } from "fast-check";
import { test as plain } from "./vitest-shim.js";

export { fc };

type Prop = (arbitraries: ReadonlyArray<Arbitrary<unknown>>, params?: fc.Parameters<unknown>) => (name: string, predicate: (...args: Array<unknown>) => unknown) => void;

const prop: Prop = (arbitraries, params) => (name, predicate) => {
  plain(name, async () => {
    await fc.assert(
      fc.asyncProperty(fc.tuple(...arbitraries), async (args) => {
        const r = await predicate(...args);
        return r !== false;
      }),
      (params ?? {}) as fc.Parameters<[unknown[]]>,
    );
  });
};

export const test = Object.assign((name: string, a?: unknown, b?: unknown) => {
  plain(name, a, b);
}, plain, { prop });
export const it = test;
