import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import type { SipRequest } from "@puresip/message";
import { CapabilitiesCodec, basicCapabilities, checkRequest, mergeKey, rejectionResponse, rememberRequest } from "../src/index.js";
import { serverKeyOfRequest } from "@puresip/transaction";
import type { Capabilities, Rejection, RequestContext } from "../src/index.js";
import { endpoint, fieldValues, noRecent, sip, sipWithBody, toTag } from "./fixtures.js";

const VIA = "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds";
const FROM = "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774";

const CONTACT = "Contact: <sip:alice@pc33.atlanta.example.com>";

/** A request with the mandatory headers and a Contact (§8.1.1.8), then `extra` lines; `body` sets Content-Length. */
const request = (method: string, uri: string, extra: ReadonlyArray<string> = [], body = "", via = VIA, contact: string | null = CONTACT): SipRequest =>
  sipWithBody(
    [
      `${method} ${uri} SIP/2.0`,
      via,
      "To: Bob <sip:bob@biloxi.example.com>",
      FROM,
      "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
      `CSeq: 314159 ${method}`,
      "Max-Forwards: 70",
      ...(contact === null ? [] : [contact]),
      ...extra,
    ],
    body,
  );

const withBody = (method: string, extra: ReadonlyArray<string>, body: string): SipRequest =>
  request(method, "sip:bob@biloxi.example.com", extra, body);

const check = (r: SipRequest, capabilities: Capabilities = endpoint, context: RequestContext = noRecent): E.Either<Rejection, SipRequest> =>
  checkRequest(capabilities, context)(r);

const rejection = (r: SipRequest, capabilities: Capabilities = endpoint, context: RequestContext = noRecent): Rejection => {
  const checked = check(r, capabilities, context);
  if (E.isRight(checked)) throw new Error("accepted");
  return checked.left;
};

const SDP = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n";

describe("RFC 3261 §8.2 a request that passes every check", () => {
  it("is given back unchanged", () => {
    const invite = withBody("INVITE", ["Content-Type: application/sdp", "Require: 100rel", "Accept: application/sdp, text/plain"], SDP);
    expect(check(invite)).toEqual(E.right(invite));
  });
});

describe("RFC 3261 §8.2 malformed requests (400) and SIP-Version (505) come first", () => {
  it("a missing Call-ID is a 400 whose reason names it (§21.4.1)", () => {
    const r = sip("OPTIONS sip:bob@biloxi.example.com SIP/2.0", VIA, "To: <sip:bob@biloxi.example.com>", FROM, "CSeq: 1 OPTIONS", "Content-Length: 0");
    const rej = rejection(r);
    expect(rej).toMatchObject({ _tag: "Malformed", status: 400 });
    const response = rejectionResponse(rej, { toTag })(r);
    expect(E.isRight(response) && response.right.reason).toBe("no Call-ID header field");
  });

  it("SIP/3.0 is a 505, even for a method the UAS does not support", () => {
    const r = sip("FOO sip:bob@biloxi.example.com SIP/3.0", VIA, "To: <sip:b@biloxi.example.com>", FROM, "Call-ID: x", "CSeq: 1 FOO", "Content-Length: 0");
    expect(rejection(r)).toMatchObject({ _tag: "Malformed", status: 505 });
  });
});

describe("RFC 3261 §8.2.1 method inspection", () => {
  it("a recognised but unsupported method gets 405 with Allow listing the supported ones", () => {
    const rej = rejection(request("REGISTER", "sip:biloxi.example.com"), basicCapabilities);
    expect(rej._tag).toBe("MethodNotAllowed");
    expect(rej.status).toBe(405);
    expect(rej.headers).toEqual([{ name: "Allow", value: "INVITE, ACK, BYE, CANCEL, OPTIONS" }]);
  });

  it("an unrecognised method gets 501 with Allow (§21.5.2)", () => {
    const rej = rejection(request("FROBNICATE", "sip:bob@biloxi.example.com"));
    expect(rej).toMatchObject({ _tag: "NotImplemented", status: 501 });
    expect(rej.headers.map((h) => h.name)).toEqual(["Allow"]);
  });

  it("methods compare case-sensitively: 'invite' is not INVITE (§7.1)", () => {
    expect(rejection(request("invite", "sip:bob@biloxi.example.com")).status).toBe(501);
  });

  it("405 comes before 416: method inspection precedes the Request-URI", () => {
    expect(rejection(request("REGISTER", "mailto:bob@biloxi.example.com"), basicCapabilities).status).toBe(405);
  });
});

