import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import {
  canonicalHeaderName,
  headerNameEquals,
  parseCSeq,
  parseCallId,
  parseContact,
  parseContentLength,
  parseCoreHeaders,
  parseMaxForwards,
  parseNameAddr,
  parseRoute,
  parseVia,
  printContact,
  printCSeq,
  printNameAddr,
  printVia,
  splitHeaderValues,
  type HeaderField,
} from "../src/index.js";

const right = <A>(r: E.Either<{ readonly reason: string }, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.reason);
  return r.right;
};

describe("RFC 3261 §7.3.3 compact forms and §7.3.1 case-insensitive names", () => {
  it("expands every compact form of §7.3.3", () => {
    const table: ReadonlyArray<readonly [string, string]> = [
      ["i", "Call-ID"], ["m", "Contact"], ["e", "Content-Encoding"], ["l", "Content-Length"], ["c", "Content-Type"],
      ["f", "From"], ["s", "Subject"], ["k", "Supported"], ["t", "To"], ["v", "Via"],
    ];
    for (const [compact, full] of table) {
      expect(canonicalHeaderName(compact)).toBe(full);
      expect(canonicalHeaderName(compact.toUpperCase())).toBe(full);
      expect(headerNameEquals(compact, full.toUpperCase())).toBe(true);
    }
  });
  it("knows the extension compact forms (RFC 6665, 3515, 4028)", () => {
    expect(canonicalHeaderName("o")).toBe("Event");
    expect(canonicalHeaderName("u")).toBe("Allow-Events");
    expect(canonicalHeaderName("r")).toBe("Refer-To");
    expect(canonicalHeaderName("x")).toBe("Session-Expires");
  });
  it("spells known names canonically and keeps unknown names as written", () => {
    expect(canonicalHeaderName("call-id")).toBe("Call-ID");
    expect(canonicalHeaderName("CSEQ")).toBe("CSeq");
    expect(canonicalHeaderName("www-authenticate")).toBe("WWW-Authenticate");
    expect(canonicalHeaderName("X-Custom-thing")).toBe("X-Custom-thing");
    expect(headerNameEquals("x-custom", "X-CUSTOM")).toBe(true);
    expect(headerNameEquals("From", "To")).toBe(false);
    expect(headerNameEquals("f", "t")).toBe(false);
  });
});

describe("RFC 3261 §7.3.1 line folding", () => {
  it("reads a value that still carries CRLF + whitespace folds as LWS", () => {
    const [v] = right(parseVia("SIP/2.0/UDP\r\n  pc33.atlanta.com\r\n\t;branch=z9hG4bK1"));
    expect(v).toMatchObject({ host: { value: "pc33.atlanta.com" }, params: [{ name: "branch", value: "z9hG4bK1" }] });
    expect(right(parseNameAddr("Bob\r\n <sip:bob@biloxi.com>\r\n ;tag=1"))).toMatchObject({ displayName: "Bob", params: [{ name: "tag", value: "1" }] });
    expect(right(parseCSeq("1\r\n INVITE"))).toStrictEqual({ seq: 1, method: "INVITE" });
  });
});

describe("RFC 3261 §7.3.1 comma-separated values", () => {
  it("splits outside quoted strings and angle brackets only", () => {
    expect(splitHeaderValues(`"Bell, Alexander" <sip:a.g.bell@bell-tel.com>, <sip:x@y;a=b>,sip:z@w`)).toStrictEqual([
      `"Bell, Alexander" <sip:a.g.bell@bell-tel.com>`,
      "<sip:x@y;a=b>",
      "sip:z@w",
    ]);
    expect(splitHeaderValues(`"a\\", b" <sip:a@b>`)).toStrictEqual([`"a\\", b" <sip:a@b>`]);
    expect(splitHeaderValues("a ,  b")).toStrictEqual(["a", "b"]);
  });
});

