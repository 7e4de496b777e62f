// RFC 3261 §12.2.1.2, §14 and §15 through the UA step, on a confirmed call: when each side
// considers its session over (the caller's as soon as its BYE is handed to the client
// transaction, §15.1.1, long before the BYE's response; the callee's as soon as the BYE
// arrives, §15.1.2), and what the caller's other requests in the dialog do.
import { describe, expect, it } from "vitest";
import { Methods, createRequest, createResponse, headerValues, replaceHeader, tag } from "@puresip/message";
import type { Method, SipRequest, SipResponse } from "@puresip/message";
import * as O from "fp-ts/lib/Option.js";
import { nextDeadline } from "../../src/index.js";
import type { AppEvent } from "../../src/index.js";
import { peerOf, uri } from "./harness.js";
import { driver, label, must } from "./step-driver.js";

const BOB = "192.0.2.77";
const T1 = 500;

/** Alice's call to Bob, answered 200 at 10 ms and ACKed: the driver, the INVITE and the call key. */
const established = () => {
  const a = driver();
  const made = a.feed({ _tag: "Command", now: 0, command: { _tag: "MakeCall", to: uri(`sip:bob@${BOB}`) } });
  const invite = made.sent.find((m): m is SipRequest => m._tag === "Request" && m.method === Methods.INVITE)!;
  const created = made.delivered.find((e) => e._tag === "CallCreated");
  if (created?._tag !== "CallCreated") throw new Error("no CallCreated");
  const answer = `v=0\r\no=bob 7 1 IN IP4 ${BOB}\r\ns=-\r\nc=IN IP4 ${BOB}\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n`;
  const ok = must(createResponse(200, { toTag: must(tag("bob1")), headers: [{ name: "Contact", value: `<sip:bob@${BOB}:5060>` }, { name: "Content-Type", value: "application/sdp" }], body: new TextEncoder().encode(answer) })(invite));
  const answered = a.feed({ _tag: "Received", now: 10, message: ok, source: peerOf(BOB) });
  expect(answered.sent.map(label)).toStrictEqual(["ACK"]);
  return { a, invite, call: created.call };
};

const ends = (events: ReadonlyArray<AppEvent>): ReadonlyArray<AppEvent> => events.filter((e) => e._tag === "SessionTerminated" || e._tag === "CallEnded");

/** A request Bob sends in the dialog (§12.2.1.1): his tag in From, Alice's in To. */
const fromBob = (invite: SipRequest, method: Method, seq: number): SipRequest =>
  must(
    createRequest({
      method,
      uri: uri("sip:alice@10.0.0.1:5060"),
      via: { protocolName: "SIP", protocolVersion: "2.0", transport: "UDP", host: { _tag: "IPv4", value: BOB }, port: 5060, params: [{ name: "branch", value: `z9hG4bKbob${method}${String(seq)}` }] },
      to: invite.core.from!,
      from: { ...invite.core.to!, params: [{ name: "tag", value: "bob1" }] },
      callId: invite.core.callId!,
      seq,
    }),
  );

describe("RFC 3261 §15.1.1 the caller's BYE ends its session at once", () => {
  it("RFC3261-15.1.1-1: the step that hands the BYE to its client transaction tells the application the session is terminated; CallEnded waits for the BYE's 200", () => {
    const { a, call } = established();
    const hangup = a.feed({ _tag: "Command", now: 1000, command: { _tag: "Hangup", call } });
    expect(hangup.sent.map(label)).toStrictEqual(["BYE"]);
    expect(ends(hangup.delivered)).toStrictEqual([{ _tag: "SessionTerminated", call }]);
    const bye = hangup.sent[0] as SipRequest;
    const done = a.feed({ _tag: "Received", now: 1050, message: must(createResponse(200)(bye)), source: peerOf(BOB) });
    expect(ends(done.delivered)).toStrictEqual([{ _tag: "CallEnded", call, reason: "LocalBye" }]);
  });

  it("RFC3261-15.1.1-1: a BYE that is never answered: terminated when sent, CallEnded LocalBye once its transaction times out (64*T1), said once each", () => {
    const { a, call } = established();
    const delivered: Array<AppEvent> = [...a.feed({ _tag: "Command", now: 1000, command: { _tag: "Hangup", call } }).delivered];
    expect(ends(delivered)).toStrictEqual([{ _tag: "SessionTerminated", call }]);
    for (let t = 1000; t <= 1000 + 64 * T1 + 1000; t += 250) {
      const due = [...a.store].filter(([, entry]) => O.exists((d: number) => d <= t)(nextDeadline(entry))).map(([key]) => key);
      for (const key of due) delivered.push(...a.feed({ _tag: "Tick", now: t, key }).delivered);
    }
    expect(ends(delivered)).toStrictEqual([
      { _tag: "SessionTerminated", call },
      { _tag: "CallEnded", call, reason: "LocalBye" },
    ]);
    expect(a.store.has(call)).toBe(false);
  });

  it("RFC3261-15.1.1-1: after its BYE the caller no longer takes part in the session: Bob's re-INVITE gets 481, no media event", () => {
    const { a, invite, call } = established();
    a.feed({ _tag: "Command", now: 1000, command: { _tag: "Hangup", call } });
    const reinvite = a.feed({ _tag: "Received", now: 1100, message: fromBob(invite, Methods.INVITE, 2), source: peerOf(BOB) });
    expect(reinvite.sent.map(label)).toStrictEqual(["481/INVITE"]);
    expect(reinvite.delivered.filter((e) => e._tag !== "Problem")).toStrictEqual([]);
  });
});

