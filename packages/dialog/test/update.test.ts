import { describe, expect, it } from "vitest";
import * as O from "fp-ts/lib/Option.js";
import { Methods, setHeader } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { buildRequest, sessionDeadline } from "../src/index.js";
import type { InviteSession, SessionConfig } from "../src/index.js";
import { act, aliceInvite, call, config, deliver, deliverAll, drop, label, right, sdp, via } from "./session-fixtures.js";
import type { Pair } from "./session-fixtures.js";

const answered = (bobConfig: SessionConfig = config, invite?: SipRequest): Pair =>
  deliverAll(act(call([1, 2], true, bobConfig, invite), "bob", { _tag: "Respond", now: 0, status: 200, body: sdp("v=0 bob\r\n") }), 10);
const wire = (p: Pair) => p.wire.map((w) => label(w.message));
const oa = (s: InviteSession) => (s._tag === "Established" ? s.offerAnswer : undefined);

describe("RFC 3311 §5 UPDATE in a confirmed dialog", () => {
  it("§5.1/§5.2: an UPDATE offer is answered in its 2xx and both sides settle", () => {
    let p = deliver(act(answered(), "alice", { _tag: "Update", now: 100, body: sdp("v=0 alice2\r\n") }), 110);
    const incoming = p.notices.bob.at(-1);
    expect(incoming?._tag).toBe("IncomingUpdate");
    if (incoming?._tag !== "IncomingUpdate") return;
    p = deliverAll(act(p, "bob", { _tag: "RespondTo", now: 120, request: incoming.request, status: 200, body: sdp("v=0 bob2\r\n") }), 130);
    expect(p.notices.alice.at(-1)).toStrictEqual({ _tag: "UpdateDone", status: 200 });
    expect([oa(p.alice), oa(p.bob)]).toStrictEqual([{ _tag: "Idle", established: true }, { _tag: "Idle", established: true }]);
  });

  it("§5.2: crossing UPDATE offers both get 491", () => {
    let p = act(answered(), "alice", { _tag: "Update", now: 100, body: sdp("v=0 a\r\n") });
    p = act(p, "bob", { _tag: "Update", now: 100, body: sdp("v=0 b\r\n") });
    p = deliver(deliver(p, 110), 110);
    expect(wire(p)).toStrictEqual(["491/UPDATE", "491/UPDATE"]);
    p = deliverAll(p, 120);
    expect([oa(p.alice), oa(p.bob)]).toStrictEqual([{ _tag: "Idle", established: true }, { _tag: "Idle", established: true }]);
  });

  it("§5.2: an UPDATE offer while the UAS owes an answer to a re-INVITE gets 500 with Retry-After 0–10", () => {
    let p = deliver(act(answered(), "alice", { _tag: "Reinvite", now: 100, body: sdp("v=0 a\r\n") }), 110);
    // Bob owes Alice an answer; an UPDATE offer from Alice (a misbehaving peer) arrives anyway.
    const alice = p.alice;
    if (alice._tag !== "Established") throw new Error("alice");
    const [update] = right(buildRequest({ method: Methods.UPDATE, via: via("pc33.atlanta.com", "z9hG4bKupd"), initialSeq: 1, headers: [{ name: "Content-Type", value: "application/sdp" }], body: new TextEncoder().encode("v=0\r\n") })(alice.dialog));
    p = act(drop(p), "bob", { _tag: "Received", now: 120, message: update });
    const refusal = p.wire[0]?.message;
    expect(refusal?._tag === "Response" && refusal.status).toBe(500);
    const retryAfter = Number(refusal?.headers.find((h) => h.name === "Retry-After")?.value);
    expect(retryAfter).toBeGreaterThanOrEqual(0);
    expect(retryAfter).toBeLessThanOrEqual(10);
    // And a UA does not make that mistake itself: its own UPDATE offer is refused locally.
    expect(act(p, "bob", { _tag: "Update", now: 130, body: sdp("v=0 b\r\n") }).effects.bob.at(-1)?._tag).toBe("Discarded");
  });

  it("an UPDATE without a body is answered at once and is a target refresh", () => {
    const p = deliverAll(act(answered(), "bob", { _tag: "Update", now: 100 }), 110);
    expect(p.notices.bob.at(-1)).toStrictEqual({ _tag: "UpdateDone", status: 200 });
    expect(p.notices.alice.some((n) => n._tag === "IncomingUpdate")).toBe(false);
  });
});

