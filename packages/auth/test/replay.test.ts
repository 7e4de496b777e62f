import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { NO_COUNTS, WINDOW, acceptNonceCount, countsForUse, type NonceCounts } from "../src/replay.js";

const run = (ncs: ReadonlyArray<number>): ReadonlyArray<boolean> => {
  let counts: NonceCounts = NO_COUNTS;
  return ncs.map((nc) => {
    const r = acceptNonceCount(counts, nc);
    if (E.isLeft(r)) return false;
    counts = r.right;
    return true;
  });
};

describe("RFC 7616 §3.4 nc: 'if the same nc value is seen twice, then the request is a replay'", () => {
  it("accepts increasing counts and refuses repeats", () => {
    expect(run([1, 2, 3, 3, 2, 1, 4])).toStrictEqual([true, true, true, false, false, false, true]);
  });
  it("accepts skipped counts later, once", () => {
    expect(run([1, 5, 3, 2, 4, 3, 6])).toStrictEqual([true, true, true, true, true, false, true]);
  });
  it(`remembers ${WINDOW} counts below the highest and refuses older ones as too old`, () => {
    expect(acceptNonceCount({ highestNc: 100, window: 0 }, 100 - WINDOW)).toStrictEqual(E.right({ highestNc: 100, window: 2 ** 31 }));
    expect(acceptNonceCount({ highestNc: 100, window: 0 }, 99 - WINDOW)).toStrictEqual(E.left("TooOld"));
  });
  it("handles jumps of exactly the window and beyond", () => {
    expect(acceptNonceCount({ highestNc: 1, window: 0 }, 1 + WINDOW)).toStrictEqual(E.right({ highestNc: 1 + WINDOW, window: 2 ** 31 }));
    expect(acceptNonceCount({ highestNc: 1, window: 0xffffffff }, 2 + WINDOW)).toStrictEqual(E.right({ highestNc: 2 + WINDOW, window: 0 }));
    expect(acceptNonceCount({ highestNc: 0xfffffffe, window: 0 }, 0xffffffff)).toStrictEqual(E.right({ highestNc: 0xffffffff, window: 1 }));
  });
});

describe("RFC 7616 §5.5 replay window against a model", () => {
  // The model: every count ever accepted; a count is refused when it was accepted before or
  // lies WINDOW or more below the highest.
  test.prop([fc.array(fc.integer({ min: 1, max: 80 }), { maxLength: 60 })])("agrees with a set of accepted counts", (ncs) => {
    const seen = new Set<number>();
    let highest = 0;
    const expected = ncs.map((nc) => {
      const ok = !seen.has(nc) && nc > highest - 1 - WINDOW;
      if (ok) {
        seen.add(nc);
        highest = Math.max(highest, nc);
      }
      return ok;
    });
    expect(run(ncs)).toStrictEqual(expected);
  });
});

describe("RFC 7616 §3.4 nc with stateless nonces in a bounded table (countsForUse)", () => {
  it("a nonce the table never held is new when issued at or after the eviction mark", () => {
    expect(countsForUse(undefined, 100, 100)).toStrictEqual(O.some(NO_COUNTS));
  });
  it("a nonce issued before the mark may have been used and forgotten: no counts, so no count is ever accepted twice", () => {
    expect(countsForUse(undefined, 99, 100)).toStrictEqual(O.none);
  });
  it("a nonce the table holds keeps its counts, whatever the mark", () => {
    expect(countsForUse({ highestNc: 2, window: 0 }, 1, 100)).toStrictEqual(O.some({ highestNc: 2, window: 0 }));
  });
});
