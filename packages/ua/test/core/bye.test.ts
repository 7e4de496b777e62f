// RFC 3261 §15 through the UA step: when each side of a call considers its session over. The
// caller's: as soon as its BYE is handed to the client transaction (§15.1.1), long before the
// BYE's response; the callee's: as soon as the BYE arrives (§15.1.2).
import { describe, expect, it } from "vitest";
import { Methods, createRequest, createResponse, tag } from "@puresip/message";
import type { Method, SipRequest } from "@puresip/message";
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
  const ok = must(createResponse(200, { toTag: must(tag("bob1")), headers: [{ name: "Contact", value: `<sip:bob@${BOB}:5060>` }] })(invite));
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