describe("RFC 3261 §20.10 and §20.20 name-addr and addr-spec", () => {
  it("parses a quoted display name with a tag", () => {
    expect(right(parseNameAddr(`"Bob" <sips:bob@biloxi.com> ;tag=a48s`))).toStrictEqual({
      _tag: "NameAddr",
      displayName: `"Bob"`,
      uri: { _tag: "SipUri", scheme: "sips", user: "bob", host: { _tag: "Hostname", value: "biloxi.com" }, params: [], headers: [] },
      angle: true,
      params: [{ name: "tag", value: "a48s" }],
    });
  });
  it("parses a token display name and an addr-spec whose ';' starts header parameters", () => {
    expect(right(parseNameAddr("Anonymous <sip:c8oqz84zk7z@privacy.org>;tag=hyh8"))).toMatchObject({
      displayName: "Anonymous", angle: true, params: [{ name: "tag", value: "hyh8" }],
    });
    const na = right(parseNameAddr("sip:+12125551212@phone2net.com;tag=887s"));
    expect(na).toMatchObject({ angle: false, params: [{ name: "tag", value: "887s" }] });
    expect(na.uri).toMatchObject({ params: [] });
  });
  it("accepts no LWS between a quoted display name and '<' (RFC 4475 §3.1.1.6)", () => {
    expect(right(parseNameAddr(`"caller"<sip:caller@example.com>;tag=323`))).toMatchObject({ displayName: `"caller"` });
  });
  it("keeps the URI parameter inside <> apart from the header parameter (RFC 4475 §3.3.12, §3.3.13)", () => {
    expect(right(parseNameAddr("<sip:user@host;unknownparam>"))).toMatchObject({ params: [], uri: { params: [{ name: "unknownparam" }] } });
    expect(right(parseNameAddr("sip:user@host;unknownparam"))).toMatchObject({ params: [{ name: "unknownparam" }], uri: { params: [] } });
  });
  it("rejects an unterminated display name (RFC 4475 §3.1.2.6) and spaces in an addr-spec (§3.1.2.14)", () => {
    const q = parseNameAddr(`"Mr J. User <sip:j.user@example.com>`);
    expect(E.isLeft(q) && q.left.reason).toMatch(/unterminated/);
    expect(E.isLeft(parseNameAddr("sip:user@example.com <sip:x@y>"))).toBe(true);
    expect(E.isLeft(parseNameAddr("sip:sip%3Auser%40example.com @example.com"))).toBe(true);
  });
  it("rejects a non-token display name without quotes (RFC 4475 §3.1.2.15)", () => {
    expect(E.isLeft(parseNameAddr("Bell, Alexander <sip:a.g.bell@bell-tel.com>"))).toBe(true);
  });
  it("names the header in the error", () => {
    expect(parseNameAddr("<sip:x", "To")).toStrictEqual(
      E.left({ _tag: "HeaderError", header: "To", value: "<sip:x", position: 0, reason: "'<' without closing '>'" }),
    );
  });
  it("prints the forms it parsed", () => {
    for (const text of [`"Bob" <sips:bob@biloxi.com>;tag=a48s`, "sip:a@b;tag=1", "<sip:a@b;lr>", `Anonymous <sip:x@y>`]) {
      expect(printNameAddr(right(parseNameAddr(text)))).toBe(text);
    }
  });
});

