import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { uuidUrn, webEntropy } from "../src/index.js";

/** A deterministic stand-in for crypto.getRandomValues that counts its calls. */
const counting = () => {
  let calls = 0;
  let next = 0;
  return {
    fill: (t: Uint8Array<ArrayBuffer>) => {
      calls++;
      for (let i = 0; i < t.length; i++) t[i] = next++ & 0xff;
    },
    calls: () => calls,
  };
};

describe("entropy from crypto.getRandomValues (DESIGN.md: randomness enters as data)", () => {
  it("draws a pool at a time, not one call per identifier", () => {
    const c = counting();
    const source = webEntropy(c.fill, 64);
    for (let i = 0; i < 8; i++) source.bytes(8);
    expect(c.calls()).toBe(1);
    source.bytes(8);
    expect(c.calls()).toBe(2);
  });

  it("never hands two callers the same bytes, and copies (editing one changes no other)", () => {
    const source = webEntropy(counting().fill, 64);
    const a = source.bytes(4);
    const b = source.bytes(4);
    expect([...a]).not.toEqual([...b]);
    a[0] = 99;
    expect(b[0]).not.toBe(99);
  });

  it("fills a request larger than the 65,536-byte limit of getRandomValues in slices", () => {
    const sizes: Array<number> = [];
    const source = webEntropy((t) => {
      sizes.push(t.length);
    }, 16);
    expect(source.bytes(70_000).length).toBe(70_000);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(65_536);
  });

  it("works with the real crypto.getRandomValues", () => {
    const source = webEntropy();
    expect(source.bytes(16).length).toBe(16);
  });

  test.prop([fc.integer({ min: 1, max: 50 })])("uniform draws lie in [0, 1)", (n) => {
    const source = webEntropy();
    for (let i = 0; i < n; i++) {
      const u = source.uniform();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });
});

describe("RFC 5626 §4.1 instance id (RFC 4122 §4.4 version-4 UUID URN)", () => {
  test.prop([fc.uint8Array({ minLength: 16, maxLength: 16 })])("has the version and variant bits and the URN form", (bytes) => {
    expect(uuidUrn(bytes)).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
