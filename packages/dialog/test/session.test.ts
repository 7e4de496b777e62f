import { describe, expect, it } from "vitest";
import { seedFromWords } from "@puresip/kernel";
import * as O from "fp-ts/lib/Option.js";
import { Methods, addHeader, callId, createRequest, createResponse, printNameAddr, setHeader, tag } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import { buildRequest, sessionDeadline, sessionDialog, startUas, stepSession } from "../src/index.js";
import type { InviteSession } from "../src/index.js";
import { act, aliceInvite, call, config, deliver, deliverAll, drop, label, nameAddr, right, sdp, uri, via } from "./session-fixtures.js";
import type { Pair } from "./session-fixtures.js";

const sentRequests = (pair: Pair, side: "alice" | "bob"): ReadonlyArray<SipRequest> =>
  pair.effects[side].flatMap((e) => (e._tag === "SendRequest" ? [e.request] : []));
const wireLabels = (pair: Pair): ReadonlyArray<string> => pair.wire.map((w) => label(w.message));
const answered = (): Pair => deliverAll(act(call(), "bob", { _tag: "Respond", now: 0, status: 200, body: sdp("v=0 bob\r\n") }), 10);

describe("RFC 3261 §13.2.2.4 UAC: 2xx and its ACK", () => {
  it("ACKs the 2xx with the INVITE's CSeq number and establishes the call", () => {
    const p = answered();
    const ack = sentRequests(p, "alice").find((r) => r.method === "ACK");
    expect(ack?.core.cseq).toStrictEqual({ seq: 314159, method: "ACK" });
    expect(p.alice._tag).toBe("Established");
    expect(p.notices.alice.map((n) => n._tag)).toStrictEqual(["Established"]);
    expect(p.notices.bob.map((n) => n._tag)).toStrictEqual(["Established"]);
  });

  it("sends the same ACK again for each retransmission of the 2xx", () => {
    const p = act(call(), "bob", { _tag: "Respond", now: 0, status: 200, body: sdp("v=0 bob\r\n") });
    const ok = p.wire[0]?.message;
    const once = deliver(p, 10);
    const ack1 = once.wire[0]?.message;
    const twice = act(drop(once), "alice", { _tag: "Received", now: 510, message: ok! });
    expect(twice.wire.map((w) => w.message)).toStrictEqual([ack1]);
  });
});

describe("RFC 3261 §13.2.2.4 the ACK repeats the INVITE's credentials", () => {
  const credentials = [
    { name: "Proxy-Authorization", value: 'Digest username="alice", realm="atlanta.com", nonce="n1", uri="sip:bob@biloxi.com", response="0123456789abcdef0123456789abcdef"' },
    { name: "Authorization", value: 'Digest username="alice", realm="biloxi.com", nonce="n2", uri="sip:bob@biloxi.com", response="fedcba9876543210fedcba9876543210"' },
  ];
  const withCredentials = (offer: boolean): SipRequest => {
    let invite = aliceInvite(offer);
    for (const h of credentials) invite = right(addHeader(h.name, h.value)(invite));
    return invite;
  };
  const fieldsOf = (r: SipRequest | undefined) => (r?.headers ?? []).filter((h) => h.name === "Proxy-Authorization" || h.name === "Authorization");

  it("RFC3261-13.2.2.4-5: the ACK for the 2xx to a credentialed INVITE carries the same Proxy-Authorization and Authorization", () => {
    const p = deliverAll(act(call([1, 2], true, config, withCredentials(true)), "bob", { _tag: "Respond", now: 0, status: 200, body: sdp("v=0 bob\r\n") }), 10);
    expect(fieldsOf(sentRequests(p, "alice").find((r) => r.method === "ACK"))).toStrictEqual(credentials);
  });

  it("RFC3261-8.2.2.3-5: the ACK for a 2xx carries no Require or Proxy-Require value the INVITE did not", () => {
    const invite = right(addHeader("Proxy-Require", "x-proxy-ext")(aliceInvite(true)));
    const p = deliverAll(act(call([1, 2], true, config, invite), "bob", { _tag: "Respond", now: 0, status: 200, body: sdp("v=0 bob\r\n") }), 10);
    const ack = sentRequests(p, "alice").find((r) => r.method === "ACK");
    const valuesOf = (r: SipRequest | undefined) => (r?.headers ?? []).filter((h) => h.name === "Require" || h.name === "Proxy-Require").flatMap((h) => h.value.split(",").map((v) => v.trim()));
    expect(ack).toBeDefined();
    expect(valuesOf(ack).filter((v) => !valuesOf(invite).includes(v))).toStrictEqual([]);
  });

  it("RFC3261-13.2.2.4-5: so does the ACK that carries the answer to an offer in the 2xx", () => {
    let p = deliver(act(call([1, 2], false, config, withCredentials(false)), "bob", { _tag: "Respond", now: 0, status: 200, body: sdp("v=0 bob offer\r\n") }), 10);
    p = act(p, "alice", { _tag: "Respond", now: 20, status: 200, body: sdp("v=0 alice answer\r\n") });
    expect(fieldsOf(sentRequests(p, "alice").find((r) => r.method === "ACK"))).toStrictEqual(credentials);
    // Without credentials in the INVITE, the ACK has none.
    expect(fieldsOf(sentRequests(answered(), "alice").find((r) => r.method === "ACK"))).toStrictEqual([]);
  });
});

