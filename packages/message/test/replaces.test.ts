import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { ReplacesFromString, parseUri, printUri, referToHeader, referredByHeader, replacesHeader, replacesOfUri, uriHeaderFields, withReplaces, withoutUriHeaders } from "../src/index.js";
import type { Replaces, SipUri } from "../src/index.js";

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left));
  return e.right;
};

describe("RFC 3891 §6.1 the Replaces header", () => {
  it("RFC 3891 §6.1: reads the three examples of the RFC", () => {
    expect(right(replacesHeader.parse("98732@sip.example.com\r\n ;from-tag=r33th4x0r\r\n ;to-tag=ff87ff"))).toStrictEqual({
      callId: "98732@sip.example.com",
      toTag: "ff87ff",
      fromTag: "r33th4x0r",
      earlyOnly: false,
      params: [],
    });
    expect(right(replacesHeader.parse("12adf2f34456gs5;to-tag=12345;from-tag=54321;early-only"))).toMatchObject({ earlyOnly: true, toTag: "12345", fromTag: "54321" });
    expect(right(replacesHeader.parse("87134@171.161.34.23;to-tag=24796;from-tag=0"))).toMatchObject({ fromTag: "0" });
  });

  it("RFC 3891 §6.1: exactly one to-tag and exactly one from-tag", () => {
    expect(E.isLeft(replacesHeader.parse("abc;to-tag=1"))).toBe(true);
    expect(E.isLeft(replacesHeader.parse("abc;from-tag=1"))).toBe(true);
    expect(E.isLeft(replacesHeader.parse("abc;to-tag=1;to-tag=2;from-tag=3"))).toBe(true);
    expect(E.isLeft(replacesHeader.parse("abc;to-tag=1;from-tag=3;from-tag=4"))).toBe(true);
    expect(E.isLeft(replacesHeader.parse("abc;to-tag=\"q\";from-tag=3"))).toBe(true);
    expect(E.isLeft(replacesHeader.parse("abc;to-tag=1;from-tag=3;early-only=yes"))).toBe(true);
    expect(E.isLeft(replacesHeader.parse(";to-tag=1;from-tag=3"))).toBe(true);
  });

  it("RFC 3891 §6.1: generic parameters are kept, known names are read case-insensitively", () => {
    expect(right(replacesHeader.parse("a@b;To-Tag=x;FROM-TAG=y;Early-Only;foo=bar"))).toStrictEqual({ callId: "a@b", toTag: "x", fromTag: "y", earlyOnly: true, params: [{ name: "foo", value: "bar" }] });
  });

  it("RFC 3891 §6.1: the io-ts codec stores the wire form", () => {
    const r: Replaces = { callId: right(replacesHeader.parse("a@b;to-tag=x;from-tag=y")).callId, toTag: "x", fromTag: "y", earlyOnly: false, params: [] };
    expect(ReplacesFromString.encode(r)).toBe("a@b;to-tag=x;from-tag=y");
    expect(ReplacesFromString.decode("a@b;to-tag=x;from-tag=y")).toStrictEqual(E.right(r));
    expect(E.isLeft(ReplacesFromString.decode("a@b"))).toBe(true);
  });
});

describe("RFC 3891 §6.1 / RFC 3261 §19.1.1 Replaces inside a Refer-To URI", () => {
  const target = right(parseUri("sip:bob@biloxi.example.net")) as SipUri;
  const replaces = right(replacesHeader.parse("12345@192.168.118.3;to-tag=12345;from-tag=5FFE-3994"));

  it("RFC 3891 §6.1: builds the escaped Refer-To of the RFC's example", () => {
    const uri = withReplaces(target, replaces);
    expect(printUri(uri)).toBe("sip:bob@biloxi.example.net?Replaces=12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994");
    expect(referToHeader.print({ _tag: "NameAddr", uri, angle: true, params: [] })).toBe("<sip:bob@biloxi.example.net?Replaces=12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>");
  });

  it("RFC 3261 §19.1.5: parses it back into a Replaces, the header fields and the Request-URI", () => {
    const na = right(referToHeader.parse("<sip:bob@biloxi.example.net?Replaces=12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>"));
    expect(replacesOfUri(na.uri)).toStrictEqual(E.right(O.some(replaces)));
    expect(uriHeaderFields(na.uri)).toStrictEqual([{ name: "Replaces", value: "12345@192.168.118.3;to-tag=12345;from-tag=5FFE-3994" }]);
    expect(printUri(withoutUriHeaders(na.uri))).toBe("sip:bob@biloxi.example.net");
  });

  it("RFC 3891 §6.1: no Replaces, a malformed one and two of them", () => {
    expect(replacesOfUri(target)).toStrictEqual(E.right(O.none));
    expect(E.isLeft(replacesOfUri(right(parseUri("sip:b@h?Replaces=abc"))))).toBe(true);
    expect(E.isLeft(replacesOfUri(right(parseUri("sip:b@h?Replaces=a%3Bto-tag%3D1%3Bfrom-tag%3D2&replaces=a%3Bto-tag%3D1%3Bfrom-tag%3D2"))))).toBe(true);
  });

  it("RFC 3891 §6.1: a second withReplaces replaces the first", () => {
    const twice = withReplaces(withReplaces(target, { ...replaces, toTag: "old" }), replaces);
    expect(twice.headers).toHaveLength(1);
    expect(replacesOfUri(twice)).toStrictEqual(E.right(O.some(replaces)));
  });
});

describe("RFC 3892 §3 the Referred-By header", () => {
  it("RFC 3892 §3: referrer-uri with a cid parameter, name-addr or addr-spec", () => {
    expect(right(referredByHeader.parse('<sip:referrer@referrer.example>;cid="20398823.2UWQFN309shb3@referrer.example"'))).toMatchObject({ uri: { user: "referrer" }, params: [{ name: "cid" }] });
    expect(right(referredByHeader.parse("sip:referrer@referrer.example"))).toMatchObject({ uri: { user: "referrer" }, angle: false });
    expect(E.isLeft(referredByHeader.parse("<sip:referrer@referrer.example"))).toBe(true);
  });
});
