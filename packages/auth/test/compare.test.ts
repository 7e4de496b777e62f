import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { constantTimeEqual } from "../src/index.js";

describe("RFC 7616 §5.3 constant-time comparison of the response", () => {
  it("is true only for equal strings", () => {
    expect(constantTimeEqual("6629fae4", "6629fae4")).toBe(true);
    expect(constantTimeEqual("6629fae4", "6629fae5")).toBe(false);
    expect(constantTimeEqual("6629fae4", "6629fae")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
    expect(constantTimeEqual("", "\u0000")).toBe(false);
  });
  test.prop([fc.string(), fc.string()])("agrees with ===", (a, b) => {
    expect(constantTimeEqual(a, b)).toBe(a === b);
    expect(constantTimeEqual(a, a)).toBe(true);
  });
});