describe("RFC 3261 §8.1.1.8 / §10.2.2 a Contact the request cannot do without", () => {
  const registrar = { ...endpoint, methods: [...endpoint.methods, "REGISTER" as const] } as Capabilities;

  it("§8.1.1.8: an INVITE outside a dialog without a Contact gets 400 at once, naming the rule", () => {
    const r = request("INVITE", "sip:bob@biloxi.example.com", [], "", VIA, null);
    const rej = rejection(r);
    expect(rej).toMatchObject({ _tag: "Malformed", status: 400 });
    const response = rejectionResponse(rej, { toTag })(r);
    expect(E.isRight(response) && response.right.reason).toBe("an INVITE must carry a Contact (§8.1.1.8)");
  });

  it("§8.1.1.8: Contact: * is no URI: an INVITE, SUBSCRIBE or REFER with it gets 400", () => {
    for (const method of ["INVITE", "SUBSCRIBE"]) expect(rejection(request(method, "sip:bob@biloxi.example.com", ["Event: presence"], "", VIA, "Contact: *"))).toMatchObject({ _tag: "Malformed", status: 400 });
    const refer = { ...endpoint, methods: [...endpoint.methods, "REFER" as const] } as Capabilities;
    expect(rejection(request("REFER", "sip:bob@biloxi.example.com", ["Refer-To: <sip:carol@example.com>"], "", VIA, "Contact: *"), refer)).toMatchObject({ status: 400 });
  });

  it("§10.2.2 / §10.3 step 6: REGISTER with Contact: * alone and Expires: 0 passes; with Expires other than 0, none, or another Contact, 400", () => {
    const register = (contact: string, extra: ReadonlyArray<string>) => check(request("REGISTER", "sip:biloxi.example.com", extra, "", VIA, contact), registrar);
    expect(E.isRight(register("Contact: *", ["Expires: 0"]))).toBe(true);
    for (const [contact, extra] of [["Contact: *", ["Expires: 3600"]], ["Contact: *", []], ["Contact: *\r\nContact: <sip:bob@192.0.2.4>", ["Expires: 0"]]] as const) {
      const r = register(contact, extra);
      expect(E.isLeft(r) && [r.left.status, r.left.detail]).toStrictEqual([400, "Contact: * must stand alone, with Expires: 0 (§10.2.2, §10.3)"]);
    }
    // A REGISTER without Contact is a query (§10.2.3) and a named Contact a binding: both pass.
    expect(E.isRight(check(request("REGISTER", "sip:biloxi.example.com", [], "", VIA, null), registrar))).toBe(true);
    expect(E.isRight(register("Contact: <sip:bob@192.0.2.4>", ["Expires: 3600"]))).toBe(true);
  });

  it("a request in a dialog (re-INVITE), OPTIONS and MESSAGE are not asked for a Contact", () => {
    const reinvite = sipWithBody([`INVITE sip:bob@192.0.2.4 SIP/2.0`, VIA, "To: Bob <sip:bob@biloxi.example.com>;tag=b1", FROM, "Call-ID: a84", "CSeq: 2 INVITE", "Max-Forwards: 70"], "");
    expect(E.isRight(check(reinvite))).toBe(true);
    expect(E.isRight(check(request("OPTIONS", "sip:bob@biloxi.example.com", [], "", VIA, null)))).toBe(true);
  });

  it("405 comes before this 400: a REGISTER to a UAS that is no registrar gets 405 whatever its Contact", () => {
    expect(rejection(request("REGISTER", "sip:biloxi.example.com", [], "", VIA, "Contact: *"), basicCapabilities).status).toBe(405);
  });
});

