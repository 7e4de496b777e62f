import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { pipe } from "fp-ts/lib/function.js";
import {
  acceptEncodingHeader,
  acceptHeader,
  acceptLanguageHeader,
  alertInfoHeader,
  allowEventsHeader,
  allowHeader,
  callInfoHeader,
  contactHeader,
  contentDispositionHeader,
  contentEncodingHeader,
  contentLanguageHeader,
  contentTypeHeader,
  dateHeader,
  errorInfoHeader,
  eventHeader,
  expiresHeader,
  fromHeader,
  hasHeader,
  headerField,
  headerFieldList,
  inReplyToHeader,
  mimeVersionHeader,
  deltaSecondsOf,
  minExpiresHeader,
  minSeHeader,
  organizationHeader,
  pAssertedIdentityHeader,
  pathHeader,
  privacyHeader,
  serviceRouteHeader,
  priorityHeader,
  proxyRequireHeader,
  rackHeader,
  readHeader,
  readHeaderList,
  reasonHeader,
  referToHeader,
  referredByHeader,
  replyToHeader,
  requireHeader,
  retryAfterHeader,
  rseqHeader,
  serverHeader,
  sessionExpiresHeader,
  subjectHeader,
  subscriptionStateHeader,
  supportedHeader,
  timestampHeader,
  unsupportedHeader,
  userAgentHeader,
  viaHeader,
  warningHeader,
  type HeaderDef,
  type HeaderField,
} from "../src/index.js";

const msg = (...headers: ReadonlyArray<readonly [string, string]>): { readonly headers: ReadonlyArray<HeaderField> } => ({
  headers: headers.map(([name, value]) => ({ name, value })),
});

const parsed = <A>(def: HeaderDef<A>, value: string): A => {
  const r = def.parse(value);
  if (E.isLeft(r)) throw new Error(`${def.name}: ${value}: ${r.left.reason}`);
  return r.right;
};
const rejects = <A>(def: HeaderDef<A>, value: string): boolean => E.isLeft(def.parse(value));
/** Parses and prints back: the value must come back as written (canonical spelling in the input). */
const roundTrips = <A>(def: HeaderDef<A>, value: string): string => def.print(parsed(def, value));

describe("RFC 3261 §20 typed headers: accessors", () => {
  it("reads the first value and all values of a list header across lines (§7.3.1)", () => {
    const m = msg(["Supported", "100rel, timer"], ["k", "path"], ["Subject", "hi"]);
    expect(pipe(m, readHeader(supportedHeader))).toStrictEqual(E.right(O.some("100rel")));
    expect(pipe(m, readHeaderList(supportedHeader))).toStrictEqual(E.right(["100rel", "timer", "path"]));
    expect(pipe(m, readHeader(expiresHeader))).toStrictEqual(E.right(O.none));
    expect(hasHeader(subjectHeader)(m)).toBe(true);
    expect(hasHeader(requireHeader)(m)).toBe(false);
  });
  it("reads compact and long names alike, in any case (§7.3.3)", () => {
    expect(pipe(msg(["O", "presence"]), readHeader(eventHeader))).toStrictEqual(pipe(msg(["EVENT", "presence"]), readHeader(eventHeader)));
    expect(pipe(msg(["x", "1800"]), readHeader(sessionExpiresHeader))).toStrictEqual(E.right(O.some({ deltaSeconds: 1800, params: [] })));
  });
  it("reports a bad element with its position in the whole line", () => {
    const r = pipe(msg(["Require", "100rel, bad tag"]), readHeaderList(requireHeader));
    expect(r).toStrictEqual(E.left({ _tag: "HeaderError", header: "Require", value: "100rel, bad tag", position: 11, reason: "expected an option-tag (a token)" }));
    expect(E.isLeft(pipe(msg(["Require", "a,,b"]), readHeaderList(requireHeader)))).toBe(true);
  });
  it("treats an empty Allow, Supported, Accept as no values (§20.1, §20.5, §20.37)", () => {
    expect(pipe(msg(["Allow", ""]), readHeaderList(allowHeader))).toStrictEqual(E.right([]));
    expect(pipe(msg(["Accept", " "]), readHeaderList(acceptHeader))).toStrictEqual(E.right([]));
    expect(E.isLeft(pipe(msg(["Require", ""]), readHeaderList(requireHeader)))).toBe(true);
  });
  it("prints header fields under the canonical name", () => {
    expect(headerField(expiresHeader)(3600)).toStrictEqual({ name: "Expires", value: "3600" });
    expect(headerFieldList(allowHeader)(["INVITE", "ACK"].map((m) => parsed(allowHeader, m)))).toStrictEqual({
      name: "Allow",
      value: "INVITE, ACK",
    });
  });
  it("keeps Via, Contact, Route per element", () => {
    const m = msg(["v", "SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/TCP b.example.com"], ["m", "*"], ["Contact", "<sip:a@b>, sip:c@d;expires=0"]);
    expect(E.map((vs: ReadonlyArray<{ readonly transport: string }>) => vs.map((v) => v.transport))(readHeaderList(viaHeader)(m))).toStrictEqual(E.right(["UDP", "TCP"]));
    expect(E.map((cs: ReadonlyArray<{ readonly _tag: string }>) => cs.map((c) => c._tag))(readHeaderList(contactHeader)(m))).toStrictEqual(E.right(["Wildcard", "NameAddr", "NameAddr"]));
  });
});

