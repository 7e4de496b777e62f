import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { Methods, parseMessage, parseUri, serializeMessage, validateMessage } from "@puresip/message";
import type { SipRequest, Uri } from "@puresip/message";
import { basicCapabilities, newRequest } from "../src/index.js";
import type { NewRequestError, NewRequestSpec, RequestEntropy } from "../src/index.js";
import { fieldValues } from "./fixtures.js";

const uri = (s: string): Uri => {
  const u = parseUri(s);
  if (E.isLeft(u)) throw new Error(s);
  return u.right;
};

const invite: NewRequestSpec = {
  method: Methods.INVITE,
  requestUri: uri("sip:bob@biloxi.example.com"),
  from: { aor: uri("sip:alice@atlanta.example.com"), displayName: "Alice" },
  to: { aor: uri("sip:bob@biloxi.example.com"), displayName: "Bob" },
  contact: uri("sip:alice@pc33.atlanta.example.com"),
  sentBy: { host: { _tag: "Hostname", value: "pc33.atlanta.example.com" }, transport: "udp" },
  capabilities: { ...basicCapabilities, extensions: ["100rel", "timer"] },
};

const entropy: RequestEntropy = {
  branch: new Uint8Array([0x77, 0x6a, 0x80, 0x1f, 0x00, 0xff, 0x12, 0x34]),
  fromTag: "9fxced76sl",
  callId: "f81d4fae7dec11d0a76500a0c91e6bf6@atlanta",
  seq: 314159,
};