describe("RFC 3261 §15 and §15.1.2 the callee's session ends when the BYE arrives", () => {
  it("RFC3261-15-1, RFC3261-15.1.2-3: Bob's BYE is answered 200 and, in the same step, the session is over: CallEnded RemoteBye and the call leaves the registry", () => {
    const { a, invite, call } = established();
    const onBye = a.feed({ _tag: "Received", now: 1000, message: fromBob(invite, Methods.BYE, 2), source: peerOf(BOB) });
    expect(onBye.sent.map(label)).toStrictEqual(["200/BYE"]);
    expect(ends(onBye.delivered)).toStrictEqual([{ _tag: "CallEnded", call, reason: "RemoteBye" }]);
    expect(a.store.has(call)).toBe(false);
  });
});

describe("RFC 3261 §12.2.1.2 and §14 requests in the caller's dialog", () => {
  it("RFC3261-12.2.1.2-3: an INFO in the dialog that gets no response at all ends the dialog: a BYE (RFC 5057 §5.2), the session over at once, CallEnded when the BYE's transaction ends", () => {
    const { a, call } = established();
    const info = a.feed({ _tag: "Command", now: 1000, command: { _tag: "SendInDialog", call, method: Methods.INFO } });
    expect(info.sent.map(label)).toStrictEqual(["INFO"]);
    const delivered: Array<AppEvent> = [];
    const sent: Array<string> = [];
    for (let t = 1000; t <= 1000 + 2 * 64 * T1 + 2000; t += 250) {
      const due = [...a.store].filter(([, entry]) => O.exists((d: number) => d <= t)(nextDeadline(entry))).map(([key]) => key);
      for (const key of due) {
        const out = a.feed({ _tag: "Tick", now: t, key });
        delivered.push(...out.delivered);
        sent.push(...out.sent.map(label));
      }
    }
    expect(sent.filter((m) => m === "BYE").length).toBeGreaterThan(0);
    expect(delivered.filter((e) => e._tag === "InDialogDone" || e._tag === "SessionTerminated" || e._tag === "CallEnded")).toStrictEqual([
      { _tag: "InDialogDone", call, method: Methods.INFO, status: 408 },
      { _tag: "SessionTerminated", call },
      { _tag: "CallEnded", call, reason: "LocalBye" },
    ]);
    expect(a.store.has(call)).toBe(false);
  });

  it("RFC3261-14.1-2: the hold re-INVITE's offer says its session description changed: same o= sess-id, version one higher", () => {
    const { a, invite, call } = established();
    const origin = (body: Uint8Array | undefined): ReadonlyArray<string> => (new TextDecoder().decode(body).split("\r\n").find((l) => l.startsWith("o=")) ?? "").split(" ");
    const hold = a.feed({ _tag: "Command", now: 1000, command: { _tag: "Hold", call } });
    const reinvite = hold.sent.find((m): m is SipRequest => m._tag === "Request" && m.method === Methods.INVITE);
    const [, sessionId, version] = origin(invite.body);
    expect(origin(reinvite?.body).slice(1, 3)).toStrictEqual([sessionId, String(Number(version) + 1)]);
  });

  it("RFC3261-14.2-5: a re-INVITE offering only a codec the UA lacks is refused by the UA with 488 and a Warning; the call stays up", () => {
    const { a, invite, call } = established();
    const pcma = `v=0\r\no=bob 1 2 IN IP4 ${BOB}\r\ns=-\r\nc=IN IP4 ${BOB}\r\nt=0 0\r\nm=audio 49170 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n`;
    const reinvite = must(replaceHeader("Content-Type", ["application/sdp"])({ ...fromBob(invite, Methods.INVITE, 2), body: new TextEncoder().encode(pcma) }));
    const sized = must(replaceHeader("Content-Length", [String(reinvite.body.length)])(reinvite));
    const out = a.feed({ _tag: "Received", now: 1000, message: sized, source: peerOf(BOB) });
    expect(out.sent.map(label)).toStrictEqual(["488/INVITE"]);
    const refused = out.sent.find((m): m is SipResponse => m._tag === "Response" && m.status === 488);
    expect(refused === undefined ? [] : headerValues("Warning")(refused)).toStrictEqual(['399 puresip.invalid "the session description offered is not acceptable here"']);
    // The session goes on as it was: the ACK for the 488 is the transaction's, and a BYE still ends the call.
    expect(a.feed({ _tag: "Command", now: 1100, command: { _tag: "Hangup", call } }).sent.map(label)).toStrictEqual(["BYE"]);
  });
});