describe("RFC 3261 §20.1 Accept, §20.15 Content-Type", () => {
  it("parses media types and ranges with parameters", () => {
    expect(parsed(contentTypeHeader, "application/sdp")).toStrictEqual({ type: "application", subtype: "sdp", params: [] });
    expect(parsed(contentTypeHeader, 'multipart/signed;protocol="application/pkcs7-signature";micalg=sha1;boundary=boundary42')).toMatchObject({
      subtype: "signed", params: [{ name: "protocol", value: '"application/pkcs7-signature"' }, { name: "micalg" }, { name: "boundary" }],
    });
    expect(pipe(msg(["Accept", "application/sdp;level=1, application/x-private, text/html, */*;q=0.1"]), readHeaderList(acceptHeader), E.map((l) => l.length))).toStrictEqual(E.right(4));
    expect(parsed(contentTypeHeader, "text / html")).toMatchObject({ type: "text", subtype: "html" });
    expect(rejects(contentTypeHeader, "text")).toBe(true);
    expect(rejects(contentTypeHeader, "text/")).toBe(true);
  });
});

describe("RFC 3261 §20.2 Accept-Encoding, §20.3 Accept-Language, §20.12/§20.13 Content-Encoding/Language, §20.11 Content-Disposition", () => {
  it("parses each", () => {
    expect(parsed(acceptEncodingHeader, "gzip;q=0.5")).toStrictEqual({ value: "gzip", params: [{ name: "q", value: "0.5" }] });
    expect(parsed(acceptLanguageHeader, "da")).toStrictEqual({ value: "da", params: [] });
    expect(parsed(acceptLanguageHeader, "en-gb;q=0.8")).toMatchObject({ value: "en-gb" });
    expect(parsed(acceptLanguageHeader, "*")).toMatchObject({ value: "*" });
    expect(rejects(acceptLanguageHeader, "toolonglang")).toBe(true);
    expect(parsed(contentEncodingHeader, "gzip")).toBe("gzip");
    expect(parsed(contentLanguageHeader, "fr")).toBe("fr");
    expect(rejects(contentLanguageHeader, "fr_CA")).toBe(true);
    expect(parsed(contentDispositionHeader, "session;handling=optional")).toStrictEqual({ value: "session", params: [{ name: "handling", value: "optional" }] });
  });
});

describe("RFC 3261 §20.5 Allow, §20.29 Proxy-Require, §20.32 Require, §20.37 Supported, §20.40 Unsupported", () => {
  it("reads token lists and rejects non-tokens", () => {
    expect(parsed(allowHeader, "INVITE")).toBe("INVITE");
    expect(parsed(proxyRequireHeader, "foo")).toBe("foo");
    expect(parsed(unsupportedHeader, "nothingAtAll")).toBe("nothingAtAll");
    expect(rejects(requireHeader, "a b")).toBe(true);
  });
});

