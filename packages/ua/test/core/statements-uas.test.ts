// UAS rules of RFC 3261 §8.2, §12.1.1 and §13.3.1 through the UA step, each test citing the
// statement it checks by its ID (docs/CONFORMANCE.md).
import { describe, expect, it } from "vitest";
import { buildCancel, defaultSessionConfig } from "@puresip/dialog";
import { Methods, callId, createRequest, headerValues, printUri, replaceHeader } from "@puresip/message";
import type { HeaderField, Method, SipMessage, SipRequest, SipResponse } from "@puresip/message";
import { PROVISIONAL_INTERVAL } from "../../src/index.js";
import type { AppEvent, UsageKey } from "../../src/index.js";
import { audio, peerOf, uaConfig, uri } from "./harness.js";
import { driver, must } from "./step-driver.js";

const PEER = "192.0.2.77";
const offer = `v=0\r\no=bob 1 1 IN IP4 ${PEER}\r\ns=-\r\nc=IN IP4 ${PEER}\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n`;

const incomingInvite = (headers: ReadonlyArray<HeaderField> = [], withOffer = true): SipRequest =>
  must(
    createRequest({
      method: Methods.INVITE,
      uri: uri("sip:alice@10.0.0.1:5060"),
      via: { protocolName: "SIP", protocolVersion: "2.0", transport: "UDP", host: { _tag: "IPv4", value: PEER }, port: 5060, params: [{ name: "branch", value: "z9hG4bKuas1" }] },
      to: { _tag: "NameAddr", uri: uri("sip:alice@example.com"), angle: true, params: [] },
      from: { _tag: "NameAddr", uri: uri("sip:bob@example.com"), angle: true, params: [{ name: "tag", value: "b1" }] },
      callId: must(callId("uas-1")),
      seq: 1,
      contact: [{ _tag: "NameAddr", uri: uri(`sip:bob@${PEER}`), angle: true, params: [] }],
      headers: withOffer ? [...headers, { name: "Content-Type", value: "application/sdp" }] : headers,
      ...(withOffer ? { body: new TextEncoder().encode(offer) } : {}),
    }),
  );

const responses = (sent: ReadonlyArray<SipMessage>): ReadonlyArray<SipResponse> => sent.filter((m): m is SipResponse => m._tag === "Response");
const toTag = (r: SipResponse | undefined): string | undefined => r?.core.to?.params.find((p) => p.name === "tag")?.value;
const bodyText = (r: SipResponse | undefined): string => new TextDecoder().decode(r?.body ?? new Uint8Array());
const callOf = (delivered: ReadonlyArray<AppEvent>): UsageKey => {
  const incoming = delivered.find((e) => e._tag === "IncomingCall");
  if (incoming?._tag !== "IncomingCall") throw new Error("no IncomingCall");
  return incoming.call;
};
/** An incoming INVITE, then the application's Ring and Answer. */
const ringThenAnswer = (invite: SipRequest, earlyMedia = false) => {
  const a = driver();
  const arrived = a.feed({ _tag: "Received", now: 0, message: invite, source: peerOf(PEER) });
  const call = callOf(arrived.delivered);
  const ring = a.feed({ _tag: "Command", now: 10, command: { _tag: "Ring", call, earlyMedia } });
  const answer = a.feed({ _tag: "Command", now: 20, command: { _tag: "Answer", call } });
  return { a, call, provisional: responses(ring.sent), final: responses(answer.sent).find((r) => r.status === 200) };
};

/** A request outside any dialog from the peer; `requestUri` and `to` may carry components Table 1 disallows there. */
const outsideDialog = (method: Method, branch: string, more: { readonly requestUri?: string; readonly to?: string; readonly headers?: ReadonlyArray<HeaderField>; readonly body?: Uint8Array } = {}): SipRequest =>
  must(
    createRequest({
      method,
      uri: uri(more.requestUri ?? "sip:alice@10.0.0.1:5060"),
      via: { protocolName: "SIP", protocolVersion: "2.0", transport: "UDP", host: { _tag: "IPv4", value: PEER }, port: 5060, params: [{ name: "branch", value: branch }] },
      to: { _tag: "NameAddr", uri: uri(more.to ?? "sip:alice@example.com"), angle: true, params: [] },
      from: { _tag: "NameAddr", uri: uri("sip:bob@example.com"), angle: true, params: [{ name: "tag", value: "b2" }] },
      callId: must(callId(`nit-${branch}`)),
      seq: 1,
      ...(more.headers === undefined ? {} : { headers: more.headers }),
      ...(more.body === undefined ? {} : { body: more.body }),
    }),
  );