const built = (spec: NewRequestSpec, e: RequestEntropy = entropy): SipRequest => {
  const r = newRequest(spec, e);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

const failure = (spec: NewRequestSpec, e: RequestEntropy = entropy): NewRequestError => {
  const r = newRequest(spec, e);
  if (E.isRight(r)) throw new Error("expected a Left");
  return r.left;
};

describe("RFC 3261 §8.1.1 Generating the Request", () => {
  it("§8.1.1: carries To, From, CSeq, Call-ID, Max-Forwards and Via, and passes validateMessage", () => {
    const r = built(invite);
    expect(E.isRight(validateMessage(r))).toBe(true);
    const again = parseMessage(serializeMessage(r));
    expect(E.isRight(again) && again.right._tag === "Request" ? again.right.core : undefined).toEqual(r.core);
  });

  it("§8.1.1.1: the Request-URI is the spec's; §8.1.1.2 To has no tag", () => {
    const r = built(invite);
    expect(r.uri).toEqual(invite.requestUri);
    expect(fieldValues(r, "To")).toEqual(['"Bob" <sip:bob@biloxi.example.com>']);
  });

  it("§8.1.1.3 / §19.3: From has the display name quoted and the UAC's tag", () => {
    expect(fieldValues(built(invite), "From")).toEqual(['"Alice" <sip:alice@atlanta.example.com>;tag=9fxced76sl']);
    const odd = built({ ...invite, from: { ...invite.from, displayName: 'A "q" \\ b' } });
    expect(fieldValues(odd, "From")).toEqual(['"A \\"q\\" \\\\ b" <sip:alice@atlanta.example.com>;tag=9fxced76sl']);
    expect(failure({ ...invite, from: { ...invite.from, displayName: "a\r\nVia: x" } })._tag).toBe("BadDisplayName");
  });

  it("§8.1.1.4: the Call-ID is the entropy; bytes are hex-encoded; too little randomness is refused", () => {
    expect(fieldValues(built(invite), "Call-ID")).toEqual(["f81d4fae7dec11d0a76500a0c91e6bf6@atlanta"]);
    const bytes = built(invite, { ...entropy, callId: new Uint8Array(16).fill(0xab) });
    expect(fieldValues(bytes, "Call-ID")).toEqual(["ab".repeat(16)]);
    expect(failure(invite, { ...entropy, callId: new Uint8Array(15) })).toMatchObject({ _tag: "BadEntropy", field: "callId" });
    expect(failure(invite, { ...entropy, callId: "short" })).toMatchObject({ _tag: "BadEntropy", field: "callId" });
    expect(failure(invite, { ...entropy, fromTag: "has space!" })).toMatchObject({ _tag: "BadEntropy", field: "fromTag" });
  });

  it("§8.1.1.5: CSeq carries the method and a sequence number below 2**31", () => {
    expect(fieldValues(built(invite), "CSeq")).toEqual(["314159 INVITE"]);
    expect(fieldValues(built(invite, { ...entropy, seq: 2 ** 31 - 1 }), "CSeq")).toEqual(["2147483647 INVITE"]);
    expect(failure(invite, { ...entropy, seq: 2 ** 31 })._tag).toBe("BadCSeq");
    expect(failure(invite, { ...entropy, seq: -1 })._tag).toBe("BadCSeq");
    expect(failure(invite, { ...entropy, seq: 1.5 })._tag).toBe("BadCSeq");
  });

  it("§8.1.1.6: Max-Forwards defaults to 70", () => {
    expect(fieldValues(built(invite), "Max-Forwards")).toEqual(["70"]);
    expect(fieldValues(built({ ...invite, maxForwards: 10 }), "Max-Forwards")).toEqual(["10"]);
    expect(failure({ ...invite, maxForwards: 256 })._tag).toBe("BadMaxForwards");
  });

  it("§8.1.1.7: the Via has the transport, the sent-by, ;rport (RFC 3581 §3) and a magic-cookie branch", () => {
    const r = built({ ...invite, sentBy: { host: { _tag: "IPv4", value: "10.1.1.1" }, port: 4540, transport: "UDP" } });
    expect(fieldValues(r, "Via")).toEqual(["SIP/2.0/UDP 10.1.1.1:4540;rport;branch=z9hG4bK776a801f00ff1234"]);
    const top = r.core.via[0];
    expect(top?.params.find((p) => p.name === "rport")).toEqual({ name: "rport" });
  });

  it("§8.1.1.8: INVITE, SUBSCRIBE and REFER need a Contact; OPTIONS does not", () => {
    const { contact: _omit, ...noContact } = invite;
    for (const m of [Methods.INVITE, Methods.SUBSCRIBE, Methods.REFER]) {
      expect(failure({ ...noContact, method: m })).toEqual({ _tag: "MissingContact", method: m });
    }
    const options = built({ ...noContact, method: Methods.OPTIONS });
    expect(fieldValues(options, "Contact")).toEqual([]);
    expect(fieldValues(built(invite), "Contact")).toEqual(["<sip:alice@pc33.atlanta.example.com>"]);
  });

  it("§8.1.1.8: a SIPS Request-URI or first Route needs a SIPS Contact", () => {
    expect(failure({ ...invite, requestUri: uri("sips:bob@biloxi.example.com") })._tag).toBe("ContactNotSips");
    expect(failure({ ...invite, route: [uri("sips:proxy.atlanta.example.com;lr")] })._tag).toBe("ContactNotSips");
    const ok = built({ ...invite, requestUri: uri("sips:bob@biloxi.example.com"), contact: uri("sips:alice@pc33.atlanta.example.com") });
    expect(fieldValues(ok, "Contact")).toEqual(["<sips:alice@pc33.atlanta.example.com>"]);
  });

  it("§8.1.1: ACK and CANCEL are not new requests", () => {
    expect(failure({ ...invite, method: Methods.ACK })._tag).toBe("NotANewRequest");
    expect(failure({ ...invite, method: Methods.CANCEL })._tag).toBe("NotANewRequest");
  });

  it("§20.37 / §20.5: Supported and Allow come from the capabilities", () => {
    const r = built(invite);
    expect(fieldValues(r, "Supported")).toEqual(["100rel, timer"]);
    expect(fieldValues(r, "Allow")).toEqual(["INVITE, ACK, BYE, CANCEL, OPTIONS"]);
    // Other requests list Supported only when there is an option-tag to list.
    expect(fieldValues(built({ ...invite, method: Methods.OPTIONS, capabilities: basicCapabilities }), "Supported")).toEqual([]);
  });

  it("§13.2.1: an INVITE carries Allow and Supported even when the UA supports no extension (an empty Supported says so)", () => {
    const r = built({ ...invite, capabilities: basicCapabilities });
    expect(fieldValues(r, "Supported")).toEqual([""]);
    expect(fieldValues(r, "Allow")).toEqual(["INVITE, ACK, BYE, CANCEL, OPTIONS"]);
    const wire = parseMessage(serializeMessage(r));
    expect(E.isRight(wire) && E.isRight(validateMessage(wire.right))).toBe(true);
  });

  it("§8.1.1: the body goes with its Content-Type and Content-Length; extra headers are appended", () => {
    const sdp = new Uint8Array([0x76, 0x3d, 0x30, 0x0d, 0x0a]);
    const r = built({
      ...invite,
      body: { contentType: { type: "application", subtype: "sdp", params: [] }, bytes: sdp },
      headers: [{ name: "Subject", value: "lunch" }],
    });
    expect(fieldValues(r, "Content-Type")).toEqual(["application/sdp"]);
    expect(fieldValues(r, "Content-Length")).toEqual(["5"]);
    expect(fieldValues(r, "Subject")).toEqual(["lunch"]);
    expect(r.body).toEqual(sdp);
    expect(E.isRight(validateMessage(r))).toBe(true);
  });

  it("§8.1.1: an extra header that this function writes is refused, compact forms included", () => {
    expect(failure({ ...invite, headers: [{ name: "v", value: "SIP/2.0/UDP h" }] })).toEqual({ _tag: "ReservedHeader", name: "v" });
    expect(failure({ ...invite, headers: [{ name: "call-id", value: "x" }] })._tag).toBe("ReservedHeader");
  });
});

describe("RFC 3261 §8.1.2 Sending the Request (route set)", () => {
  it("§8.1.2: a loose-routing outbound proxy becomes the Route; the Request-URI stays", () => {
    const r = built({ ...invite, route: [uri("sip:proxy.atlanta.example.com;lr")] });
    expect(r.uri).toEqual(invite.requestUri);
    expect(fieldValues(r, "Route")).toEqual(["<sip:proxy.atlanta.example.com;lr>"]);
  });

  it("§12.2.1.1: a strict router first takes the Request-URI; the remote target goes last in Route", () => {
    const r = built({ ...invite, route: [uri("sip:strict.example.com;method=INVITE"), uri("sip:p2.example.com;lr")] });
    expect(r.uri).toEqual(uri("sip:strict.example.com"));
    expect(fieldValues(r, "Route")).toEqual(["<sip:p2.example.com;lr>, <sip:bob@biloxi.example.com>"]);
  });
});

describe("RFC 3261 §19.1.5 Forming Requests from a URI", () => {
  const fromUri = uri("sip:bob@biloxi.example.com;transport=tcp;maddr=239.255.255.1;ttl=15;user=phone;x-unknown=1;method=REGISTER?subject=hi");

  it("RFC3261-19.1.5-1, RFC3261-19.1.5-4: transport, maddr, ttl, user and unknown parameters stay in the Request-URI", () => {
    const r = built({ ...invite, requestUri: fromUri });
    const params = r.uri._tag === "SipUri" ? r.uri.params.map((p) => p.name) : [];
    expect(params).toEqual(["transport", "maddr", "ttl", "user", "x-unknown"]);
  });

  it("RFC3261-19.1.5-3: the method parameter and the headers never reach the Request-URI", () => {
    const r = built({ ...invite, requestUri: fromUri });
    expect(r.uri._tag === "SipUri" && [r.uri.params.some((p) => p.name === "method"), r.uri.headers.length]).toEqual([false, 0]);
    expect(E.isRight(validateMessage(r))).toBe(true);
  });

  it("RFC3261-19.1.5-12, RFC3261-19.1.5-10: a Require or Proxy-Require naming an extension the UA lacks is refused, nothing is built", () => {
    expect(failure({ ...invite, headers: [{ name: "Require", value: "100rel, x-teleport" }] })).toEqual({ _tag: "UnsupportedExtension", header: "Require", optionTag: "x-teleport" });
    expect(failure({ ...invite, headers: [{ name: "Proxy-Require", value: "sec-agree" }] })._tag).toBe("UnsupportedExtension");
    expect(fieldValues(built({ ...invite, headers: [{ name: "Require", value: "100rel" }] }), "Require")).toEqual(["100rel"]);
  });
});
