// RFC 3261 SHOULDs of the UAC role (§8.1, §10.2, §11.1, §12.2.1.2, §21.4) through the UA step,
// each test citing the statement it checks by its ID (docs/CONFORMANCE.md).
import { describe, expect, it } from "vitest";
import { Methods, addHeader, createResponse, escapeUriHeaderValue, headerValues, printUri, tag } from "@puresip/message";
import type { SipMessage, SipRequest, SipResponse } from "@puresip/message";
import { initialState, step } from "../../src/index.js";
import type { AppEvent, UaCommand } from "../../src/index.js";
import { capabilities, peerOf, uaConfig, uri } from "./harness.js";
import { driver, label, must } from "./step-driver.js";

const BOB = "192.0.2.77";
const from = peerOf(BOB);
const call: UaCommand = { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`) };
const requests = (sent: ReadonlyArray<SipMessage>): ReadonlyArray<SipRequest> => sent.filter((m): m is SipRequest => m._tag === "Request");
const first = (sent: ReadonlyArray<SipMessage>, method: string): SipRequest => {
  const r = requests(sent).find((m) => m.method === method);
  if (r === undefined) throw new Error(`no ${method}`);
  return r;
};
const branch = (r: SipMessage): string | undefined => r.core.via[0]?.params.find((p) => p.name === "branch")?.value;
const callOf = (events: ReadonlyArray<AppEvent>) => {
  const created = events.find((e) => e._tag === "CallCreated");
  if (created?._tag !== "CallCreated") throw new Error("no CallCreated");
  return created.call;
};

describe("RFC 3261 §8.1.1 the UAC's new request", () => {
  it("RFC3261-8.1.1.1-1: the INVITE's Request-URI is the URI of its To", () => {
    const invite = first(driver().feed({ _tag: "Command", now: 0, command: { _tag: "MakeCall", to: uri("sip:bob@biloxi.example.com;transport=tcp") } }).sent, Methods.INVITE);
    expect(printUri(invite.uri)).toBe("sip:bob@biloxi.example.com;transport=tcp");
    expect(invite.core.to === undefined ? undefined : printUri(invite.core.to.uri)).toBe(printUri(invite.uri));
  });
});

describe("RFC 3261 §8.1.2 an outbound proxy as a route set", () => {
  it("RFC3261-8.1.2-6, RFC3261-8.1.2-8: with an outbound proxy the Request-URI stays the target, the proxy is the one Route, and the request goes where that Route says", () => {
    const config = uaConfig("alice", "10.0.0.1", { outboundProxy: [uri("sip:proxy.example.com;lr")] });
    const [, effects] = step(config)(new Map(), initialState([17]), { _tag: "Command", now: 0, command: { _tag: "MakeCall", to: uri("sip:bob@biloxi.example.com") } });
    const resolve = effects.find((e) => e._tag === "Resolve");
    expect(resolve?._tag === "Resolve" ? printUri(resolve.target) : undefined).toBe("sip:proxy.example.com;lr");
    const put = effects.flatMap((e) => (e._tag === "Put" && e.entry._tag === "ClientRequest" ? [e.entry.context.request] : []));
    expect(put.map((r) => [printUri(r.uri), headerValues("Route")(r)])).toStrictEqual([["sip:bob@biloxi.example.com", ["<sip:proxy.example.com;lr>"]]]);
  });
});

describe("RFC 3261 §8.1.3.3 Via in a response", () => {
  const withVias = (invite: SipRequest, vias: number): SipResponse => {
    const ok = must(createResponse(200, { toTag: must(tag("b0b")), headers: [{ name: "Contact", value: `<sip:bob@${BOB}>` }] })(invite));
    // A second Via as a misrouting proxy would leave it (§16.7 step 9 removes the proxy's own).
    return vias === 1 ? ok : must(addHeader("Via", "SIP/2.0/UDP proxy.example.com;branch=z9hG4bKproxy1")(ok));
  };

  it("RFC3261-8.1.3.3-1: a 200 with two Via values is discarded (no ACK, no event but the Problem); the same 200 with one Via establishes the call", () => {
    const a = driver();
    const invite = first(a.feed({ _tag: "Command", now: 0, command: call }).sent, Methods.INVITE);
    const two = a.feed({ _tag: "Received", now: 10, message: withVias(invite, 2), source: from });
    expect(withVias(invite, 2).core.via).toHaveLength(2);
    expect(two.sent).toStrictEqual([]);
    expect(two.delivered.map((e) => e._tag)).toStrictEqual(["Problem"]);
    const one = a.feed({ _tag: "Received", now: 20, message: withVias(invite, 1), source: from });
    expect(one.sent.map(label)).toStrictEqual(["ACK"]);
    expect(one.delivered.map((e) => e._tag)).toContain("CallEstablished");
  });
});

describe("RFC 3261 §8.1.3.5 and §21.4 retrying after a 4xx", () => {
  const required = (a: ReturnType<typeof driver>) => {
    const made = a.feed({ _tag: "Command", now: 0, command: { ...call, headers: [{ name: "Require", value: "100rel" }] } as UaCommand });
    return { invite: first(made.sent, Methods.INVITE), key: callOf(made.delivered) };
  };

  it("RFC3261-8.1.3.5-5, RFC3261-8.1.3.5-6: a 420 listing 100rel in Unsupported: the INVITE again without it, a new transaction with the same Call-ID, To and From and the CSeq one higher", () => {
    const a = driver();
    const { invite, key } = required(a);
    expect(headerValues("Require")(invite)).toStrictEqual(["100rel"]);
    const refused = a.feed({ _tag: "Received", now: 10, message: must(createResponse(420, { toTag: must(tag("b0b")), headers: [{ name: "Unsupported", value: "100rel" }] })(invite)), source: from });
    expect(refused.sent.map(label)).toStrictEqual(["ACK", "INVITE"]);
    const retry = first(refused.sent, Methods.INVITE);
    expect(headerValues("Require")(retry)).toStrictEqual([]);
    expect([retry.core.callId, retry.core.from, retry.core.to, printUri(retry.uri)]).toStrictEqual([invite.core.callId, invite.core.from, invite.core.to, printUri(invite.uri)]);
    expect(retry.core.cseq).toStrictEqual({ seq: (invite.core.cseq?.seq ?? 0) + 1, method: Methods.INVITE });
    expect(branch(retry)).not.toBe(branch(invite));
    expect(refused.delivered.filter((e) => e._tag === "CallFailed")).toStrictEqual([]);
    // The retry is the call's INVITE now: its 200 establishes the call.
    const ok = a.feed({ _tag: "Received", now: 20, message: must(createResponse(200, { toTag: must(tag("b0b")), headers: [{ name: "Contact", value: `<sip:bob@${BOB}>` }] })(retry)), source: from });
    expect(ok.delivered.filter((e) => e._tag === "CallEstablished").map((e) => ("call" in e ? e.call : ""))).toStrictEqual([key]);
  });

  it("RFC3261-21.4-1: a 420 naming no extension the request required is not retried: the same request would fail again; the call fails with 420", () => {
    const a = driver();
    const { invite, key } = required(a);
    const refused = a.feed({ _tag: "Received", now: 10, message: must(createResponse(420, { toTag: must(tag("b0b")), headers: [{ name: "Unsupported", value: "timer" }] })(invite)), source: from });
    expect(refused.sent.map(label)).toStrictEqual(["ACK"]);
    expect(refused.delivered.filter((e) => e._tag === "CallFailed")).toStrictEqual([{ _tag: "CallFailed", call: key, status: 420 }]);
  });

  it("RFC3261-21.4-1, RFC3261-21.4.4-1: a 403 to an INVITE is not repeated: only its ACK goes out and the call fails with 403", () => {
    const a = driver();
    const made = a.feed({ _tag: "Command", now: 0, command: call });
    const invite = first(made.sent, Methods.INVITE);
    const forbidden = a.feed({ _tag: "Received", now: 10, message: must(createResponse(403, { toTag: must(tag("b0b")) })(invite)), source: from });
    expect(forbidden.sent.map(label)).toStrictEqual(["ACK"]);
    expect(forbidden.delivered.filter((e) => e._tag === "CallFailed")).toStrictEqual([{ _tag: "CallFailed", call: callOf(made.delivered), status: 403 }]);
    a.settle(40_000);
    expect([...a.store.keys()]).toStrictEqual([]);
  });
});

describe("RFC 3261 §10.2 the UAC's REGISTER", () => {
  const registrar = uri("sip:registrar.example.com");
  const registered = (a: ReturnType<typeof driver>, register: SipRequest, contact: string, now: number) =>
    a.feed({ _tag: "Received", now, message: must(createResponse(200, { toTag: must(tag("r1")), headers: [{ name: "Contact", value: contact }, { name: "Contact", value: "<sip:alice@198.51.100.9>;expires=3000" }] })(register)), source: from });

  it("RFC3261-8.1.1.4-2, RFC3261-10.2-8, RFC3261-10.2.4-3, RFC3261-10.2.4-4: the refresh and the removal use the first REGISTER's Call-ID and go where it went", () => {
    const a = driver();
    const out = a.feed({ _tag: "Command", now: 0, command: { _tag: "Register", id: "alice", registrar, expires: 3600 } });
    const register = first(out.sent, Methods.REGISTER);
    registered(a, register, "<sip:alice@10.0.0.1:5060>;expires=3600", 10);
    const refresh = a.feed({ _tag: "Command", now: 20, command: { _tag: "Register", id: "alice", registrar, expires: 3600 } });
    const again = first(refresh.sent, Methods.REGISTER);
    registered(a, again, "<sip:alice@10.0.0.1:5060>;expires=3600", 30);
    const removal = a.feed({ _tag: "Command", now: 40, command: { _tag: "Unregister", id: "alice" } });
    const gone = first(removal.sent, Methods.REGISTER);
    expect([again.core.callId, gone.core.callId]).toStrictEqual([register.core.callId, register.core.callId]);
    expect([refresh.transmitted[0]?.destination, removal.transmitted[0]?.destination]).toStrictEqual([out.transmitted[0]?.destination, out.transmitted[0]?.destination]);
  });

  it("RFC3261-10.2-12, RFC3261-10.2.4-1: the REGISTER and its refresh list only this UA's Contact, with no action parameter, though the 200 listed another UA's binding", () => {
    const a = driver();
    const register = first(a.feed({ _tag: "Command", now: 0, command: { _tag: "Register", id: "alice", registrar, expires: 3600 } }).sent, Methods.REGISTER);
    const ok = registered(a, register, "<sip:alice@10.0.0.1:5060>;expires=3600", 10);
    expect(ok.delivered.flatMap((e) => (e._tag === "Registered" ? e.contacts.map((c) => printUri(c.uri)) : []))).toContain("sip:alice@198.51.100.9");
    const again = first(a.feed({ _tag: "Command", now: 20, command: { _tag: "Register", id: "alice", registrar, expires: 3600 } }).sent, Methods.REGISTER);
    for (const r of [register, again]) {
      expect(r.core.contact.map((c) => (c._tag === "NameAddr" ? printUri(c.uri) : "*"))).toStrictEqual(["sip:alice@10.0.0.1:5060"]);
      expect(r.core.contact.flatMap((c) => (c._tag === "NameAddr" ? c.params.map((p) => p.name.toLowerCase()) : []))).not.toContain("action");
    }
  });

  it("RFC3261-10.2.6-1: with no registrar configured, the REGISTER goes to the host part of the address-of-record", () => {
    const out = driver().feed({ _tag: "Command", now: 0, command: { _tag: "Register", id: "alice", expires: 3600 } });
    const register = first(out.sent, Methods.REGISTER);
    expect(printUri(register.uri)).toBe("sip:example.com");
    expect(register.core.to === undefined ? undefined : printUri(register.core.to.uri)).toBe("sip:alice@example.com");
  });

  it("RFC3261-10.2-14: an expires the registrar's 200 gives in a malformed form is taken as 3600", () => {
    const a = driver();
    const register = first(a.feed({ _tag: "Command", now: 0, command: { _tag: "Register", id: "alice", registrar, expires: 600 } }).sent, Methods.REGISTER);
    const ok = registered(a, register, "<sip:alice@10.0.0.1:5060>;expires=soon", 10);
    expect(ok.delivered.flatMap((e) => (e._tag === "Registered" ? [e.expires] : []))).toStrictEqual([3600]);
  });

  it("RFC3261-10.2.1-3: registering a SIPS address-of-record at a SIPS registrar, the Contact is a SIPS URI", () => {
    const a = driver(uaConfig("alice", "10.0.0.1", { aor: uri("sips:alice@example.com"), contact: uri("sips:alice@10.0.0.1:5061") }));
    const register = first(a.feed({ _tag: "Command", now: 0, command: { _tag: "Register", id: "alice", registrar: uri("sips:example.com"), expires: 3600 } }).sent, Methods.REGISTER);
    expect(register.core.to === undefined ? undefined : printUri(register.core.to.uri)).toBe("sips:alice@example.com");
    expect(register.core.contact.map((c) => (c._tag === "NameAddr" && c.uri._tag === "SipUri" ? c.uri.scheme : "?"))).toStrictEqual(["sips"]);
  });
});

describe("RFC 3261 §11.1 the UAC's OPTIONS", () => {
  it("RFC3261-11.1-2: an OPTIONS carries Accept with the body types the UA understands", () => {
    const options = first(driver().feed({ _tag: "Command", now: 0, command: { _tag: "Options", ref: "o1", to: uri(`sip:bob@${BOB}`) } }).sent, Methods.OPTIONS);
    expect(headerValues("Accept")(options)).toStrictEqual(["application/sdp, text/plain"]);
  });
});

describe("RFC 3261 §19.1.5 an INVITE formed from a URI with headers", () => {
  // Without media, so that the URI's body is the INVITE's and no SDP offer is made.
  const { media: _media, ...opaque } = uaConfig("alice", "10.0.0.1");
  const to = (fields: ReadonlyArray<readonly [string, string]>): string => `sip:bob@${BOB}?${fields.map(([n, v]) => `${n}=${escapeUriHeaderValue(v)}`).join("&")}`;
  const from = (target: string) => {
    const out = driver(opaque).feed({ _tag: "Command", now: 0, command: { _tag: "MakeCall", to: uri(target) } });
    return { invite: requests(out.sent).find((m) => m.method === Methods.INVITE), delivered: out.delivered };
  };

  it("RFC3261-19.1.5-5: Subject, Priority and a body (with its Content-Type) in the URI go into the INVITE; the Request-URI and To carry no headers", () => {
    const { invite } = from(`sip:bob@${BOB}?Subject=lunch%20at%20noon&Priority=urgent&Content-Type=text/plain&body=see%20you`);
    if (invite === undefined) throw new Error("no INVITE");
    expect([headerValues("Subject")(invite), headerValues("Priority")(invite), headerValues("Content-Type")(invite)]).toStrictEqual([["lunch at noon"], ["urgent"], ["text/plain"]]);
    expect(new TextDecoder().decode(invite.body)).toBe("see you");
    expect([printUri(invite.uri), invite.core.to === undefined ? "" : printUri(invite.core.to.uri)]).toStrictEqual([`sip:bob@${BOB}`, `sip:bob@${BOB}`]);
  });

  it("RFC3261-19.1.5-6, RFC3261-19.1.5-7: From, Call-ID, CSeq, Via, Record-Route and Route asked for in the URI are not honored", () => {
    const { invite } = from(
      to([["From", "<sip:ceo@example.com>"], ["Call-ID", "forged"], ["CSeq", "99 INVITE"], ["Via", "SIP/2.0/UDP evil.example.com;branch=z9hG4bKevil"], ["Record-Route", "<sip:evil.example.com;lr>"], ["Route", "<sip:evil.example.com;lr>"]]),
    );
    if (invite === undefined) throw new Error("no INVITE");
    expect(invite.core.from === undefined ? "" : printUri(invite.core.from.uri)).toBe("sip:alice@example.com");
    expect(invite.core.callId).not.toBe("forged");
    expect(invite.core.cseq?.seq).toBe(1);
    expect(invite.core.via).toHaveLength(1);
    expect([headerValues("Record-Route")(invite), headerValues("Route")(invite)]).toStrictEqual([[], []]);
  });

  it("RFC3261-19.1.5-8: Accept, Allow, Supported, Contact, Organization and User-Agent asked for in the URI are not honored: the UA's own are sent", () => {
    const { invite } = from(to([["Allow", "INFO"], ["Supported", "x-fake"], ["Contact", "<sip:elsewhere@evil.example.com>"], ["Accept", "text/html"], ["Organization", "Evil"], ["User-Agent", "NotMe"]]));
    if (invite === undefined) throw new Error("no INVITE");
    expect(headerValues("Allow")(invite)).toStrictEqual([capabilities.methods.join(", ")]);
    expect(headerValues("Supported")(invite)).toStrictEqual([capabilities.extensions.join(", ")]);
    expect(invite.core.contact.map((c) => (c._tag === "NameAddr" ? printUri(c.uri) : "*"))).toStrictEqual(["sip:alice@10.0.0.1:5060"]);
    expect([headerValues("Accept")(invite), headerValues("Organization")(invite), headerValues("User-Agent")(invite)]).toStrictEqual([[], [], []]);
  });

  it("RFC3261-19.1.5-9: a descriptive field that misstates the URI's body refuses the call: a wrong Content-Length, a Content-Type with no body", () => {
    for (const target of [`sip:bob@${BOB}?Content-Type=text/plain&Content-Length=99&body=hi`, `sip:bob@${BOB}?Content-Type=text/plain`]) {
      const { invite, delivered } = from(target);
      expect(invite).toBeUndefined();
      expect(delivered.map((e) => e._tag)).toStrictEqual(["CallNotMade"]);
    }
  });

  it("RFC3261-19.1.5-11: a URI requiring an extension this UA lacks is refused, not sent without it", () => {
    const { invite, delivered } = from(`sip:bob@${BOB}?Require=x-teleport`);
    expect(invite).toBeUndefined();
    expect(delivered.flatMap((e) => (e._tag === "CallNotMade" ? [e.reason] : []))).toStrictEqual([expect.stringContaining("UnsupportedExtension") as unknown as string]);
  });
});
