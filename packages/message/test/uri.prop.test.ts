import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { parseUri, printUri, uriEquals } from "../src/index.js";
import { arbAbsoluteUri, arbSipUri, arbTelUri, arbUri } from "../src/arbitraries/index.js";

describe("RFC 3261 §19.1 / RFC 3966 / RFC 5954 URI round trip", () => {
  test.prop([arbSipUri])("parseUri(printUri(sip)) equals the SIP URI", (u) => {
    expect(parseUri(printUri(u))).toStrictEqual(E.right(u));
  });
  test.prop([arbTelUri])("parseUri(printUri(tel)) equals the tel URI", (u) => {
    expect(parseUri(printUri(u))).toStrictEqual(E.right(u));
  });
  test.prop([arbAbsoluteUri])("parseUri(printUri(other)) equals the opaque URI", (u) => {
    expect(parseUri(printUri(u))).toStrictEqual(E.right(u));
  });
  test.prop([arbUri])("printing is stable", (u) => {
    const once = printUri(u);
    const r = parseUri(once);
    expect(E.isRight(r) && printUri(r.right)).toBe(once);
  });
});

describe("RFC 3261 §25.1 parseUri on any input", () => {
  test.prop([fc.string()])("never throws and gives an Either with a position inside the input", (s) => {
    const r = parseUri(s);
    if (E.isLeft(r)) {
      expect(r.left.position).toBeGreaterThanOrEqual(0);
      expect(r.left.position).toBeLessThanOrEqual(s.length);
    } else expect(r.right._tag).toMatch(/Uri$/);
  });
  test.prop([arbUri, fc.nat(), fc.string({ maxLength: 3 })])("never throws on a mutated URI", (u, at, insert) => {
    const text = printUri(u);
    const k = at % (text.length + 1);
    expect(() => parseUri(text.slice(0, k) + insert + text.slice(k))).not.toThrow();
  });
});

describe("RFC 3261 §19.1.4 URI comparison properties", () => {
  test.prop([arbUri])("is reflexive", (u) => {
    expect(uriEquals(u, u)).toBe(true);
  });
  test.prop([arbUri, arbUri])("is symmetric", (a, b) => {
    expect(uriEquals(a, b)).toBe(uriEquals(b, a));
  });
  test.prop([arbSipUri, fc.nat()])("an unreserved user character equals its %-escape", (u, at) => {
    const user = u.user ?? "a";
    const plain: Array<number> = [];
    for (let i = 0; i < user.length; i++) {
      if (user[i] === "%") i += 2;
      else if (/[A-Za-z0-9\-_.!~*'()]/.test(user[i] ?? "")) plain.push(i);
    }
    fc.pre(plain.length > 0);
    const i = plain[at % plain.length] ?? 0;
    const hex = user.charCodeAt(i).toString(16).toUpperCase().padStart(2, "0");
    const escaped = { ...u, user: `${user.slice(0, i)}%${hex}${user.slice(i + 1)}` };
    expect(uriEquals({ ...u, user }, escaped)).toBe(true);
    expect(uriEquals({ ...u, user }, { ...u, user: `${user}%25` })).toBe(false);
  });
  test.prop([arbSipUri])("SIP and SIPS are never equal", (u) => {
    expect(uriEquals(u, { ...u, scheme: u.scheme === "sip" ? "sips" : "sip" })).toBe(false);
  });
});

describe("RFC 3261 §25.1 parseUri on URI-flavoured noise", () => {
  const noise = fc.string({ unit: fc.constantFrom(...Array.from("sipteSIP:@;=[]/?&%0aF1.:+-,$x")), maxLength: 40 });
  test.prop([noise])("whatever parses prints to text that parses to the same URI", (s) => {
    const r = parseUri(`sip:${s}`);
    if (E.isRight(r)) {
      expect(parseUri(printUri(r.right))).toStrictEqual(r);
      expect(uriEquals(r.right, r.right)).toBe(true);
    } else expect(r.left.position).toBeLessThanOrEqual(s.length + 4);
  });
});