describe("RFC 3261 §8.2 a request accepted or rejected as a whole", () => {
  it("RFC3261-8.2-2, RFC3261-20.32-1, RFC3261-20.32-2: an INVITE requiring an extension the UAS lacks gets 420 and changes nothing: no call, only the notice of the rejection", () => {
    const a = driver();
    const out = a.feed({ _tag: "Received", now: 0, message: incomingInvite([{ name: "Require", value: "x-teleport" }]), source: peerOf(PEER) });
    const final = responses(out.sent).find((r) => r.status >= 200);
    expect(final?.status).toBe(420);
    expect(final === undefined ? [] : headerValues("Unsupported")(final)).toStrictEqual(["x-teleport"]);
    expect(out.delivered.map((e) => e._tag)).toStrictEqual(["Rejected"]);
    expect([...a.store.values()].filter((e) => e._tag === "Usage")).toStrictEqual([]);
  });

  it("RFC3261-8.2-1, RFC3261-8.2.2-1: an INVITE with header fields the UAS does not know is accepted as if they were not there: a call, and its event", () => {
    const a = driver();
    const out = a.feed({ _tag: "Received", now: 0, message: incomingInvite([{ name: "X-Unknown-Field", value: "whatever; it=is" }, { name: "P-Not-Ours", value: "1" }]), source: peerOf(PEER) });
    expect(responses(out.sent).filter((r) => r.status >= 200)).toStrictEqual([]);
    expect(out.delivered.map((e) => e._tag)).toContain("IncomingCall");
    expect([...a.store.values()].filter((e) => e._tag === "Usage").length).toBe(1);
  });
});

describe("RFC 3261 §8.2.6.2, §12.1.1 and §13.3.1 the UAS's responses to an INVITE", () => {
  it("RFC3261-8.2.6.2-7, RFC3261-13.3.1.1-2, RFC3261-12.1.1-2: the 180 and the 200 carry one To tag (one dialog ID) and a Contact", () => {
    const { provisional, final } = ringThenAnswer(incomingInvite());
    const ringing = provisional.find((r) => r.status === 180);
    expect(toTag(ringing)).toBeDefined();
    expect(toTag(final)).toBe(toTag(ringing));
    expect([ringing?.core.contact.length, final?.core.contact.length]).toStrictEqual([1, 1]);
  });

  it("RFC3261-13.3.1.4-2: the 2xx to an INVITE with an offer carries the answer when none was sent before", () => {
    const { provisional, final } = ringThenAnswer(incomingInvite());
    expect(provisional.every((r) => r.body.length === 0)).toBe(true);
    expect(final === undefined ? [] : headerValues("Content-Type")(final)).toStrictEqual(["application/sdp"]);
    expect(bodyText(final)).toContain(`m=audio ${String(audio.media[0]?.port)} RTP/AVP 0`);
  });

  it("RFC3261-13.2.1-15: the answer sent in a 183, the 200 carries no new offer: the same session description (same o= version)", () => {
    const { provisional, final } = ringThenAnswer(incomingInvite(), true);
    const early = provisional.find((r) => r.status === 183);
    expect(bodyText(early)).toContain("m=audio");
    expect(final?.body.length === 0 || bodyText(final) === bodyText(early)).toBe(true);
  });

  it("RFC3261-13.3.1.4-3, RFC3261-13.3.1-4: an INVITE without an offer gets the offer in the 2xx, its first reliable message", () => {
    const { provisional, final } = ringThenAnswer(incomingInvite([], false));
    expect(provisional.every((r) => headerValues("Require")(r).length === 0 && r.body.length === 0)).toBe(true);
    expect(final === undefined ? [] : headerValues("Content-Type")(final)).toStrictEqual(["application/sdp"]);
    expect(bodyText(final)).toContain("m=audio");
  });

  it("RFC3261-13.3.1.1-3: while the INVITE stays unanswered, its last provisional goes out again every minute, the same 180", () => {
    const a = driver(uaConfig("alice", "10.0.0.1", { answerTimeout: 300 }));
    const arrived = a.feed({ _tag: "Received", now: 0, message: incomingInvite(), source: peerOf(PEER) });
    const call = callOf(arrived.delivered);
    const ring = responses(a.feed({ _tag: "Command", now: 10, command: { _tag: "Ring", call } }).sent);
    expect(ring.map((r) => r.status)).toStrictEqual([180]);
    const again: Array<SipResponse> = [];
    for (let t = 1000; t <= 3.5 * PROVISIONAL_INTERVAL; t += 1000) again.push(...responses(a.feed({ _tag: "Tick", now: t, key: call }).sent));
    // 60.01 s, 120.01 s, 180.01 s after the 180: three more, each the same response.
    expect(again.map((r) => r.status)).toStrictEqual([180, 180, 180]);
    expect(again.map(toTag)).toStrictEqual([toTag(ring[0]), toTag(ring[0]), toTag(ring[0])]);
    // Answered: no provisional after the final response.
    a.feed({ _tag: "Command", now: 3.5 * PROVISIONAL_INTERVAL + 10, command: { _tag: "Answer", call } });
    const after = a.feed({ _tag: "Tick", now: 5 * PROVISIONAL_INTERVAL, key: call });
    expect(responses(after.sent).filter((r) => r.status < 200)).toStrictEqual([]);
  });
});