describe("RFC 3261 §8.2.2.1 To and Request-URI", () => {
  it("an unsupported Request-URI scheme gets 416", () => {
    expect(rejection(request("OPTIONS", "mailto:bob@biloxi.example.com"))).toMatchObject({ _tag: "UnsupportedUriScheme", status: 416 });
  });

  it("tel is rejected by a SIP-only UAS and accepted once listed", () => {
    const r = request("OPTIONS", "tel:+1-201-555-0123");
    expect(rejection(r).status).toBe(416);
    expect(check(r, { ...endpoint, uriSchemes: ["sip", "tel"] })).toEqual(E.right(r));
  });

  it("schemes compare case-insensitively (§19.1.4)", () => {
    const r = request("OPTIONS", "SIP:bob@biloxi.example.com");
    expect(check(r)).toEqual(E.right(r));
  });

  it("a Request-URI outside the UAS's domains gets 404; its own domain (any case) passes", () => {
    const domains = { ...endpoint, domains: ["biloxi.example.com"] };
    expect(rejection(request("OPTIONS", "sip:bob@chicago.example.com"), domains)).toMatchObject({ _tag: "NotFound", status: 404 });
    const own = request("OPTIONS", "sip:bob@BILOXI.example.com");
    expect(check(own, domains)).toEqual(E.right(own));
  });

  it("416 comes before 420: the Request-URI precedes Require", () => {
    expect(rejection(request("OPTIONS", "mailto:bob@biloxi.example.com", ["Require: foo"])).status).toBe(416);
  });
});

describe("RFC 3261 §8.2.2.2 merged requests", () => {
  const first = request("INVITE", "sip:bob@biloxi.example.com");
  // The same INVITE forked by a proxy and arriving along a second path: a new top Via branch.
  const second = request("INVITE", "sip:bob@biloxi.example.com", [], "", "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKnashds8");
  const recent = { recent: rememberRequest(first)(new Map()) };

  it("the same From tag, Call-ID and CSeq in another transaction gets 482", () => {
    expect(rejection(second, endpoint, recent)).toMatchObject({ _tag: "LoopDetected", status: 482 });
  });

  it("RFC 2543 requests (no magic cookie) are matched by Request-URI, tags, Call-ID, CSeq and top Via (§17.2.3)", () => {
    const old = request("OPTIONS", "sip:bob@biloxi.example.com", [], "", "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=7a83e");
    const seen = { recent: rememberRequest(old)(new Map()) };
    expect(check(old, endpoint, seen)).toEqual(E.right(old));
    const viaProxy = request("OPTIONS", "sip:bob@biloxi.example.com", [], "", "Via: SIP/2.0/UDP proxy.example.com");
    expect(rejection(viaProxy, endpoint, seen).status).toBe(482);
  });

  it("a retransmission of the request already seen is not merged", () => {
    expect(check(first, endpoint, recent)).toEqual(E.right(first));
  });

  it("a request with a To tag is in a dialog and is not checked", () => {
    const inDialog = sip("BYE sip:bob@192.0.2.4 SIP/2.0", "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKnashds8", "To: <sip:bob@biloxi.example.com>;tag=a6c85cf", FROM, "Call-ID: a84b4c76e66710@pc33.atlanta.example.com", "CSeq: 314159 BYE", "Content-Length: 0");
    expect(O.isNone(mergeKey(inDialog))).toBe(true);
    expect(check(inDialog, endpoint, { recent: rememberRequest(inDialog)(recent.recent) })).toEqual(E.right(inDialog));
  });

  it("a CANCEL of the INVITE has another CSeq method, so it is not merged with it", () => {
    const cancel = request("CANCEL", "sip:bob@biloxi.example.com", [], "", "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKnashds8");
    expect(check(cancel, endpoint, recent)).toEqual(E.right(cancel));
  });

  it("rememberRequest returns a new map and leaves the old one as it was", () => {
    const before = new Map();
    const after = rememberRequest(first)(before);
    expect(before.size).toBe(0);
    expect([...after.values()]).toEqual([E.getOrElseW(() => "no key")(serverKeyOfRequest(first))]);
  });

  it("404 comes before 482: the Request-URI is inspected before merged requests", () => {
    expect(rejection(second, { ...endpoint, domains: ["chicago.example.com"] }, recent).status).toBe(404);
  });

  it("482 comes before 420: merged-request detection precedes Require", () => {
    const withRequire = request("INVITE", "sip:bob@biloxi.example.com", ["Require: foo"], "", "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKnashds8");
    expect(rejection(withRequire, endpoint, recent).status).toBe(482);
  });
});

