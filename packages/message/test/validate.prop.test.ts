import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect } from "vitest";
import { arbMessage } from "../src/arbitraries/index.js";
import { headerKey, validateMessage } from "../src/index.js";

const SINGLE = ["call-id", "cseq", "from", "to", "max-forwards", "content-length"];

describe("RFC 3261 §8.2 validateMessage on generated messages", () => {
  test.prop([arbMessage])("a well-formed message validates and comes back unchanged", (m) => {
    expect(validateMessage(m)).toStrictEqual(E.right(m));
  });
  test.prop([arbMessage, fc.nat()])("a single-value header repeated with another value is a 400 naming it (§7.3.1)", (m, pick) => {
    const singles = m.headers.filter((h) => SINGLE.includes(headerKey(h.name)));
    const dup = singles[pick % singles.length]!;
    const v = validateMessage({ ...m, headers: [...m.headers, { ...dup, value: `${dup.value}0` }] });
    expect(E.isLeft(v) && v.left.status).toBe(400);
    expect(E.isLeft(v) && v.left.problems.some((p) => p.kind === "Multiple" && p.header !== undefined && headerKey(p.header) === headerKey(dup.name))).toBe(true);
  });
  test.prop([arbMessage, fc.nat()])("a single-value header repeated with the same value is accepted as written (message README, parser policy)", (m, pick) => {
    const singles = m.headers.filter((h) => SINGLE.includes(headerKey(h.name)));
    const dup = singles[pick % singles.length]!;
    const twice = { ...m, headers: [...m.headers, dup] };
    expect(validateMessage(twice)).toStrictEqual(E.right(twice));
  });
  test.prop([arbMessage, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })])(
    "any version but SIP/2.0 is a 505 (RFC 4475 §3.1.2.16)",
    (m, major, minor) => {
      fc.pre(!(major === 2 && minor === 0));
      const v = validateMessage({ ...m, version: `SIP/${major}.${minor}` });
      expect(E.isLeft(v) && v.left.status).toBe(505);
    },
  );
});

describe("RFC 3261 §7.3.1 and §7.3.3 header names compare by headerKey", () => {
  const NAMES = ["Via", "v", "From", "f", "To", "t", "Call-ID", "i", "CSeq", "Content-Length", "l", "Content-Type", "c", "Max-Forwards", "Contact", "m", "X-Custom", "Subject", "s", "Record-Route"];
  const recase = (name: string, flips: ReadonlyArray<boolean>): string =>
    Array.from(name, (ch, i) => (flips[i % Math.max(1, flips.length)] === true ? ch.toUpperCase() : ch.toLowerCase())).join("");
  test.prop([fc.constantFrom(...NAMES), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 })])("any spelling of a name has the key of its lower-case form", (name, flips) => {
    expect(headerKey(recase(name, flips))).toBe(headerKey(name.toLowerCase()));
  });
  test.prop([arbMessage, fc.nat(), fc.integer({ min: 2, max: 4 })])("a value written n times with another value once more is counted n + 1 times, 2 values (§7.3.1)", (m, pick, n) => {
    const singles = m.headers.filter((h) => SINGLE.includes(headerKey(h.name)));
    const dup = singles[pick % singles.length]!;
    const others = m.headers.filter((h) => headerKey(h.name) !== headerKey(dup.name));
    const v = validateMessage({ ...m, headers: [...others, ...Array.from({ length: n }, () => dup), { ...dup, value: `${dup.value}0` }] });
    const found = E.isLeft(v) ? v.left.problems.find((p) => p.kind === "Multiple") : undefined;
    expect(found?.detail).toMatch(new RegExp(` appears ${n + 1} times with 2 different values `));
  });
});
