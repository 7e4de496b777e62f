import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { defaultRecoveryTimes, retryDelayMs } from "../src/index.js";

// The request fields and keep-alive numbers of RFC 5626 §4.1–§4.4 are the UA core's: their tests
// are @puresip/ua's test/outbound.test.ts and test/core/outbound.test.ts.
describe("RFC 5626 §4.5 flow recovery wait", () => {
  it("is min(1800 s, 30 s * 2^failures) times a draw in [50%, 100%): the RFC's example, three failures, 240 s", () => {
    expect(retryDelayMs(defaultRecoveryTimes, 3, 0)).toBe(120_000);
    expect(retryDelayMs(defaultRecoveryTimes, 3, 0.999999)).toBeLessThanOrEqual(240_000);
    expect(retryDelayMs(defaultRecoveryTimes, 20, 0.5)).toBe(Math.floor(1_800_000 * 0.75));
  });

  test.prop([fc.integer({ min: 0, max: 10_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 10_000_000 })])(
    "never exceeds max-time and never waits less than half the bound",
    (failures, u, base, max) => {
      const times = { baseTimeMs: base, maxTimeMs: max };
      const w = Math.min(max, base * 2 ** Math.min(failures, 40));
      const d = retryDelayMs(times, failures, u);
      expect(d).toBeGreaterThanOrEqual(Math.floor(w / 2));
      expect(d).toBeLessThanOrEqual(max);
    },
  );
});