describe("RFC 3261 §20.4 Alert-Info, §20.9 Call-Info, §20.18 Error-Info", () => {
  it("parses <absoluteURI> with parameters", () => {
    expect(parsed(alertInfoHeader, "<http://www.example.com/sounds/moo.wav>")).toMatchObject({ uri: { _tag: "AbsoluteUri", scheme: "http" }, params: [] });
    expect(parsed(callInfoHeader, "<http://wwww.example.com/alice/photo.jpg> ;purpose=icon")).toMatchObject({ params: [{ name: "purpose", value: "icon" }] });
    expect(roundTrips(errorInfoHeader, "<sip:not-in-service-recording@atlanta.com>")).toBe("<sip:not-in-service-recording@atlanta.com>");
    expect(rejects(callInfoHeader, "http://example.com/a")).toBe(true);
  });
});

describe("RFC 3261 §20.17 Date", () => {
  it("parses and prints rfc1123-date in GMT", () => {
    expect(parsed(dateHeader, "Sat, 13 Nov 2010 23:29:00 GMT")).toStrictEqual({ weekday: "Sat", day: 13, month: "Nov", year: 2010, hour: 23, minute: 29, second: 0 });
    expect(roundTrips(dateHeader, "Thu, 01 Dec 1994 16:00:00 GMT")).toBe("Thu, 01 Dec 1994 16:00:00 GMT");
  });
  it("rejects other time zones (RFC 4475 §3.1.2.12) and bad fields", () => {
    expect(rejects(dateHeader, "Fri, 01 Jan 2010 16:00:00 EST")).toBe(true);
    expect(rejects(dateHeader, "Fri, 32 Jan 2010 16:00:00 GMT")).toBe(true);
    expect(rejects(dateHeader, "Fri, 01 Foo 2010 16:00:00 GMT")).toBe(true);
    expect(rejects(dateHeader, "Fri, 01 Jan 2010 24:00:00 GMT")).toBe(true);
  });
});

describe("RFC 3261 §20.19 Expires, §20.23 Min-Expires, §20.24 MIME-Version, §20.26 Priority", () => {
  it("parses each", () => {
    expect(parsed(expiresHeader, "5")).toBe(5);
    expect(parsed(minExpiresHeader, "60")).toBe(60);
    expect(rejects(expiresHeader, "12a")).toBe(true);
    expect(rejects(minExpiresHeader, "10000000000000000000")).toBe(true);
    expect(parsed(mimeVersionHeader, "1.0")).toBe("1.0");
    expect(rejects(mimeVersionHeader, "1.")).toBe(true);
    expect(parsed(priorityHeader, "emergency")).toBe("emergency");
  });
});

describe("RFC 3261 §10.2.1.1 / §20.19 Expires above 2**32-1 is read as 2**32-1, like the Contact expires parameter", () => {
  it("saturates, and deltaSecondsOf reads a parameter the same way", () => {
    expect(parsed(expiresHeader, "4294967295")).toBe(4294967295);
    expect(parsed(expiresHeader, "4294967296")).toBe(4294967295);
    expect(parsed(expiresHeader, "1" + "0".repeat(100))).toBe(4294967295);
    expect([deltaSecondsOf("4294967296"), deltaSecondsOf("280297596632815"), deltaSecondsOf("3600"), deltaSecondsOf(""), deltaSecondsOf("-1")]).toStrictEqual([4294967295, 4294967295, 3600, undefined, undefined]);
  });
  test.prop([fc.bigInt({ min: 0n, max: 10n ** 30n })])("any 1*DIGIT is min(value, 2**32-1), header and parameter alike", (n) => {
    const expected = Number(n > 4294967295n ? 4294967295n : n);
    expect(parsed(expiresHeader, String(n))).toBe(expected);
    expect(deltaSecondsOf(String(n))).toBe(expected);
  });
});