describe("RFC 3261 §8.2.2.3 Require", () => {
  it("unknown option-tags get 420 with Unsupported listing only those", () => {
    const rej = rejection(request("INVITE", "sip:bob@biloxi.example.com", ["Require: 100rel, foo", "Require: bar"]));
    expect(rej).toMatchObject({ _tag: "BadExtension", status: 420 });
    expect(rej.headers).toEqual([{ name: "Unsupported", value: "foo, bar" }]);
  });

  it("Proxy-Require is for proxies: a UAS ignores it", () => {
    const r = request("OPTIONS", "sip:bob@biloxi.example.com", ["Proxy-Require: foo"]);
    expect(check(r)).toEqual(E.right(r));
  });

  it("Require is ignored in CANCEL", () => {
    const r = request("CANCEL", "sip:bob@biloxi.example.com", ["Require: foo"]);
    expect(check(r)).toEqual(E.right(r));
  });

  it("a malformed Require is a 400", () => {
    expect(rejection(request("OPTIONS", "sip:bob@biloxi.example.com", ["Require: foo bar"]))).toMatchObject({ _tag: "Malformed", status: 400 });
  });

  it("420 comes before 415: headers before content", () => {
    expect(rejection(withBody("INVITE", ["Require: foo", "Content-Type: text/x-unknown"], "hello")).status).toBe(420);
  });
});

describe("RFC 3261 §8.2.3 content processing", () => {
  it("an unknown Content-Type gets 415 with Accept", () => {
    const rej = rejection(withBody("INVITE", ["Content-Type: text/x-unknown"], "hello"));
    expect(rej).toMatchObject({ _tag: "UnsupportedMediaType", status: 415 });
    expect(rej.headers).toEqual([{ name: "Accept", value: "application/sdp" }]);
  });

  it("media types compare case-insensitively", () => {
    const r = withBody("INVITE", ["Content-Type: Application/SDP"], SDP);
    expect(check(r)).toEqual(E.right(r));
  });

  it("an unknown Content-Encoding gets 415 with Accept-Encoding; identity is always understood", () => {
    const rej = rejection(withBody("INVITE", ["Content-Type: application/sdp", "Content-Encoding: gzip"], SDP));
    expect(rej.headers).toEqual([{ name: "Accept-Encoding", value: "" }]);
    const identity = withBody("INVITE", ["Content-Type: application/sdp", "Content-Encoding: identity"], SDP);
    expect(check(identity)).toEqual(E.right(identity));
  });

  it("an unknown Content-Language gets 415 with Accept-Language; 'en' covers en-US", () => {
    const rej = rejection(withBody("INVITE", ["Content-Type: application/sdp", "Content-Language: fr"], SDP));
    expect(rej.headers).toEqual([{ name: "Accept-Language", value: "en" }]);
    const english = withBody("INVITE", ["Content-Type: application/sdp", "Content-Language: en-US"], SDP);
    expect(check(english)).toEqual(E.right(english));
  });

  it("§20.11: a body marked handling=optional may be ignored; handling=required (the default) may not", () => {
    const optional = withBody("INVITE", ["Content-Type: text/x-unknown", "Content-Disposition: render;handling=optional"], "hello");
    expect(check(optional)).toEqual(E.right(optional));
    expect(rejection(withBody("INVITE", ["Content-Type: text/x-unknown", "Content-Disposition: render;handling=required"], "hello")).status).toBe(415);
  });

  it("without a body, Content-Type is not inspected", () => {
    const r = request("OPTIONS", "sip:bob@biloxi.example.com", ["Content-Type: text/x-unknown"]);
    expect(check(r)).toEqual(E.right(r));
  });
});