describe("RFC 3261 §13.2.1 an INVITE without an offer", () => {
  it("the offer comes in the 2xx and the application's answer goes in the ACK", () => {
    let p = act(call([1, 2], false), "bob", { _tag: "Respond", now: 0, status: 200, body: sdp("v=0 bob offer\r\n") });
    p = deliver(p, 10);
    expect(p.notices.alice.map((n) => n._tag)).toStrictEqual(["AnswerNeeded", "Established"]);
    expect(p.wire).toHaveLength(0);
    p = act(p, "alice", { _tag: "Respond", now: 20, status: 200, body: sdp("v=0 alice answer\r\n") });
    expect(wireLabels(p)).toStrictEqual(["ACK"]);
    expect(new TextDecoder().decode(p.wire[0]!.message.body)).toBe("v=0 alice answer\r\n");
    p = deliverAll(p, 30);
    const oa = (s: InviteSession) => (s._tag === "Established" ? s.offerAnswer : undefined);
    expect([oa(p.alice), oa(p.bob)]).toStrictEqual([{ _tag: "Idle", established: true }, { _tag: "Idle", established: true }]);
    expect(p.notices.bob.map((n) => n._tag)).toStrictEqual(["Established"]);
  });

  it("hanging up before answering still ACKs the 2xx, then sends BYE", () => {
    let p = deliver(act(call([1, 2], false), "bob", { _tag: "Respond", now: 0, status: 200, body: sdp("v=0 bob offer\r\n") }), 10);
    p = act(p, "alice", { _tag: "Hangup", now: 20 });
    expect(wireLabels(p)).toStrictEqual(["ACK", "BYE"]);
  });
});

describe("RFC 3261 §12.1.1 SIPS Contact", () => {
  it("the UAS refuses to answer a SIPS INVITE with a sip Contact, and answers it with a sips one", () => {
    const sipsInvite = right(createRequest({
      method: Methods.INVITE, uri: uri("sips:bob@biloxi.com"), via: via("pc33.atlanta.com", "z9hG4bKsips"),
      to: nameAddr("sips:bob@biloxi.com"), from: nameAddr("sips:alice@atlanta.com", "1928301774"),
      callId: right(callId("sips1@pc33.atlanta.com")), seq: 1, contact: [nameAddr("sips:alice@pc33.atlanta.com")],
    }));
    const start = (contact: string) => startUas({ now: 0, invite: sipsInvite, toTag: right(tag("b1")), localContact: nameAddr(contact), localVia: via("192.0.2.4", "z9hG4bKx"), seed: seedFromWords([1]) })[0];
    const [, refused] = stepSession(start("sip:bob@192.0.2.4"), { _tag: "Respond", now: 1, status: 200, body: sdp("v=0 offer\r\n") });
    expect(refused.map((e) => e._tag)).toStrictEqual(["Discarded"]);
    const [answered] = stepSession(start("sips:bob@192.0.2.4"), { _tag: "Respond", now: 1, status: 200, body: sdp("v=0 offer\r\n") });
    expect(answered._tag).toBe("Established");
  });
});