describe("RFC 4028 session timers in the INVITE session", () => {
  const timed: SessionConfig = { ...config, sessionTimer: { minSE: 90, interval: 90, preferRefresher: "uas" } };

  it("§9: the UAS puts Session-Expires in its 2xx and refreshes itself when the UAC has no timer support", () => {
    const p = answered(timed);
    const bob = p.bob;
    const alice = p.alice;
    if (bob._tag !== "Established" || alice._tag !== "Established") throw new Error("not up");
    expect(bob.timer).toMatchObject({ interval: 90, localRefresher: true, refreshAt: 45_000 });
    expect(alice.timer).toMatchObject({ interval: 90, localRefresher: false, byeAt: 60_010 });
  });

  it("§10 / §7.4: the refresher sends an UPDATE at half-time (the INVITE's Allow lists UPDATE), which restarts both timers", () => {
    let p = answered(timed);
    p = act(p, "bob", { _tag: "Tick", now: 45_000 });
    expect(wire(p)).toStrictEqual(["UPDATE"]);
    p = deliverAll(p, 45_010);
    expect(O.toUndefined(sessionDeadline(p.bob))).toBe(90_010);
    expect(O.toUndefined(sessionDeadline(p.alice))).toBe(105_010);
  });

  it("§7.4 / RFC 3311 §4: without UPDATE in the peer's Allow the refresher re-INVITEs, with Session-Expires and no offer; the offer in the 2xx is answered in the ACK", () => {
    let p = answered(timed, aliceInvite(true, null));
    p = act(p, "bob", { _tag: "Tick", now: 45_000 });
    expect(wire(p)).toStrictEqual(["INVITE"]);
    const refresh = p.wire[0]!.message;
    expect(refresh.headers.find((h) => h.name === "Session-Expires")?.value).toBe("90;refresher=uac");
    expect(refresh.body.length).toBe(0);
    p = deliver(p, 45_010);
    expect(p.notices.alice.at(-1)?._tag).toBe("IncomingReinvite");
    p = deliver(act(p, "alice", { _tag: "Respond", now: 45_020, status: 200, body: sdp("v=0 alice same\r\n") }), 45_030);
    expect(p.notices.bob.slice(-2).map((n) => n._tag)).toStrictEqual(["AnswerNeeded", "ReinviteDone"]);
    p = act(p, "bob", { _tag: "Respond", now: 45_040, status: 200, body: sdp("v=0 bob same\r\n") });
    expect(wire(p)).toStrictEqual(["ACK"]);
    expect(p.wire[0]!.message.body.length).toBeGreaterThan(0);
    p = deliverAll(p, 45_050);
    expect([oa(p.alice), oa(p.bob)]).toStrictEqual([{ _tag: "Idle", established: true }, { _tag: "Idle", established: true }]);
    // §10: the 2xx to the refresh restarts the refresher's timer.
    expect(O.toUndefined(sessionDeadline(p.bob))).toBe(45_030 + 45_000);
  });

  it("§7.4 / RFC 3311 §4: the UAC refresher uses UPDATE only when the 2xx's Allow lists it", () => {
    const invite = right(setHeader("Session-Expires", "90;refresher=uac")(right(setHeader("Supported", "timer")(aliceInvite()))));
    const withAllow = (allow: string | null): ReadonlyArray<string> => {
      let p = act(call([1, 2], true, timed, invite), "bob", { _tag: "Respond", now: 0, status: 200, body: sdp("v=0 bob\r\n") });
      const ok = p.wire[0]!.message;
      const edited = allow === null ? ok : right(setHeader("Allow", allow)(ok));
      p = act(drop(p), "alice", { _tag: "Received", now: 10, message: edited });
      return wire(act(drop(p), "alice", { _tag: "Tick", now: 45_010 }));
    };
    expect(withAllow("INVITE, ACK, BYE, CANCEL, UPDATE")).toStrictEqual(["UPDATE"]);
    expect(withAllow("INVITE, ACK, BYE, CANCEL")).toStrictEqual(["INVITE"]);
    expect(withAllow(null)).toStrictEqual(["INVITE"]);
  });

  it("§7.4: an Allow learnt later in the dialog counts: a request from the peer listing UPDATE switches the refresh to UPDATE", () => {
    let p = answered(timed, aliceInvite(true, null));
    const alice = p.alice;
    if (alice._tag !== "Established") throw new Error("alice");
    const [info] = right(buildRequest({ method: Methods.INFO, via: via("pc33.atlanta.com", "z9hG4bKinfo"), initialSeq: 1, headers: [{ name: "Allow", value: "INVITE, ACK, BYE, UPDATE" }] })(alice.dialog));
    p = act(p, "bob", { _tag: "Received", now: 100, message: info });
    expect(p.bob._tag === "Established" && p.bob.peerAllowsUpdate).toBe(true);
    p = act(drop(p), "bob", { _tag: "Tick", now: 45_000 });
    expect(wire(p)).toStrictEqual(["UPDATE"]);
  });

  it("§10: the other side BYEs min(32 s, interval/3) before expiry when no refresh came", () => {
    let p = answered(timed);
    p = drop(act(p, "bob", { _tag: "Tick", now: 45_000 }));
    p = act(p, "alice", { _tag: "Tick", now: O.toUndefined(sessionDeadline(p.alice))! });
    expect(p.notices.alice.at(-1)).toStrictEqual({ _tag: "SessionExpired" });
    expect(wire(p)).toStrictEqual(["BYE"]);
  });

  it("§9: a Session-Expires below the UAS's minimum is refused with 422 and Min-SE", () => {
    const invite = right(setHeader("Session-Expires", "100")(right(setHeader("Supported", "timer")(aliceInvite()))));
    const p = call([1, 2], true, { ...config, sessionTimer: { minSE: 1800, interval: 1800, preferRefresher: "uas" } }, invite);
    expect(wire(p)).toStrictEqual(["422/INVITE"]);
    const tooSmall = p.wire[0]?.message;
    expect(tooSmall?.headers.find((h) => h.name === "Min-SE")?.value).toBe("1800");
    expect(p.bob).toStrictEqual({ _tag: "Ended", reason: "Rejected" });
  });

  it("§7.3/§7.4: the UAC core retries a 422 with Session-Expires and Min-SE raised, CSeq one higher", () => {
    const invite = right(setHeader("Session-Expires", "100")(right(setHeader("Supported", "timer")(aliceInvite()))));
    let p = call([1, 2], true, { ...config, sessionTimer: { minSE: 1800, interval: 1800, preferRefresher: "uas" } }, invite);
    p = deliver(p, 10);
    expect(wire(p)).toStrictEqual(["INVITE"]);
    const retry = p.wire[0]!.message;
    expect(retry.core.cseq).toStrictEqual({ seq: 314160, method: "INVITE" });
    expect(retry.headers.find((h) => h.name === "Session-Expires")?.value).toBe("1800");
    expect(retry.headers.find((h) => h.name === "Min-SE")?.value).toBe("1800");
    expect(retry.core.via[0]?.params).not.toStrictEqual(invite.core.via[0]?.params);
    expect(p.alice._tag).toBe("Calling");
  });
});
