// The parser's shortcuts must give what the general code gives: shared strings for known
// tokens equal the slices they replace, and a comma-free value splits as the general walk does.
import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { callId } from "../src/brand.js";
import { scanCallId } from "../src/headers/scalars.js";
import { sliceKnown } from "../src/headers/known.js";
import { splitRanges } from "../src/headers/split.js";

const KNOWN_SAMPLES = ["Via", "via", "SIP", "2.0", "UDP", "branch", "Branch", "tag", "INVITE", "invite", "Content-Length", "Call-ID", "lr", "v", "x", "rport", "received"];
const arbToken = fc.oneof(fc.constantFrom(...KNOWN_SAMPLES), fc.string({ maxLength: 16 }));

describe("RFC 3261 §7.3.1 shared header tokens", () => {
  test.prop([fc.string({ maxLength: 4 }), arbToken, fc.string({ maxLength: 4 })])("sliceKnown equals slice", (before, token, after) => {
    const s = before + token + after;
    expect(sliceKnown(s, before.length, before.length + token.length)).toBe(token);
  });
  test.prop([fc.string(), fc.nat(), fc.nat()])("sliceKnown equals slice on any range", (s, a, b) => {
    const start = Math.min(a, b) % (s.length + 1);
    const end = Math.min(Math.max(a, b) % (s.length + 1), s.length);
    const from = Math.min(start, end);
    expect(sliceKnown(s, from, end)).toBe(s.slice(from, end));
  });
});

/** The general walk of splitRanges, for comparison with its comma-free shortcut. */
const walk = (s: string): ReadonlyArray<number> => {
  let a = 0;
  let b = s.length;
  const lws = (c: string): boolean => c === " " || c === "\t" || c === "\r" || c === "\n";
  while (a < b && lws(s.charAt(a))) a++;
  while (b > a && lws(s.charAt(b - 1))) b--;
  return [a, b];
};

describe("RFC 3261 §7.3.1 comma-separated values", () => {
  test.prop([fc.string().map((s) => s.replaceAll(",", ""))])("a value without a comma is one trimmed element", (s) => {
    expect(splitRanges(s, 0, s.length)).toStrictEqual(walk(s));
  });
  test.prop([fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })])("a comma past the end of the range does not split it", (s, rest) => {
    const text = `${s.replaceAll(",", "")},${rest}`;
    const end = text.indexOf(",");
    expect(splitRanges(text, 0, end)).toStrictEqual(walk(text.slice(0, end)));
  });
  test("a comma inside <...> or quotes still keeps one element", () => {
    expect(splitRanges('"Bell, A." <sip:a@b>', 0, 20)).toStrictEqual([0, 20]);
    expect(splitRanges("<sip:a@b>, <sip:c@d>", 0, 20)).toStrictEqual([0, 9, 11, 20]);
  });
});

describe("RFC 3261 §25.1 callid = word [ \"@\" word ]", () => {
  const arbCallIdish = fc.stringMatching(/^[a-z0-9@.!%*_+`'~()<>:\\"/[\]?{} -]{0,12}$/);
  test.prop([fc.oneof(arbCallIdish, fc.string({ maxLength: 12 })), fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 })])(
    "the in-place Call-ID scan accepts exactly what the brand constructor accepts",
    (id, before, after) => {
      const s = before + id + after;
      const r = scanCallId(s, before.length, before.length + id.length);
      const brand = callId(id);
      if (E.isRight(brand)) expect(r).toBe(brand.right);
      else expect(r).toMatchObject({ _tag: "Fail", at: before.length });
    },
  );
});