describe("RFC 3261 §8.2.4 extensions in the UAS's responses", () => {
  const reliableUa = () => driver(uaConfig("alice", "10.0.0.1", { session: { ...defaultSessionConfig, reliableProvisionals: true } }));
  const ringOnce = (invite: SipRequest): SipResponse | undefined => {
    const a = reliableUa();
    const call = callOf(a.feed({ _tag: "Received", now: 0, message: invite, source: peerOf(PEER) }).delivered);
    return responses(a.feed({ _tag: "Command", now: 10, command: { _tag: "Ring", call } }).sent).find((r) => r.status === 180);
  };

  it("RFC3261-8.2.4-1, RFC3261-8.2.4-5, RFC3261-8.2.4-7: a UAS that would send 1xx reliably does not when the INVITE's Supported lacks 100rel", () => {
    const ringing = ringOnce(incomingInvite());
    expect(ringing === undefined ? ["none"] : [...headerValues("Require")(ringing), ...headerValues("RSeq")(ringing)]).toStrictEqual([]);
  });

  it("RFC3261-8.2.4-6: the extension it does apply (100rel, the INVITE supporting it) is listed in Require in the response", () => {
    const ringing = ringOnce(incomingInvite([{ name: "Supported", value: "100rel" }]));
    expect(ringing === undefined ? [] : headerValues("Require")(ringing)).toStrictEqual(["100rel"]);
    expect(ringing === undefined ? [] : headerValues("RSeq")(ringing)).toHaveLength(1);
  });
});

/** A request from Bob outside any dialog, `method` to alice's address. */
const outside = (method: Method, headers: ReadonlyArray<HeaderField> = [], to = "sip:alice@example.com"): SipRequest =>
  method === Methods.MESSAGE
    ? outsideDialog(method, `z9hG4bKout${method}`, { to, headers: [...headers, { name: "Content-Type", value: "text/plain" }], body: new TextEncoder().encode("hi") })
    : outsideDialog(method, `z9hG4bKout${method}`, { to, headers });

