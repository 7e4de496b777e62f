// How `puresip proxy --redis` waits between reconnections to a Redis that went away: it never
// gives up (a lookup meanwhile is 503 with Retry-After, RFC 3261 §21.5.4) and never waits long.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reconnectDelay } from "../src/proxy/location.js";

describe("RFC 3261 §21.5.4: puresip proxy reconnects to its Redis", () => {
  it("§21.5.4 (property): every reconnection is tried, 100 ms to 1 s after the last, never later as tries go on", () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 1_000_000 }), (times) => {
        const delay = reconnectDelay(times);
        // ioredis stops reconnecting when retryStrategy returns a non-number.
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(100);
        expect(delay).toBeLessThanOrEqual(1000);
        expect(reconnectDelay(times + 1)).toBeGreaterThanOrEqual(delay);
      }),
    );
  });

  it("§21.5.4: the first try comes after 100 ms, the tenth and later after 1 s", () => {
    expect([1, 2, 9, 10, 11, 500].map(reconnectDelay)).toEqual([100, 200, 900, 1000, 1000, 1000]);
  });
});