describe("RFC 3261 §20.25 Organization, §20.36 Subject, §20.35 Server, §20.41 User-Agent", () => {
  it("keeps text trimmed and may be empty", () => {
    expect(parsed(subjectHeader, "  Need more boxes ")).toBe("Need more boxes");
    expect(parsed(subjectHeader, "")).toBe("");
    expect(parsed(organizationHeader, "Boxes by Bob")).toBe("Boxes by Bob");
    expect(rejects(subjectHeader, "a\u0000b")).toBe(true);
  });
  it("reads products and comments", () => {
    expect(parsed(serverHeader, "HomeServer v2")).toStrictEqual([{ _tag: "Product", name: "HomeServer" }, { _tag: "Product", name: "v2" }]);
    expect(parsed(userAgentHeader, "Softphone/Beta1.5 (Linux; x86) libfoo/1")).toStrictEqual([
      { _tag: "Product", name: "Softphone", version: "Beta1.5" },
      { _tag: "Comment", text: "(Linux; x86)" },
      { _tag: "Product", name: "libfoo", version: "1" },
    ]);
    expect(roundTrips(userAgentHeader, "Softphone/Beta1.5 (Linux; (nested) x86)")).toBe("Softphone/Beta1.5 (Linux; (nested) x86)");
    expect(rejects(serverHeader, "a (unclosed")).toBe(true);
  });
});

describe("RFC 3261 §20.33 Retry-After, §20.38 Timestamp, §20.43 Warning", () => {
  it("parses Retry-After with a comment and duration", () => {
    expect(parsed(retryAfterHeader, "18000;duration=3600")).toStrictEqual({ deltaSeconds: 18000, params: [{ name: "duration", value: "3600" }] });
    expect(parsed(retryAfterHeader, "120 (I'm in a meeting)")).toStrictEqual({ deltaSeconds: 120, comment: "(I'm in a meeting)", params: [] });
    expect(rejects(retryAfterHeader, "949302838503028349304023988")).toBe(true);
  });
  it("parses Timestamp with and without delay", () => {
    expect(parsed(timestampHeader, "54")).toStrictEqual({ time: "54" });
    expect(parsed(timestampHeader, "54.7 0.5")).toStrictEqual({ time: "54.7", delay: "0.5" });
    expect(rejects(timestampHeader, "x")).toBe(true);
  });
  it("parses Warning and rejects a 4-digit code (RFC 4475 §3.1.2.5)", () => {
    expect(parsed(warningHeader, '307 isi.edu "Session parameter \'foo\' not understood"')).toStrictEqual({ code: 307, agent: "isi.edu", text: '"Session parameter \'foo\' not understood"' });
    expect(parsed(warningHeader, '301 [2001:db8::1]:5060 "Incompatible"')).toMatchObject({ agent: "[2001:db8::1]:5060" });
    expect(rejects(warningHeader, '1812 overture "In Progress"')).toBe(true);
    expect(rejects(warningHeader, "399 host unquoted")).toBe(true);
  });
});

describe("RFC 3262 §7 RSeq and RAck", () => {
  it("parses and bounds them", () => {
    expect(parsed(rseqHeader, "988789")).toBe(988789);
    expect(rejects(rseqHeader, "0")).toBe(true);
    expect(parsed(rackHeader, "776656 1 INVITE")).toStrictEqual({ rseq: 776656, cseq: 1, method: "INVITE" });
    expect(rejects(rackHeader, "776656 INVITE")).toBe(true);
  });
});

describe("RFC 4028 §4/§5 Session-Expires and Min-SE", () => {
  it("parses delta-seconds with parameters", () => {
    expect(parsed(sessionExpiresHeader, "4000;refresher=uac")).toStrictEqual({ deltaSeconds: 4000, params: [{ name: "refresher", value: "uac" }] });
    expect(parsed(minSeHeader, "90")).toStrictEqual({ deltaSeconds: 90, params: [] });
    expect(rejects(sessionExpiresHeader, "soon")).toBe(true);
  });
});