describe("RFC 3261 §8.2.2 what the UAS does not let stop a request", () => {
  it("RFC3261-8.2.2-2: malformed Date and Timestamp fields, not needed to process an INVITE, are ignored: the call comes in", () => {
    const a = driver();
    const out = a.feed({ _tag: "Received", now: 0, message: incomingInvite([{ name: "Date", value: "yesterday, about noon" }, { name: "Timestamp", value: "soon" }]), source: peerOf(PEER) });
    expect(responses(out.sent).filter((r) => r.status >= 200)).toStrictEqual([]);
    expect(out.delivered.map((e) => e._tag)).toContain("IncomingCall");
  });

  it("RFC3261-8.2.2.1-2: an INVITE whose To is a tel URI, or names a user this UA does not know, is accepted", () => {
    for (const to of ["tel:+1-201-555-0123", "sip:somebody-else@elsewhere.example.org"]) {
      const a = driver();
      const invite = incomingInvite();
      const retargeted = { ...invite, core: { ...invite.core, to: { _tag: "NameAddr" as const, uri: uri(to), angle: true, params: [] } } };
      const out = a.feed({ _tag: "Received", now: 0, message: must(replaceHeader("To", [`<${to}>`])(retargeted)), source: peerOf(PEER) });
      expect(out.delivered.map((e) => e._tag)).toContain("IncomingCall");
    }
  });

  it("RFC3261-8.2.4-2, RFC3261-21.4.16-2, RFC3261-21.4.16-3: an INVITE whose Supported names extensions this UAS lacks gets no 420: it is processed with baseline SIP", () => {
    const a = driver();
    const out = a.feed({ _tag: "Received", now: 0, message: incomingInvite([{ name: "Supported", value: "x-teleport, timer, 100rel" }]), source: peerOf(PEER) });
    expect(responses(out.sent).filter((r) => r.status >= 200)).toStrictEqual([]);
    expect(out.delivered.map((e) => e._tag)).toContain("IncomingCall");
  });
});

describe("RFC 3261 §8.2.6.1 and §11.2 the UAS's answers to non-INVITE requests", () => {
  it("RFC3261-8.2.6.1-1, RFC3261-8.2.6.1-2: OPTIONS and MESSAGE get their final response in the step that received them, with no provisional before", () => {
    for (const method of [Methods.OPTIONS, Methods.MESSAGE]) {
      const out = driver().feed({ _tag: "Received", now: 0, message: outside(method), source: peerOf(PEER) });
      expect(responses(out.sent).map((r) => r.status)).toStrictEqual([200]);
    }
  });

  it("RFC3261-11.2-7: the 200 to an OPTIONS accepting application/sdp carries the UA's media capabilities as SDP", () => {
    const out = driver().feed({ _tag: "Received", now: 0, message: outside(Methods.OPTIONS, [{ name: "Accept", value: "application/sdp" }]), source: peerOf(PEER) });
    const ok = responses(out.sent)[0];
    expect(ok === undefined ? [] : headerValues("Content-Type")(ok)).toStrictEqual(["application/sdp"]);
    expect(bodyText(ok)).toContain(`m=audio ${String(audio.media[0]?.port)} RTP/AVP`);
  });

  it("RFC3261-12.1.1-5: the 200's Contact is the UA's configured address, the one an OPTIONS outside any dialog is answered with too", () => {
    const { final } = ringThenAnswer(incomingInvite());
    const contact = final?.core.contact[0];
    expect(contact?._tag === "NameAddr" ? printUri(contact.uri) : undefined).toBe(printUri(uaConfig("alice", "10.0.0.1").contact));
  });
});