describe("RFC 3261 §20.42 Via", () => {
  it("parses the §20.42 examples", () => {
    const [a] = right(parseVia("SIP/2.0/UDP erlang.bell-telephone.com:5060;branch=z9hG4bK87asdks7"));
    expect(a).toStrictEqual({
      protocolName: "SIP", protocolVersion: "2.0", transport: "UDP",
      host: { _tag: "Hostname", value: "erlang.bell-telephone.com" }, port: 5060,
      params: [{ name: "branch", value: "z9hG4bK87asdks7" }],
    });
    const [b] = right(parseVia("SIP/2.0/UDP 192.0.2.1:5060 ;received=192.0.2.207;branch=z9hG4bK77asjd"));
    expect(b).toMatchObject({ host: { _tag: "IPv4", value: "192.0.2.1" }, params: [{ name: "received", value: "192.0.2.207" }, { name: "branch" }] });
  });
  it("splits comma-separated via-parms in order and allows LWS in sent-protocol (RFC 4475 §3.1.1.1)", () => {
    const vias = right(parseVia("SIP  /   2.0  /   UDP   192.168.255.111 ; branch=z9hG4bK.1, SIP/2.0/TCP a.example.com"));
    expect(vias.map((v) => v.transport)).toStrictEqual(["UDP", "TCP"]);
    expect(vias[0]?.params).toStrictEqual([{ name: "branch", value: "z9hG4bK.1" }]);
  });
  it("reads rport with and without a value (RFC 3581 §3, §4)", () => {
    const [v] = right(parseVia("SIP/2.0/UDP 10.0.0.1:5060;rport;branch=z9hG4bKx"));
    expect(v?.params[0]).toStrictEqual({ name: "rport" });
    const [w] = right(parseVia("SIP/2.0/UDP 10.0.0.1:5060;received=192.0.2.1;rport=9988"));
    expect(w?.params[1]).toStrictEqual({ name: "rport", value: "9988" });
  });
  it("reads IPv6 sent-by and received (RFC 5118 §4.5, §4.6)", () => {
    const [v] = right(parseVia("SIP/2.0/UDP [2001:db8::9:1]:5060;received=2001:db8::9:255;branch=z9hG4bKas3"));
    expect(v).toMatchObject({ host: { _tag: "IPv6", value: "2001:db8::9:1" }, port: 5060, params: [{ name: "received", value: "2001:db8::9:255" }, { name: "branch" }] });
  });
  it("rejects an empty element and a missing sent-by (RFC 4475 §3.1.2.1)", () => {
    expect(E.isLeft(parseVia("SIP/2.0/UDP a.com;branch=x,"))).toBe(true);
    expect(E.isLeft(parseVia("SIP/2.0/UDP"))).toBe(true);
    expect(E.isLeft(parseVia("SIP/2.0/UDP host.com;;branch=x"))).toBe(true);
  });
  it("prints canonically", () => {
    const text = "SIP/2.0/TLS [2001:db8::1]:5061;branch=z9hG4bKx;rport;received=\"odd\"";
    expect(right(parseVia(text)).map(printVia)).toStrictEqual([text]);
  });
});

describe("RFC 3261 §20.16 CSeq, §20.8 Call-ID, §20.22 Max-Forwards, §20.14 Content-Length", () => {
  it("parses CSeq and keeps the method's case", () => {
    expect(right(parseCSeq("4711 INVITE"))).toStrictEqual({ seq: 4711, method: "INVITE" });
    expect(right(parseCSeq("  0009  invite "))).toStrictEqual({ seq: 9, method: "invite" });
    expect(printCSeq({ seq: 1, method: right(parseCSeq("1 BYE")).method })).toBe("1 BYE");
  });
  it("rejects a CSeq above 2**32-1 (RFC 4475 §3.1.2.4)", () => {
    expect(E.isLeft(parseCSeq("36893488147419103232 INVITE"))).toBe(true);
    expect(E.isRight(parseCSeq("4294967295 INVITE"))).toBe(true);
    expect(E.isLeft(parseCSeq("4294967296 INVITE"))).toBe(true);
    expect(E.isLeft(parseCSeq("1"))).toBe(true);
    expect(E.isLeft(parseCSeq("1 IN VITE"))).toBe(true);
  });
  it("parses Call-ID as word [@ word]", () => {
    expect(right(parseCallId(" f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com "))).toBe("f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com");
    expect(E.isLeft(parseCallId("a b"))).toBe(true);
  });
  it("parses 32-bit Max-Forwards and Content-Length and rejects negatives (RFC 4475 §3.1.2.3)", () => {
    expect(right(parseMaxForwards("70"))).toBe(70);
    expect(right(parseContentLength("0000000000000000000000000000000000000000000000000000000000000000150"))).toBe(150);
    expect(E.isLeft(parseContentLength("-999"))).toBe(true);
    expect(E.isLeft(parseMaxForwards("4294967296"))).toBe(true);
    expect(E.isLeft(parseMaxForwards(""))).toBe(true);
  });
});