describe("RFC 3261 §20.1 Accept on an INVITE (RFC 4475 §3.3.15)", () => {
  it("Accept admitting no answer type gets 406 with a Warning 399", () => {
    const rej = rejection(request("INVITE", "sip:bob@biloxi.example.com", ["Accept: text/plain"]));
    expect(rej).toMatchObject({ _tag: "NotAcceptable", status: 406 });
    expect(rej.headers.map((h) => h.name)).toEqual(["Warning"]);
  });

  it("ranges application/* and */* admit application/sdp; q=0 refuses it", () => {
    for (const accept of ["application/*", "*/*", "text/plain, application/sdp"]) {
      const r = request("INVITE", "sip:bob@biloxi.example.com", [`Accept: ${accept}`]);
      expect(check(r)).toEqual(E.right(r));
    }
    expect(rejection(request("INVITE", "sip:bob@biloxi.example.com", ["Accept: application/sdp;q=0"])).status).toBe(406);
  });

  it("415 comes before 406: the body is processed before the answer is chosen", () => {
    expect(rejection(withBody("INVITE", ["Content-Type: text/x-unknown", "Accept: text/plain"], "hello")).status).toBe(415);
  });

  it("no Accept means application/sdp", () => {
    const r = request("INVITE", "sip:bob@biloxi.example.com");
    expect(check(r)).toEqual(E.right(r));
  });
});

describe("RFC 3261 §8.2.6 responses to rejected requests", () => {
  it("copy Via, From, Call-ID and CSeq, add the To tag and the rule's headers", () => {
    const r = request("REGISTER", "sip:biloxi.example.com");
    const response = rejectionResponse(rejection(r, basicCapabilities), { toTag })(r);
    if (E.isLeft(response)) throw new Error("no response");
    for (const name of ["Via", "From", "Call-ID", "CSeq"]) expect(fieldValues(response.right, name)).toEqual(fieldValues(r, name));
    expect(fieldValues(response.right, "To")).toEqual(["Bob <sip:bob@biloxi.example.com>;tag=uas7f3a"]);
    expect(fieldValues(response.right, "Allow")).toEqual(["INVITE, ACK, BYE, CANCEL, OPTIONS"]);
  });

  it("an ACK is never answered (§17.1.1.3)", () => {
    const ack = request("ACK", "sip:bob@biloxi.example.com", ["Require: foo"]);
    expect(check(ack)).toEqual(E.right(ack)); // Require is ignored in ACK
    const withBadBody = withBody("ACK", ["Content-Type: text/x-unknown"], "x");
    expect(rejectionResponse(rejection(withBadBody), { toTag })(withBadBody)).toEqual(E.left({ _tag: "AckNotAnswered" }));
  });
});

describe("Capabilities as JSON", () => {
  it("round-trips through CapabilitiesCodec", () => {
    const json: unknown = JSON.parse(JSON.stringify(CapabilitiesCodec.encode({ ...endpoint, domains: ["biloxi.example.com"] })));
    expect(CapabilitiesCodec.decode(json)).toEqual(E.right({ ...endpoint, domains: ["biloxi.example.com"] }));
  });

  it("rejects a method that is not a token and a malformed media type", () => {
    const json = CapabilitiesCodec.encode(endpoint) as Record<string, unknown>;
    expect(E.isLeft(CapabilitiesCodec.decode({ ...json, methods: ["IN VITE"] }))).toBe(true);
    expect(E.isLeft(CapabilitiesCodec.decode({ ...json, contentTypes: ["sdp"] }))).toBe(true);
  });
});