describe("RFC 3261 §9.2, §13.3.1.3 and §14.2 the UAS ending an INVITE", () => {
  it("RFC3261-9.2-3: the 200 to a CANCEL carries the To tag of the 487 to the INVITE it cancelled", () => {
    const a = driver();
    const invite = incomingInvite();
    const call = callOf(a.feed({ _tag: "Received", now: 0, message: invite, source: peerOf(PEER) }).delivered);
    a.feed({ _tag: "Command", now: 10, command: { _tag: "Ring", call } });
    const cancel = must(buildCancel(invite));
    const out = responses(a.feed({ _tag: "Received", now: 20, message: cancel, source: peerOf(PEER) }).sent);
    expect(out.map((r) => `${String(r.status)}/${r.core.cseq?.method ?? "?"}`)).toStrictEqual(["200/CANCEL", "487/INVITE"]);
    expect(toTag(out[0])).toBe(toTag(out[1]));
    expect(toTag(out[0])).toBeDefined();
  });

  it("RFC3261-13.3.1.3-1, RFC3261-13.3.1.3-2, RFC3261-21.4.24-2: the application's busy verdicts go out as given: 486 Busy Here, 600 Busy Everywhere", () => {
    for (const status of [486, 600]) {
      const a = driver();
      const call = callOf(a.feed({ _tag: "Received", now: 0, message: incomingInvite(), source: peerOf(PEER) }).delivered);
      const out = responses(a.feed({ _tag: "Command", now: 10, command: { _tag: "Reject", call, status } }).sent);
      expect(out.map((r) => `${String(r.status)} ${r.reason}`)).toStrictEqual([status === 486 ? "486 Busy Here" : "600 Busy Everywhere"]);
    }
  });

  it("RFC3261-13.3.1.2-1, RFC3261-21.3.1-2: a 300 or 302 carries the contacts the application gives, each a Contact URI; a 3xx with none is not sent", () => {
    const contacts = [uri("sip:alice@192.0.2.30"), uri("sip:alice@192.0.2.31;transport=tcp")];
    for (const status of [300, 302]) {
      const a = driver();
      const call = callOf(a.feed({ _tag: "Received", now: 0, message: incomingInvite(), source: peerOf(PEER) }).delivered);
      const none = a.feed({ _tag: "Command", now: 10, command: { _tag: "Reject", call, status } });
      expect(none.sent).toStrictEqual([]);
      const out = responses(a.feed({ _tag: "Command", now: 20, command: { _tag: "Reject", call, status, contacts } }).sent);
      expect(out.map((r) => r.status)).toStrictEqual([status]);
      expect(out[0]?.core.contact.map((c) => (c._tag === "NameAddr" ? printUri(c.uri) : "*"))).toStrictEqual(contacts.map(printUri));
    }
  });

  it("RFC3261-21.4.18-2, RFC3261-21.4.18-3, RFC3261-21.4.22-1: the reason phrase of a final failure is the application's when it gives one", () => {
    for (const [status, reason] of [[480, "Temporarily Unavailable (in a meeting until 3pm)"], [488, "Not Acceptable Here (video only)"]] as const) {
      const a = driver();
      const call = callOf(a.feed({ _tag: "Received", now: 0, message: incomingInvite(), source: peerOf(PEER) }).delivered);
      const out = responses(a.feed({ _tag: "Command", now: 10, command: { _tag: "Reject", call, status, reason } }).sent);
      expect(out.map((r) => `${String(r.status)} ${r.reason}`)).toStrictEqual([`${String(status)} ${reason}`]);
    }
  });

  it("RFC3261-13.3.1.3-4: the 488 refusing an offer with no codec in common carries a Warning saying why", () => {
    const a = driver();
    const pcma = offer.replace("RTP/AVP 0\r\na=rtpmap:0 PCMU/8000", "RTP/AVP 8\r\na=rtpmap:8 PCMA/8000");
    const invite = { ...incomingInvite(), body: new TextEncoder().encode(pcma) };
    const call = callOf(a.feed({ _tag: "Received", now: 0, message: must(replaceHeader("Content-Length", [String(invite.body.length)])(invite)), source: peerOf(PEER) }).delivered);
    const refused = responses(a.feed({ _tag: "Command", now: 10, command: { _tag: "Answer", call } }).sent).find((r) => r.status === 488);
    expect(refused === undefined ? [] : headerValues("Warning")(refused)).toStrictEqual(['399 puresip.invalid "the session description offered is not acceptable here"']);
  });

  it("RFC3261-14.2-9, RFC3261-14.2-10: the offer in the 2xx to an offerless INVITE is a new call's: every media format the UA supports", () => {
    const { final } = ringThenAnswer(incomingInvite([], false));
    const text = bodyText(final);
    for (const codec of audio.media[0]?.codecs ?? []) expect(text).toContain(`${codec.encodingName}/${String(codec.clockRate)}`);
    expect(text).toMatch(/^o=\S+ \d+ \d+ IN IP4 /m);
  });
});