describe("RFC 3261 §9.1 CANCEL", () => {
  it("waits for a provisional response before sending CANCEL", () => {
    let p = act(call(), "alice", { _tag: "Cancel", now: 5 });
    expect(p.wire).toHaveLength(0);
    p = act(p, "bob", { _tag: "Respond", now: 10, status: 180 });
    p = deliver(p, 20);
    expect(wireLabels(p)).toStrictEqual(["CANCEL"]);
  });

  it("§9.1: a 100 (Trying) is a provisional response: the wanted CANCEL goes on it, and a Cancel after it goes at once", () => {
    const trying = (invite: SipRequest): SipResponse => right(createResponse(100)(invite));
    const invite = (p: Pair): SipRequest => {
      if (p.alice._tag !== "Calling") throw new Error("not calling");
      return p.alice.invite;
    };
    const wanted = act(call(), "alice", { _tag: "Cancel", now: 5 });
    const [, onTrying] = stepSession(wanted.alice, { _tag: "Received", now: 10, message: trying(invite(wanted)) });
    expect(onTrying.flatMap((e) => (e._tag === "SendRequest" ? [e.request.method] : []))).toStrictEqual(["CANCEL"]);
    const start = call();
    const [afterTrying, silent] = stepSession(start.alice, { _tag: "Received", now: 10, message: trying(invite(start)) });
    expect(silent).toStrictEqual([]);
    const [cancelled, sent] = stepSession(afterTrying, { _tag: "Cancel", now: 20 });
    expect(sent.flatMap((e) => (e._tag === "SendRequest" ? [e.request.method] : []))).toStrictEqual(["CANCEL"]);
    // §9.1: and 64*T1 later, with no final response, the session gives up on the INVITE.
    expect(O.isSome(sessionDeadline(cancelled))).toBe(true);
  });

  it("§9.2: the UAS answers the CANCEL with 200 and the INVITE with 487; the UAC ends as cancelled", () => {
    let p = act(call(), "bob", { _tag: "Respond", now: 10, status: 180 });
    p = act(deliver(p, 20), "alice", { _tag: "Cancel", now: 30 });
    p = deliver(p, 40);
    expect(wireLabels(p)).toStrictEqual(["200/CANCEL", "487/INVITE"]);
    p = deliverAll(p, 50);
    expect(p.alice).toStrictEqual({ _tag: "Ended", reason: "Cancelled" });
    expect(p.bob).toStrictEqual({ _tag: "Ended", reason: "Cancelled" });
  });

  it("RFC3261-9.1-9: once the INVITE has its final response, a Cancel sends nothing: not after the 2xx, not after a 486", () => {
    const up = answered();
    expect(up.alice._tag).toBe("Established");
    const [, onUp] = stepSession(up.alice, { _tag: "Cancel", now: 50 });
    expect(onUp.filter((e) => e._tag === "SendRequest")).toStrictEqual([]);
    const busy = deliverAll(act(call(), "bob", { _tag: "Respond", now: 0, status: 486 }), 10);
    const [, onBusy] = stepSession(busy.alice, { _tag: "Cancel", now: 50 });
    expect(onBusy.filter((e) => e._tag === "SendRequest")).toStrictEqual([]);
  });

  it("a 2xx that crosses the CANCEL is ACKed and the call hung up with BYE", () => {
    let p = deliver(act(call(), "bob", { _tag: "Respond", now: 10, status: 180 }), 20);
    p = act(p, "alice", { _tag: "Cancel", now: 30 });
    p = act(drop(p), "bob", { _tag: "Respond", now: 30, status: 200, body: sdp("v=0 bob\r\n") });
    p = deliver(p, 40);
    expect(wireLabels(p)).toStrictEqual(["ACK", "BYE"]);
    expect(p.alice._tag).toBe("Terminating");
  });
});

