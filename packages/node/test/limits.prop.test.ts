import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { StreamLimits } from "../src/index.js";
import { DEFAULT_MAX_BUFFERED_BYTES, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_HOST, DEFAULT_MESSAGE_TIMEOUT_MS, DEFAULT_STALLED_TIMEOUT_MS } from "../src/index.js";
import { streamLimits } from "../src/transport/limits.js";

const names = ["maxBufferedBytes", "stalledTimeoutMs", "messageTimeoutMs", "maxConnections", "maxConnectionsPerHost"] as const satisfies ReadonlyArray<keyof StreamLimits>;
const timer = (name: (typeof names)[number]): boolean => name.endsWith("Ms");

describe("RFC 3261 §26.1.5 stream limits: every limit has a safe default and a checked range", () => {
  it("absent limits take their defaults", () => {
    expect(streamLimits({ host: "127.0.0.1", port: 0 })).toEqual(
      E.right(
        expect.objectContaining({
          maxBufferedBytes: DEFAULT_MAX_BUFFERED_BYTES,
          stalledTimeoutMs: DEFAULT_STALLED_TIMEOUT_MS,
          messageTimeoutMs: DEFAULT_MESSAGE_TIMEOUT_MS,
          maxConnections: DEFAULT_MAX_CONNECTIONS,
          maxConnectionsPerHost: DEFAULT_MAX_CONNECTIONS_PER_HOST,
        }),
      ),
    );
  });

  test.prop([fc.constantFrom(...names), fc.integer({ min: 1, max: 2_147_483_647 })])("a whole number in range is taken as given", (name, value) => {
    const resolved = streamLimits({ host: "127.0.0.1", port: 0, [name]: value });
    expect(E.isRight(resolved) && resolved.right[name]).toBe(value);
  });

  test.prop([
    fc.constantFrom(...names),
    fc.oneof(fc.integer({ max: 0 }), fc.double({ noInteger: true }), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53)),
  ])("zero, a negative, a fraction, NaN, an unsafe integer (or a timer past 2^31 − 1 ms) is a Left naming the limit, never a throw", (name, value) => {
    const resolved = streamLimits({ host: "127.0.0.1", port: 0, [name]: value });
    expect(E.isLeft(resolved) && resolved.left.includes(name)).toBe(true);
  });

  test.prop([fc.constantFrom(...names.filter(timer)), fc.integer({ min: 2_147_483_648, max: Number.MAX_SAFE_INTEGER })])("a timer longer than setTimeout can wait is refused (it would fire at once)", (name, value) => {
    expect(E.isLeft(streamLimits({ host: "127.0.0.1", port: 0, [name]: value }))).toBe(true);
  });
});
