// RFC 4028 §7.4 with RFC 3311 §4 through the UA step: a UA that is the refresher refreshes
// with UPDATE when the peer's Allow listed UPDATE, otherwise with a re-INVITE without an offer,
// whose 2xx offer the UA core answers in the ACK with its own SDP.
import { describe, expect, it } from "vitest";
import * as O from "fp-ts/lib/Option.js";
import { Methods, callId, createRequest, createResponse, headerValues } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import { defaultSessionConfig } from "@puresip/dialog";
import { nextDeadline } from "../../src/index.js";
import { peerOf, uaConfig, uri } from "./harness.js";
import { driver, label, must } from "./step-driver.js";

const PEER = "192.0.2.77";
const sdp = (version: number) =>
  new TextEncoder().encode(`v=0\r\no=bob 7 ${version} IN IP4 ${PEER}\r\ns=-\r\nc=IN IP4 ${PEER}\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0\r\n`);

const invite = (allow: string | null): SipRequest =>
  must(
    createRequest({
      method: Methods.INVITE,
      uri: uri("sip:alice@10.0.0.1:5060"),
      via: { protocolName: "SIP", protocolVersion: "2.0", transport: "UDP", host: { _tag: "IPv4", value: PEER }, port: 5060, params: [{ name: "branch", value: "z9hG4bKref1" }] },
      to: { _tag: "NameAddr", uri: uri("sip:alice@example.com"), angle: true, params: [] },
      from: { _tag: "NameAddr", uri: uri("sip:bob@example.com"), angle: true, params: [{ name: "tag", value: "b1" }] },
      callId: must(callId("refresh-1")),
      seq: 1,
      contact: [{ _tag: "NameAddr", uri: uri(`sip:bob@${PEER}`), angle: true, params: [] }],
      headers: [...(allow === null ? [] : [{ name: "Allow", value: allow }]), { name: "Content-Type", value: "application/sdp" }],
      body: sdp(1),
    }),
  );

/** Alice's UA answers Bob's INVITE (Bob has no timer support, so Alice refreshes, RFC 4028 §9) and gets the ACK; returns the refresh she sends at half-time. */
const refreshOf = (allow: string | null) => {
  const a = driver(uaConfig("alice", "10.0.0.1", { session: { ...defaultSessionConfig, sessionTimer: { minSE: 90, interval: 90, preferRefresher: "uas" } } }));
  const request = invite(allow);
  const arrived = a.feed({ _tag: "Received", now: 0, message: request, source: peerOf(PEER) });
  const incoming = arrived.delivered.find((e) => e._tag === "IncomingCall");
  if (incoming?._tag !== "IncomingCall") throw new Error("no IncomingCall");
  const answered = a.feed({ _tag: "Command", now: 10, command: { _tag: "Answer", call: incoming.call } });
  const ok = answered.sent.find((m): m is SipResponse => m._tag === "Response" && m.status === 200)!;
  const ack = must(
    createRequest({
      method: Methods.ACK,
      uri: uri("sip:alice@10.0.0.1:5060"),
      via: { protocolName: "SIP", protocolVersion: "2.0", transport: "UDP", host: { _tag: "IPv4", value: PEER }, port: 5060, params: [{ name: "branch", value: "z9hG4bKack1" }] },
      to: ok.core.to!,
      from: request.core.from!,
      callId: request.core.callId!,
      seq: 1,
    }),
  );
  a.feed({ _tag: "Received", now: 20, message: ack, source: peerOf(PEER) });
  const entry = a.store.get(incoming.call)!;
  const at = O.toUndefined(nextDeadline(entry))!;
  const refreshed = a.feed({ _tag: "Tick", now: at, key: incoming.call });
  return { a, at, refreshed };
};

describe("RFC 4028 §7.4 the refresh method, through the UA step", () => {
  it("§7.4 / RFC 3311 §4: the caller's Allow lists UPDATE: the refresh is an UPDATE without a body", () => {
    const { at, refreshed } = refreshOf("INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE");
    expect(at).toBe(10 + 45_000);
    const update = refreshed.sent.find((m) => m._tag === "Request")!;
    expect([label(update), update.body.length]).toStrictEqual(["UPDATE", 0]);
  });

  it("§7.4: no UPDATE in the caller's Allow (or no Allow): a re-INVITE with Session-Expires; the 2xx's offer is answered in the ACK with the UA's SDP", () => {
    for (const allow of ["INVITE, ACK, BYE, CANCEL, OPTIONS", null]) {
      const { a, at, refreshed } = refreshOf(allow);
      const reinvite = refreshed.sent.find((m): m is SipRequest => m._tag === "Request")!;
      expect([label(reinvite), reinvite.body.length]).toStrictEqual(["INVITE", 0]);
      expect(headerValues("Session-Expires")(reinvite)).toStrictEqual(["90;refresher=uac"]);
      const ok = must(createResponse(200, { headers: [{ name: "Contact", value: `<sip:bob@${PEER}>` }, { name: "Content-Type", value: "application/sdp" }], body: sdp(1) })(reinvite));
      const done = a.feed({ _tag: "Received", now: at + 10, message: ok, source: peerOf(PEER) });
      const acked = done.sent.find((m): m is SipRequest => m._tag === "Request" && m.method === Methods.ACK);
      expect(acked?.body.length).toBeGreaterThan(0);
      expect(done.delivered.map((e) => e._tag)).not.toContain("AnswerNeeded");
    }
  });
});