describe("RFC 3261 §13.2.2.4 / §19.3 forking", () => {
  it("keeps one early dialog per remote tag, confirms the answering one and BYEs a second 2xx", () => {
    let p = act(call(), "bob", { _tag: "Respond", now: 10, status: 180 });
    const ringing = p.wire[0]!.message;
    if (ringing._tag !== "Response") throw new Error("180");
    const retag = <M extends SipResponse>(m: M, tagValue: string): M =>
      right(setHeader("To", printNameAddr({ ...m.core.to!, params: [{ name: "tag", value: tagValue }] }))(m));
    p = deliver(p, 20);
    p = act(p, "alice", { _tag: "Received", now: 25, message: retag(ringing, "fork2") });
    const calling = p.alice;
    expect(calling._tag === "Calling" ? calling.early.map((d) => O.toUndefined(d.id.remoteTag)) : []).toStrictEqual(["a6c85cf", "fork2"]);
    p = act(p, "bob", { _tag: "Respond", now: 30, status: 200, body: sdp("v=0 bob\r\n") });
    const ok = p.wire[0]!.message;
    if (ok._tag !== "Response") throw new Error("200");
    p = deliver(p, 40);
    expect(wireLabels(p)).toStrictEqual(["ACK"]);
    const fork2Ok = retag(ok, "fork2");
    p = act(drop(p), "alice", { _tag: "Received", now: 50, message: fork2Ok });
    expect(wireLabels(p)).toStrictEqual(["ACK", "BYE"]);
    expect(p.wire.map((w) => w.message.core.to?.params)).toStrictEqual([[{ name: "tag", value: "fork2" }], [{ name: "tag", value: "fork2" }]]);
    expect(p.alice._tag).toBe("Established");
  });
});

describe("RFC 3261 §13.3.1.4 UAS: 2xx retransmission until the ACK", () => {
  const okSent = (): Pair => act(call(), "bob", { _tag: "Respond", now: 0, status: 200, body: sdp("v=0 bob\r\n") });

  it("retransmits at T1, doubling up to T2", () => {
    let p = drop(okSent());
    const times: Array<number> = [];
    for (let i = 0; i < 8; i++) {
      const at = O.toUndefined(sessionDeadline(p.bob))!;
      p = act(p, "bob", { _tag: "Tick", now: at });
      if (p.wire.length > 0) times.push(at);
      p = drop(p);
    }
    expect(times).toStrictEqual([500, 1500, 3500, 7500, 11500, 15500, 19500, 23500]);
  });

  it("stops when the ACK arrives, and tells the application the session is up", () => {
    const p = deliverAll(okSent(), 10);
    expect(sessionDeadline(p.bob)).toStrictEqual(O.none);
    expect(p.notices.bob.map((n) => n._tag)).toStrictEqual(["Established"]);
  });

  it("gives up after 64*T1 and ends the session with BYE", () => {
    let p = drop(okSent());
    for (let i = 0; i < 20 && p.bob._tag === "Established"; i++) p = drop(act(p, "bob", { _tag: "Tick", now: O.toUndefined(sessionDeadline(p.bob))! }));
    expect(p.bob._tag).toBe("Terminating");
    expect(sentRequests(p, "bob").map((r) => r.method)).toStrictEqual(["BYE"]);
    const bye = sentRequests(p, "bob")[0]!;
    // The first 2xx, then retransmissions at 0.5, 1.5, 3.5, 7.5, 11.5, ... 31.5 s; the BYE at 32 s.
    expect(p.effects.bob.filter((e) => e._tag === "SendResponse").length).toBe(1 + 10);
    expect(bye.core.to?.params).toStrictEqual([{ name: "tag", value: "1928301774" }]);
  });

  it("§15: a callee that hangs up before the ACK sends its BYE only after the ACK", () => {
    let p = act(okSent(), "bob", { _tag: "Hangup", now: 5 });
    expect(sentRequests(p, "bob")).toHaveLength(0);
    p = deliver(p, 10);
    p = deliver(p, 20);
    expect(sentRequests(p, "bob").map((r) => r.method)).toStrictEqual(["BYE"]);
  });
});

