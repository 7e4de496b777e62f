import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { CSeqFromString, NameAddrFromString, UriFromString, ViaFromString, expiresHeader, headerValueCodec } from "../src/index.js";
import { arbCSeq, arbNameAddr, arbUri, arbVia } from "../src/arbitraries/index.js";

describe("io-ts codecs for URIs and header values (stored as their RFC 3261 text)", () => {
  test.prop([arbUri])("UriFromString decodes what it encodes", (u) => {
    expect(UriFromString.decode(UriFromString.encode(u))).toStrictEqual(E.right(u));
    expect(UriFromString.is(u)).toBe(true);
  });
  test.prop([arbNameAddr, arbVia, arbCSeq])("NameAddr, Via and CSeq decode what they encode", (na, via, cseq) => {
    expect(NameAddrFromString.decode(NameAddrFromString.encode(na))).toStrictEqual(E.right(na));
    expect(ViaFromString.decode(ViaFromString.encode(via))).toStrictEqual(E.right(via));
    expect(CSeqFromString.decode(CSeqFromString.encode(cseq))).toStrictEqual(E.right(cseq));
  });
  it("rejects text that does not parse and values that are not strings", () => {
    expect(E.isLeft(UriFromString.decode("sip:bob@[::1"))).toBe(true);
    expect(E.isLeft(UriFromString.decode(42))).toBe(true);
    expect(E.isLeft(ViaFromString.decode("SIP/2.0/UDP"))).toBe(true);
    expect(UriFromString.is({ _tag: "Other" })).toBe(false);
  });
  it("builds a codec from any HeaderDef", () => {
    const c = headerValueCodec(expiresHeader, (u): u is number => typeof u === "number");
    expect(c.decode("3600")).toStrictEqual(E.right(3600));
    expect(c.encode(60)).toBe("60");
    expect(E.isLeft(c.decode("-1"))).toBe(true);
  });
  test.prop([fc.anything()])("never throws on any input", (u) => {
    expect(() => [UriFromString.decode(u), NameAddrFromString.decode(u), ViaFromString.decode(u), CSeqFromString.decode(u)]).not.toThrow();
  });
});
