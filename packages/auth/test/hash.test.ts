import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as O from "fp-ts/lib/Option.js";
import { hashHex, isHex, parseAlgorithm, toHex, utf8 } from "../src/hash.js";

describe("RFC 7616 §3.2 representation of digest values", () => {
  it("writes lower-case hex, most significant nibble first", () => {
    expect(toHex(Uint8Array.from([0x00, 0x0f, 0xa5, 0xff]))).toBe("000fa5ff");
  });
  it("MD5 digests are 32 hex characters and the SHA-2 ones 64", () => {
    expect(hashHex("MD5")("")).toHaveLength(32);
    expect(hashHex("SHA-256")("")).toHaveLength(64);
    expect(hashHex("SHA-512-256")("")).toHaveLength(64);
  });
});

describe("RFC 3261 §22.4 item 7 and RFC 8760 §2.6 item 7: the hash of an empty body", () => {
  it('MD5("") = d41d8cd98f00b204e9800998ecf8427e', () => {
    expect(hashHex("MD5")(new Uint8Array(0))).toBe("d41d8cd98f00b204e9800998ecf8427e");
  });
  it('SHA-256("") = e3b0c442...b855', () => {
    expect(hashHex("SHA-256")("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
  it('SHA-512/256("abc") is the FIPS 180-4 example value', () => {
    expect(hashHex("SHA-512-256")("abc")).toBe("53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23");
  });
});

describe("RFC 7616 §4 strings are hashed as UTF-8", () => {
  it("encodes RFC 7616 §3.9.2's user name to its stated octets", () => {
    expect(toHex(utf8("J\u00e4s\u00f8n Doe"))).toBe("4ac3a473c3b86e20446f65");
  });
  it("encodes astral characters as four bytes and a lone surrogate as U+FFFD", () => {
    expect(toHex(utf8("\u{1F600}"))).toBe("f09f9880");
    expect(toHex(utf8("a\ud800b"))).toBe("61efbfbd62");
  });
  test.prop([fc.string({ unit: "binary" })])("matches Node's UTF-8 encoder on any string", (s) => {
    expect(toHex(utf8(s))).toBe(Buffer.from(s, "utf8").toString("hex"));
  });
});

describe("RFC 7616 §3.3 algorithm", () => {
  it("is MD5 when absent", () => {
    expect(parseAlgorithm(undefined)).toMatchObject(O.some({ name: "MD5", session: false }));
  });
  it("matches the six RFC 8760 §2.7 values case-insensitively", () => {
    expect(parseAlgorithm("sha-512-256-SESS")).toMatchObject(O.some({ name: "SHA-512-256-sess", hash: "SHA-512-256", session: true, hexLength: 64 }));
    expect(parseAlgorithm("md5-sess")).toMatchObject(O.some({ name: "MD5-sess", hash: "MD5", session: true, hexLength: 32 }));
  });
  it("does not know other tokens, which a client ignores", () => {
    expect(parseAlgorithm("SHA-1")).toStrictEqual(O.none);
    expect(parseAlgorithm("AKAv1-MD5")).toStrictEqual(O.none);
  });
});

describe("isHex", () => {
  it("needs the exact length of hex digits in either case", () => {
    expect(isHex("0123456789abcdefABCDEF0123456789", 32)).toBe(true);
    expect(isHex("0123", 5)).toBe(false);
    expect(isHex("012g", 4)).toBe(false);
    expect(isHex("\u0010\u0011", 2)).toBe(false);
  });
});
