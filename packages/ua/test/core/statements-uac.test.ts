// UAC rules of RFC 3261 §8.1, §12.1.2 and §13.2.2 through the UA step and on the simulated
// network, each test citing the statement it checks by its ID (docs/CONFORMANCE.md).
import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { Methods, createResponse, headerValues, parseMessage, printUri, tag, validateMessage } from "@puresip/message";
import type { SipMessage, SipRequest } from "@puresip/message";
import type { AppEvent, UaCommand } from "../../src/index.js";
import { ALICE, BOB, answerAfter, runAll, sent, twoUas } from "./flows.js";
import { uaConfig, uri } from "./harness.js";
import { driver, must } from "./step-driver.js";

const call: UaCommand = { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`) };
const parsed = (bytes: Uint8Array): SipMessage => must(parseMessage(bytes));
const hangupAfter = (ms: number) => (e: AppEvent) => (e._tag === "CallEstablished" ? [{ delay: ms, command: { _tag: "Hangup" as const, call: e.call } }] : []);

describe("RFC 3261 §8.1.1 and §12.1.2 what stays the same through a call", () => {
  const net = runAll(twoUas([{ at: 0, node: ALICE, command: call }], { bobPolicy: answerAfter(1000), alicePolicy: hangupAfter(2000) }));
  const ladder = sent(net).map((m) => parsed(m.bytes));

  it("RFC3261-8.1.1.4-1: every request and response of the dialog, either way, carries the INVITE's Call-ID", () => {
    expect(ladder.map((m) => (m._tag === "Request" ? m.method : String(m.status)))).toStrictEqual(["INVITE", "180", "200", "ACK", "BYE", "200"]);
    expect(new Set(ladder.map((m) => m.core.callId)).size).toBe(1);
  });

  it("RFC3261-8.1.1.8-2, RFC3261-12.1.2-1: the INVITE's Contact is the UA's own configured address, the one it is reached at outside any dialog too", () => {
    const invite = ladder.find((m): m is SipRequest => m._tag === "Request" && m.method === Methods.INVITE);
    const contact = invite?.core.contact[0];
    expect(contact?._tag === "NameAddr" ? printUri(contact.uri) : undefined).toBe(printUri(uaConfig("alice", ALICE).contact));
    expect(contact?._tag === "NameAddr" && contact.uri._tag === "SipUri" ? contact.uri.host.value : undefined).toBe(ALICE);
  });
});

/** Alice's INVITE through the step driver, then one response to it with `status`. */
const answeredWith = (status: number) => {
  const a = driver();
  const made = a.feed({ _tag: "Command", now: 0, command: call });
  const invite = made.sent.find((m): m is SipRequest => m._tag === "Request" && m.method === Methods.INVITE);
  if (invite === undefined) throw new Error("no INVITE");
  const response = must(createResponse(status, { toTag: must(tag("b0b")), ...(status >= 200 && status < 300 ? { headers: [{ name: "Contact", value: `<sip:bob@${BOB}>` }] } : {}) })(invite));
  const out = a.feed({ _tag: "Received", now: 10, message: response, source: { transport: "UDP", host: "192.0.2.77", port: 5060 } });
  return { events: out.delivered.map((e) => e._tag), statuses: out.delivered.flatMap((e) => ("status" in e ? [e.status] : [])), sent: out.sent.map((m) => (m._tag === "Request" ? m.method : String(m.status))) };
};

describe("RFC 3261 §8.1.3.2 responses the UAC does not recognize", () => {
  it("RFC3261-8.1.3.2-1: an unknown final response is taken as the x00 of its class: 499 fails the call as 400 would, 299 establishes it as 200 would", () => {
    expect(answeredWith(499)).toStrictEqual({ ...answeredWith(400), statuses: [499] });
    const unknown = answeredWith(299);
    const known = answeredWith(200);
    expect(unknown.events).toStrictEqual(known.events);
    expect(unknown.sent).toStrictEqual(["ACK"]);
  });

  it("RFC3261-8.1.3.2-2, RFC3261-8.1.3.2-3: an unknown 1xx is taken as 183, reported as progress; 100 and 183 are processed", () => {
    expect(answeredWith(155).events).toStrictEqual(answeredWith(183).events);
    expect(answeredWith(183).events).toStrictEqual(["CallProgress"]);
    expect(answeredWith(100)).toStrictEqual({ events: [], statuses: [], sent: [] });
  });
});

describe("RFC 3261 §10.2 constructing the REGISTER request", () => {
  const registerAt = (registrar: string, aor?: string) => {
    const a = driver(aor === undefined ? uaConfig("alice", "10.0.0.1") : uaConfig("alice", "10.0.0.1", { aor: uri(aor) }));
    const out = a.feed({ _tag: "Command", now: 0, command: { _tag: "Register", id: "alice", registrar: uri(registrar), expires: 3600 } });
    const request = out.sent.find((m): m is SipRequest => m._tag === "Request");
    return { a, request, delivered: out.delivered };
  };

  it("RFC3261-10.2-6: a registrar given with a user part is registered at its domain: no userinfo and no @ in the Request-URI", () => {
    const { request } = registerAt("sip:alice@registrar.example.com;transport=tcp");
    expect(request === undefined ? undefined : printUri(request.uri)).toBe("sip:registrar.example.com;transport=tcp");
  });

  it("RFC3261-10.2-7: an address-of-record that is no SIP or SIPS URI is not registered; nothing is sent", () => {
    const { request, delivered } = registerAt("sip:registrar.example.com", "tel:+1-201-555-0123");
    expect(request).toBeUndefined();
    expect(delivered.map((e) => e._tag)).toStrictEqual(["RegistrationFailed"]);
  });

  it("RFC3261-10.2-4: the REGISTER carries Request-URI, To, From, Call-ID, CSeq, Max-Forwards and Via, and is a valid request", () => {
    const { request } = registerAt("sip:registrar.example.com");
    if (request === undefined) throw new Error("no REGISTER");
    for (const name of ["To", "From", "Call-ID", "CSeq", "Max-Forwards", "Via"]) expect(headerValues(name)(request)).toHaveLength(1);
    expect(request.core.to?.uri).toStrictEqual(uaConfig("alice", "10.0.0.1").aor);
    expect(E.isRight(validateMessage(request))).toBe(true);
  });

  it("RFC3261-10.2-2, RFC3261-10.2-3: a Record-Route in the 200 to a REGISTER makes no route set: the refresh has no Route", () => {
    const { a, request } = registerAt("sip:registrar.example.com");
    if (request === undefined) throw new Error("no REGISTER");
    const ok = must(createResponse(200, { toTag: must(tag("r1")), headers: [{ name: "Record-Route", value: "<sip:proxy.example.com;lr>" }, { name: "Contact", value: "<sip:alice@10.0.0.1:5060>;expires=3600" }] })(request));
    expect(a.feed({ _tag: "Received", now: 10, message: ok, source: { transport: "UDP", host: "192.0.2.77", port: 5060 } }).delivered.map((e) => e._tag)).toStrictEqual(["Registered"]);
    const refresh = a.feed({ _tag: "Command", now: 20, command: { _tag: "Register", id: "alice", registrar: uri("sip:registrar.example.com"), expires: 1800 } });
    const again = refresh.sent.find((m): m is SipRequest => m._tag === "Request");
    expect(again?.core.cseq?.seq).toBe(2);
    expect(again === undefined ? ["none"] : headerValues("Route")(again)).toStrictEqual([]);
    expect(again === undefined ? undefined : printUri(again.uri)).toBe("sip:registrar.example.com");
  });
});