describe("RFC 3261 §17.1 non-INVITE requests answered at once", () => {
  it("RFC3261-17.1-1: an OPTIONS and a BYE outside any dialog get their final response in the very step that received them, with no provisional first", () => {
    const a = driver();
    const options = a.feed({ _tag: "Received", now: 0, message: outsideDialog(Methods.OPTIONS, "z9hG4bKnit1"), source: peerOf(PEER) });
    expect(responses(options.sent).map((r) => r.status)).toStrictEqual([200]);
    const bye = a.feed({ _tag: "Received", now: 1, message: outsideDialog(Methods.BYE, "z9hG4bKnit2"), source: peerOf(PEER) });
    expect(responses(bye.sent).map((r) => r.status)).toStrictEqual([481]);
  });

  it("RFC3261-19.1.1-13: components Table 1 disallows (method in the Request-URI, a port, maddr and transport in To) are ignored: the OPTIONS is answered 200", () => {
    const a = driver();
    const request = outsideDialog(Methods.OPTIONS, "z9hG4bKtab1", { requestUri: "sip:alice@10.0.0.1:5060;method=INVITE", to: "sip:alice@example.com:5999;maddr=239.1.1.1;transport=tcp" });
    const out = a.feed({ _tag: "Received", now: 0, message: request, source: peerOf(PEER) });
    expect(responses(out.sent).map((r) => r.status)).toStrictEqual([200]);
    // A headers component in the Request-URI is ignored too (RFC 4475 §3.1.2.11 allows it): 200, not 400.
    const escaped = a.feed({ _tag: "Received", now: 1, message: outsideDialog(Methods.OPTIONS, "z9hG4bKtab2", { requestUri: "sip:alice@10.0.0.1:5060?subject=hi" }), source: peerOf(PEER) });
    expect(responses(escaped.sent).map((r) => r.status)).toStrictEqual([200]);
  });

  it("RFC3261-19.1.1-13: an INVITE whose Request-URI carries escaped headers (RFC 4475 §3.1.2.11 escruri) is processed as if it had none: the call arrives, its Request-URI without them, and no Route is taken from them", () => {
    const a = driver();
    const escaped = { ...incomingInvite(), uri: uri("sip:alice@10.0.0.1:5060?Route=%3Csip:example.com%3E&Subject=hi") };
    const out = a.feed({ _tag: "Received", now: 0, message: escaped, source: peerOf(PEER) });
    expect(responses(out.sent).filter((r) => r.status >= 300)).toStrictEqual([]);
    const incoming = out.delivered.find((e) => e._tag === "IncomingCall");
    const invite = incoming?._tag === "IncomingCall" ? incoming.invite : undefined;
    expect(invite === undefined ? "no call" : printUri(invite.uri)).toBe("sip:alice@10.0.0.1:5060");
    expect(invite === undefined ? ["no call"] : [...headerValues("Route")(invite), ...headerValues("Subject")(invite)]).toStrictEqual([]);
    // Answered, the call's 200 goes back as for any INVITE.
    const call = callOf(out.delivered);
    const answer = a.feed({ _tag: "Command", now: 10, command: { _tag: "Answer", call } });
    expect(responses(answer.sent).map((r) => r.status)).toStrictEqual([200]);
  });

  it("RFC3261-20.2-1, RFC3261-20.3-1: an OPTIONS with neither Accept-Encoding nor Accept-Language is answered 200 with its body in the identity coding (no Content-Encoding) and no language imposed", () => {
    const a = driver();
    const out = a.feed({ _tag: "Received", now: 0, message: outsideDialog(Methods.OPTIONS, "z9hG4bKenc1"), source: peerOf(PEER) });
    const [ok] = responses(out.sent);
    expect(ok?.status).toBe(200);
    // The UA applies no content coding at all (identity) and imposes no language.
    expect(ok === undefined ? ["missing"] : [...headerValues("Content-Encoding")(ok), ...headerValues("Content-Language")(ok)]).toStrictEqual([]);
  });
});

describe("RFC 3261 §20.11 a body without Content-Disposition", () => {
  it("RFC3261-20.11-1: an INVITE's application/sdp body with no Content-Disposition is the session description: the 200 answers it", () => {
    const invite = incomingInvite();
    expect(headerValues("Content-Disposition")(invite)).toStrictEqual([]);
    const { final } = ringThenAnswer(invite);
    expect(bodyText(final)).toMatch(/^v=0\r\n[\s\S]*m=audio /);
  });
});