describe("RFC 3261 §15 BYE", () => {
  it("§15.1.2: the UAS of a BYE answers 200 and both sessions end with nothing left", () => {
    let p = act(answered(), "alice", { _tag: "Hangup", now: 100 });
    expect(wireLabels(p)).toStrictEqual(["BYE"]);
    p = deliverAll(p, 110);
    expect(p.alice).toStrictEqual({ _tag: "Ended", reason: "LocalBye" });
    expect(p.bob).toStrictEqual({ _tag: "Ended", reason: "RemoteBye" });
    expect(p.effects.alice.at(-1)).toStrictEqual({ _tag: "Forget" });
    expect(p.effects.bob.at(-1)).toStrictEqual({ _tag: "Forget" });
  });

  it("RFC3261-15.1.1-2: a 481 or 408 to the BYE, or no response at all, ends the session and its dialog", () => {
    for (const status of [481, 408]) {
      const p = act(answered(), "alice", { _tag: "Hangup", now: 100 });
      const bye = p.wire[0]?.message;
      if (bye?._tag !== "Request") throw new Error("BYE");
      const q = act(drop(p), "alice", { _tag: "Received", now: 110, message: right(createResponse(status)(bye)) });
      expect([q.alice, sessionDialog(q.alice), q.effects.alice.at(-1)]).toStrictEqual([{ _tag: "Ended", reason: "LocalBye" }, O.none, { _tag: "Forget" }]);
    }
    const timedOut = act(drop(act(answered(), "alice", { _tag: "Hangup", now: 100 })), "alice", { _tag: "Timeout", now: 32_100, method: Methods.BYE });
    expect([timedOut.alice, timedOut.effects.alice.at(-1)]).toStrictEqual([{ _tag: "Ended", reason: "LocalBye" }, { _tag: "Forget" }]);
  });

  it("§15.1.2: a pending re-INVITE gets 487 when the BYE arrives", () => {
    let p = deliver(act(answered(), "alice", { _tag: "Reinvite", now: 100, body: sdp("v=0 alice2\r\n") }), 110);
    expect(p.bob._tag === "Established" && p.bob.pending._tag).toBe("Receiving");
    p = deliver(act(p, "alice", { _tag: "Hangup", now: 120 }), 130);
    expect(wireLabels(p)).toStrictEqual(["200/BYE", "487/INVITE"]);
    expect(p.bob).toStrictEqual({ _tag: "Ended", reason: "RemoteBye" });
  });

  it("§15.1.2: a BYE from the caller on an early dialog gets 200 and the INVITE 487", () => {
    let p = deliver(act(call(), "bob", { _tag: "Respond", now: 0, status: 180 }), 10);
    const calling = p.alice;
    if (calling._tag !== "Calling") throw new Error("calling");
    const [bye] = right(buildRequest({ method: Methods.BYE, via: via("pc33.atlanta.com", "z9hG4bKearlybye"), initialSeq: 1 })(calling.early[0]!));
    p = act(p, "bob", { _tag: "Received", now: 20, message: bye });
    expect(wireLabels(p)).toStrictEqual(["200/BYE", "487/INVITE"]);
    expect(p.bob).toStrictEqual({ _tag: "Ended", reason: "RemoteBye" });
  });

  it("the BYE's CSeq is the next local number and the session keeps no deadline once ended", () => {
    const p = act(answered(), "bob", { _tag: "Hangup", now: 100 });
    expect(sentRequests(p, "bob")[0]?.core.cseq?.method).toBe("BYE");
    const ended = deliverAll(p, 110);
    expect(sessionDeadline(ended.bob)).toStrictEqual(O.none);
    expect(sessionDialog(ended.bob)).toStrictEqual(O.none);
  });
});

