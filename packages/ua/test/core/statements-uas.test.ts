// UAS rules of RFC 3261 §8.2, §12.1.1 and §13.3.1 through the UA step, each test citing the
// statement it checks by its ID (docs/CONFORMANCE.md).
import { describe, expect, it } from "vitest";
import { defaultSessionConfig } from "@puresip/dialog";
import { Methods, callId, createRequest, headerValues } from "@puresip/message";
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
const outsideDialog = (method: Method, branch: string, more: { readonly requestUri?: string; readonly to?: string; readonly headers?: ReadonlyArray<HeaderField> } = {}): SipRequest =>
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

  it("RFC3261-8.2.4-1, RFC3261-8.2.4-7: a UAS that would send 1xx reliably does not when the INVITE's Supported lacks 100rel", () => {
    const ringing = ringOnce(incomingInvite());
    expect(ringing === undefined ? ["none"] : [...headerValues("Require")(ringing), ...headerValues("RSeq")(ringing)]).toStrictEqual([]);
  });

  it("RFC3261-8.2.4-6: the extension it does apply (100rel, the INVITE supporting it) is listed in Require in the response", () => {
    const ringing = ringOnce(incomingInvite([{ name: "Supported", value: "100rel" }]));
    expect(ringing === undefined ? [] : headerValues("Require")(ringing)).toStrictEqual(["100rel"]);
    expect(ringing === undefined ? [] : headerValues("RSeq")(ringing)).toHaveLength(1);
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
    // The one exception is a headers component in the Request-URI: refused with 400, which RFC 4475 §3.1.2.11 allows.
    const escaped = a.feed({ _tag: "Received", now: 1, message: outsideDialog(Methods.OPTIONS, "z9hG4bKtab2", { requestUri: "sip:alice@10.0.0.1:5060?subject=hi" }), source: peerOf(PEER) });
    expect(responses(escaped.sent).map((r) => r.status)).toStrictEqual([400]);
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
