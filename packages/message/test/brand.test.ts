import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { MAGIC_COOKIE, branch, callId, isRfc3261Branch, isToken, method, tag } from "../src/index.js";

const TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~";
const SEPARATORS = "()<>@,;:\\\"/[]?={} \t";

describe("RFC 3261 §25.1 token", () => {
  it("accepts every token character and rejects every separator", () => {
    expect(isToken(TOKEN_CHARS)).toBe(true);
    for (const sep of SEPARATORS) expect(isToken(`a${sep}b`), JSON.stringify(sep)).toBe(false);
  });
  it("rejects the empty string", () => {
    expect(isToken("")).toBe(false);
  });
  test.prop([fc.string({ unit: fc.constantFrom(...Array.from(TOKEN_CHARS)), minLength: 1 })])("any string of token chars is a token", (s) => {
    expect(isToken(s)).toBe(true);
  });
});

describe("RFC 3261 §7.1 methods are tokens and case-sensitive", () => {
  it("keeps the case it was given", () => {
    expect(method("invite")).toStrictEqual(E.right("invite"));
  });
  it("accepts RFC 4475 §3.1.1.2's unusual method name", () => {
    expect(E.isRight(method("!interesting-Method0123456789_*+`.%indeed'~"))).toBe(true);
  });
  it("rejects a method with a separator, naming the brand", () => {
    expect(method("IN VITE")).toStrictEqual(E.left({ _tag: "BrandError", brand: "Method", input: "IN VITE" }));
  });
});

describe("RFC 3261 §8.1.1.7 branch", () => {
  it("recognises the magic cookie", () => {
    const b = branch(`${MAGIC_COOKIE}776asdhds`);
    expect(E.isRight(b) && isRfc3261Branch(b.right)).toBe(true);
    const old = branch("776asdhds");
    expect(E.isRight(old) && isRfc3261Branch(old.right)).toBe(false);
  });
});

describe("RFC 3261 §19.3 tag and §20.8 Call-ID", () => {
  it("accepts a token tag and rejects one with a separator", () => {
    expect(E.isRight(tag("1928301774"))).toBe(true);
    expect(E.isLeft(tag("19;28"))).toBe(true);
  });
  it("accepts word@word and rejects two @ or spaces", () => {
    expect(E.isRight(callId("a84b4c76e66710@pc33.atlanta.com"))).toBe(true);
    expect(E.isRight(callId("f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com"))).toBe(true);
    expect(E.isLeft(callId("a@b@c"))).toBe(true);
    expect(E.isLeft(callId("a b"))).toBe(true);
  });
});