describe("RFC 3261 §14 re-INVITE", () => {
  it("§14.1: a re-INVITE with a new offer is answered, ACKed and leaves both sides idle", () => {
    let p = act(answered(), "alice", { _tag: "Reinvite", now: 100, body: sdp("v=0 alice hold\r\n") });
    p = deliver(p, 110);
    expect(p.notices.bob.at(-1)?._tag).toBe("IncomingReinvite");
    p = deliverAll(act(p, "bob", { _tag: "Respond", now: 120, status: 200, body: sdp("v=0 bob hold\r\n") }), 130);
    expect(p.notices.alice.at(-1)).toStrictEqual({ _tag: "ReinviteDone", status: 200 });
    const idle = (s: InviteSession) => (s._tag === "Established" ? s.pending._tag : s._tag);
    expect([idle(p.alice), idle(p.bob)]).toStrictEqual(["None", "None"]);
    expect(sentRequests(p, "alice").map((r) => `${r.method} ${r.core.cseq?.seq}`)).toStrictEqual(["ACK 314159", "INVITE 314160", "ACK 314160"]);
  });

  it("§14.2: crossing re-INVITEs both get 491; the Call-ID owner retries after 2.1–4 s, the other after 0–2 s", () => {
    let p = act(answered(), "alice", { _tag: "Reinvite", now: 100, body: sdp("v=0 a\r\n") });
    p = act(p, "bob", { _tag: "Reinvite", now: 100, body: sdp("v=0 b\r\n") });
    p = deliverAll(p, 110);
    const retry = (s: InviteSession) => (s._tag === "Established" && s.pending._tag === "RetryAt" ? s.pending.at - 110 : -1);
    expect(retry(p.alice)).toBeGreaterThanOrEqual(2100);
    expect(retry(p.alice)).toBeLessThanOrEqual(4000);
    expect(retry(p.bob)).toBeGreaterThanOrEqual(0);
    expect(retry(p.bob)).toBeLessThanOrEqual(2000);
    expect(retry(p.alice) % 10).toBe(0);
  });

  it("RFC3261-14.1-11: when the 491 timer fires, the re-INVITE goes once more with the same offer and the next CSeq", () => {
    let p = act(answered(), "alice", { _tag: "Reinvite", now: 100, body: sdp("v=0 a\r\n") });
    p = act(p, "bob", { _tag: "Reinvite", now: 100, body: sdp("v=0 b\r\n") });
    p = deliverAll(p, 110);
    const at = p.alice._tag === "Established" && p.alice.pending._tag === "RetryAt" ? p.alice.pending.at : undefined;
    if (at === undefined) throw new Error("no retry timer");
    const before = sentRequests(p, "alice").filter((r) => r.method === Methods.INVITE);
    expect(sentRequests(act(p, "alice", { _tag: "Tick", now: at - 1 }), "alice").filter((r) => r.method === Methods.INVITE)).toHaveLength(before.length);
    const again = sentRequests(act(p, "alice", { _tag: "Tick", now: at }), "alice").filter((r) => r.method === Methods.INVITE);
    expect(again).toHaveLength(before.length + 1);
    const [first, retry] = [before.at(-1), again.at(-1)];
    expect(new TextDecoder().decode(retry?.body)).toBe("v=0 a\r\n");
    expect(retry?.core.cseq?.seq).toBe((first?.core.cseq?.seq ?? 0) + 1);
  });

  it("§14.2 / RFC 3311 §5.2: a re-INVITE while our 2xx with an offer waits for its ACK gets 491, not 500", () => {
    // Alice re-INVITEs without an offer; Bob's 2xx carries his offer (§13.2.1) and waits for the ACK with her answer.
    let p = deliver(act(answered(), "alice", { _tag: "Reinvite", now: 100 }), 110);
    p = drop(act(p, "bob", { _tag: "Respond", now: 120, status: 200, body: sdp("v=0 bob offer\r\n") }));
    expect(p.bob._tag === "Established" && [p.bob.pending._tag, p.bob.offerAnswer]).toStrictEqual(["AwaitingAck", { _tag: "OfferPending", established: true, offerer: "Local", carrier: "InviteSuccess" }]);
    const alice = p.alice;
    if (alice._tag !== "Established") throw new Error("alice");
    for (const body of [undefined, new TextEncoder().encode("v=0 crossing\r\n")]) {
      const [crossing] = right(buildRequest({ method: Methods.INVITE, via: via("pc33.atlanta.com", "z9hG4bKcross"), initialSeq: 1, contact: [nameAddr("sip:alice@pc33.atlanta.com")], ...(body === undefined ? {} : { headers: [{ name: "Content-Type", value: "application/sdp" }], body }) })(alice.dialog));
      const q = act(p, "bob", { _tag: "Received", now: 130, message: crossing });
      expect(wireLabels(q)).toStrictEqual(["491/INVITE"]);
      expect(q.bob._tag === "Established" && q.bob.pending._tag).toBe("AwaitingAck");
    }
  });

  it("§14.2: a re-INVITE while our 2xx with an answer waits for its ACK still gets 500 with Retry-After", () => {
    let p = deliver(act(answered(), "alice", { _tag: "Reinvite", now: 100, body: sdp("v=0 alice offer\r\n") }), 110);
    p = drop(act(p, "bob", { _tag: "Respond", now: 120, status: 200, body: sdp("v=0 bob answer\r\n") }));
    const alice = p.alice;
    if (alice._tag !== "Established") throw new Error("alice");
    const [crossing] = right(buildRequest({ method: Methods.INVITE, via: via("pc33.atlanta.com", "z9hG4bKcross2"), initialSeq: 1, contact: [nameAddr("sip:alice@pc33.atlanta.com")] })(alice.dialog));
    const q = act(p, "bob", { _tag: "Received", now: 130, message: crossing });
    expect(wireLabels(q)).toStrictEqual(["500/INVITE"]);
    expect(q.wire[0]?.message.headers.some((h) => h.name === "Retry-After")).toBe(true);
  });

  it("§14.1: a UA does not start a re-INVITE while one is in progress", () => {
    const p = act(act(answered(), "alice", { _tag: "Reinvite", now: 100 }), "alice", { _tag: "Reinvite", now: 101 });
    expect(p.effects.alice.at(-1)?._tag).toBe("Discarded");
  });

  it("RFC3261-14.1-6: nor while the peer's re-INVITE waits for our final response", () => {
    const p = deliver(act(answered(), "bob", { _tag: "Reinvite", now: 100, body: sdp("v=0 bob2\r\n") }), 110);
    expect(p.alice._tag === "Established" && p.alice.pending._tag).toBe("Receiving");
    const q = act(p, "alice", { _tag: "Reinvite", now: 120, body: sdp("v=0 alice2\r\n") });
    expect(q.effects.alice.at(-1)?._tag).toBe("Discarded");
    expect(sentRequests(q, "alice").filter((r) => r.method === "INVITE")).toStrictEqual([]);
  });

  it("RFC3261-12.2.1.2-3 (as RFC 5057 §5.2 reads it): no response at all to a request in the dialog (an INFO) terminates the dialog by sending a BYE", () => {
    const p = act(answered(), "alice", { _tag: "Timeout", now: 32_000, method: Methods.INFO });
    expect(p.alice._tag).toBe("Terminating");
    expect(sentRequests(p, "alice").at(-1)?.method).toBe(Methods.BYE);
    // The re-INVITE's own timeout also tells the application 408 before the BYE.
    const q = act(drop(act(answered(), "alice", { _tag: "Reinvite", now: 100, body: sdp("v=0 a\r\n") })), "alice", { _tag: "Timeout", now: 32_100, method: Methods.INVITE });
    expect(q.effects.alice.flatMap((e) => (e._tag === "Notify" ? [e.notice._tag] : [])).at(-1)).toBe("ReinviteDone");
    expect(q.alice._tag).toBe("Terminating");
    expect(sentRequests(q, "alice").at(-1)?.method).toBe(Methods.BYE);
  });

  it("§12.2.1.2: a 481 to the re-INVITE ends the dialog", () => {
    let p = act(answered(), "alice", { _tag: "Reinvite", now: 100, body: sdp("v=0 a\r\n") });
    const reinvite = p.wire[0]!.message;
    if (reinvite._tag !== "Request") throw new Error("INVITE");
    p = act(drop(p), "alice", { _tag: "Received", now: 110, message: right(createResponse(481)(reinvite)) });
    expect(p.alice).toStrictEqual({ _tag: "Ended", reason: "DialogGone" });
  });
});

describe("the reducer contract", () => {
  it("an event in the wrong state changes nothing and says why", () => {
    const before = call().alice;
    const [s, effects] = stepSession(before, { _tag: "Reinvite", now: 1 });
    expect(s).toBe(before);
    expect(effects.map((e) => e._tag)).toStrictEqual(["Discarded"]);
  });
  it("a late Tick is harmless", () => {
    const p = answered();
    expect(stepSession(p.alice, { _tag: "Tick", now: 1e9 })).toStrictEqual([p.alice, []]);
  });
});