describe("RFC 6665 §8.2 Event, Allow-Events, Subscription-State", () => {
  it("parses each", () => {
    expect(parsed(eventHeader, "presence;id=1")).toStrictEqual({ value: "presence", params: [{ name: "id", value: "1" }] });
    expect(parsed(eventHeader, "dialog.winfo")).toMatchObject({ value: "dialog.winfo" });
    expect(parsed(allowEventsHeader, "refer")).toBe("refer");
    expect(parsed(subscriptionStateHeader, "terminated;reason=timeout")).toStrictEqual({ value: "terminated", params: [{ name: "reason", value: "timeout" }] });
    expect(rejects(subscriptionStateHeader, ";reason=x")).toBe(true);
  });
});

describe("RFC 3326 Reason", () => {
  it("parses protocol with cause and text", () => {
    expect(parsed(reasonHeader, 'Q.850;cause=16;text="Terminated"')).toStrictEqual({ value: "Q.850", params: [{ name: "cause", value: "16" }, { name: "text", value: '"Terminated"' }] });
    expect(pipe(msg(["Reason", 'SIP;cause=200;text="Call completed elsewhere", Q.850;cause=26']), readHeaderList(reasonHeader), E.map((r) => r.map((x) => x.value)))).toStrictEqual(E.right(["SIP", "Q.850"]));
  });
});

describe("RFC 3261 §20.20 From, §20.39 To, §20.31 Reply-To; RFC 3515 Refer-To; RFC 3892 Referred-By; RFC 3325 P-Asserted-Identity", () => {
  it("parses address headers", () => {
    expect(parsed(fromHeader, '"A. G. Bell" <sip:agb@bell-telephone.com> ;tag=a48s')).toMatchObject({ displayName: '"A. G. Bell"', params: [{ name: "tag" }] });
    expect(parsed(replyToHeader, "Bob <sip:bob@biloxi.com>")).toMatchObject({ displayName: "Bob" });
    expect(parsed(referToHeader, "<sip:carol@cleveland.example.org;method=SUBSCRIBE>")).toMatchObject({ uri: { params: [{ name: "method", value: "SUBSCRIBE" }] } });
    expect(parsed(referredByHeader, "<sip:referrer@referrer.example>;cid=\"20398823.2UWQFN309shb3@referrer.example\"")).toMatchObject({ params: [{ name: "cid" }] });
    expect(roundTrips(referToHeader, "<sip:bob@biloxi.example.net?Replaces=12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>")).toBe(
      "<sip:bob@biloxi.example.net?Replaces=12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>",
    );
  });
  it("reads P-Asserted-Identity values without header parameters", () => {
    const m = msg(["P-Asserted-Identity", '"Cullen Jennings" <sip:fluffy@cisco.com>, tel:+14085264000']);
    expect(pipe(m, readHeaderList(pAssertedIdentityHeader), E.map((l) => l.map((x) => x.uri._tag)))).toStrictEqual(E.right(["SipUri", "TelUri"]));
    expect(parsed(pAssertedIdentityHeader, "sip:+1234@example.com;user=phone")).toMatchObject({ uri: { params: [{ name: "user", value: "phone" }] }, params: [] });
    expect(rejects(pAssertedIdentityHeader, "<sip:a@b>;tag=1")).toBe(true);
  });
  it("reads Path (RFC 3327 §4), Service-Route (RFC 3608 §5) and Privacy (RFC 3323 §4.2)", () => {
    expect(pipe(msg(["Path", "<sip:P3.EXAMPLEHOME.COM;lr>,<sip:P1.EXAMPLEVISITED.COM;lr>"]), readHeaderList(pathHeader), E.map((l) => l.length))).toStrictEqual(E.right(2));
    expect(rejects(serviceRouteHeader, "sip:P2.HOME.EXAMPLE.COM;lr")).toBe(true);
    expect(parsed(privacyHeader, "id; header ;user")).toStrictEqual(["id", "header", "user"]);
    expect(rejects(privacyHeader, "id;;user")).toBe(true);
  });
  it("reads In-Reply-To Call-IDs", () => {
    expect(pipe(msg(["In-Reply-To", "70710@saturn.bell-tel.com, 17320@saturn.bell-tel.com"]), readHeaderList(inReplyToHeader))).toStrictEqual(
      E.right(["70710@saturn.bell-tel.com", "17320@saturn.bell-tel.com"]),
    );
  });
});