describe("RFC 3261 §20.10 Contact", () => {
  it("parses the wildcard and lists", () => {
    expect(right(parseContact(" * "))).toStrictEqual([{ _tag: "Wildcard" }]);
    const list = right(parseContact(`"Mr. Watson" <sip:watson@worcester.bell-telephone.com>;q=0.7; expires=3600, "Mr. Watson" <mailto:watson@bell-telephone.com> ;q=0.1`));
    expect(list).toHaveLength(2);
    expect(list[1]).toMatchObject({ uri: { _tag: "AbsoluteUri", scheme: "mailto" }, params: [{ name: "q", value: "0.1" }] });
    expect(printContact(list)).toBe(`"Mr. Watson" <sip:watson@worcester.bell-telephone.com>;q=0.7;expires=3600, "Mr. Watson" <mailto:watson@bell-telephone.com>;q=0.1`);
  });
  it("splits two contacts around a %-sign that is not an escape (RFC 4475 §3.1.1.5)", () => {
    expect(right(parseContact("<sip:alias1@example.net>, <sip:alias2@example.net>"))).toHaveLength(2);
  });
  it("rejects an escaped header outside <> (RFC 4475 §3.1.2.13)", () => {
    expect(E.isLeft(parseContact("sip:user@example.com?Route=%3Csip:sip.example.com%3E"))).toBe(true);
  });
});

describe("RFC 3261 §20.30/§20.34 Route and Record-Route", () => {
  it("requires name-addr", () => {
    expect(right(parseRoute("<sip:p1.example.com;lr>, <sip:p2.domain.com;lr>"))).toHaveLength(2);
    expect(E.isLeft(parseRoute("sip:p1.example.com;lr"))).toBe(true);
  });
});

describe("RFC 3261 §7.3 parseCoreHeaders", () => {
  const headers: ReadonlyArray<HeaderField> = [
    { name: "v", value: "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds, SIP/2.0/TCP p1.example.com;branch=z9hG4bK1" },
    { name: "Max-Forwards", value: "70" },
    { name: "TO", value: "Bob <sip:bob@biloxi.com>" },
    { name: "f", value: "Alice <sip:alice@atlanta.com>;tag=1928301774" },
    { name: "i", value: "a84b4c76e66710@pc33.atlanta.com" },
    { name: "CSeq", value: "314159 INVITE" },
    { name: "m", value: "<sip:alice@pc33.atlanta.com>" },
    { name: "Via", value: "SIP/2.0/UDP p2.example.com;branch=z9hG4bK2" },
    { name: "Record-Route", value: "<sip:p1.example.com;lr>" },
    { name: "Route", value: "<sip:r1.example.com;lr>, <sip:r2.example.com;lr>" },
    { name: "Subject", value: "not parsed here ;;; <<" },
    { name: "To", value: "a second To is ignored here: validateMessage reports it" },
    { name: "l", value: "142" },
  ];
  it("parses every core header, long or compact, in order", () => {
    const core = right(parseCoreHeaders(headers));
    expect(core.via.map((v) => v.host.value)).toStrictEqual(["pc33.atlanta.com", "p1.example.com", "p2.example.com"]);
    expect(core.maxForwards).toBe(70);
    expect(core.to?.displayName).toBe("Bob");
    expect(core.from?.params).toStrictEqual([{ name: "tag", value: "1928301774" }]);
    expect(core.callId).toBe("a84b4c76e66710@pc33.atlanta.com");
    expect(core.cseq).toStrictEqual({ seq: 314159, method: "INVITE" });
    expect(core.contact).toHaveLength(1);
    expect(core.recordRoute).toHaveLength(1);
    expect(core.route).toHaveLength(2);
    expect(core.contentLength).toBe(142);
  });
  it("leaves absent headers absent", () => {
    expect(parseCoreHeaders([])).toStrictEqual(E.right({ via: [], contact: [], route: [], recordRoute: [] }));
  });
  it("names the header that fails", () => {
    const r = parseCoreHeaders([{ name: "l", value: "-999" }]);
    expect(r).toStrictEqual(E.left({ _tag: "HeaderError", header: "Content-Length", value: "-999", position: 0, reason: "expected a decimal digit" }));
  });
});

describe("RFC 3261 §7.3.1 long lists stay linear", () => {
  it("reads a 5000-value Contact list and rejects 5000 unterminated '<' or quotes", () => {
    const many = Array.from({ length: 5000 }, (_, i) => `<sip:h${i}.example.com>`).join(",");
    const r = parseContact(many);
    expect(E.isRight(r) && r.right.length).toBe(5000);
    expect(E.isLeft(parseContact("<".repeat(5000)))).toBe(true);
    expect(E.isLeft(parseContact('"'.repeat(5001)))).toBe(true);
  });
});
