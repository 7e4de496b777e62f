import { describe, expect, it } from "vitest";
import * as O from "fp-ts/lib/Option.js";
import { Methods, headerValues, setHeader } from "@puresip/message";
import { buildRequest, sessionDeadline } from "../src/index.js";
import type { InviteSession, SessionConfig } from "../src/index.js";
import { act, aliceInvite, call, config, deliver, drop, label, right, sdp, via } from "./session-fixtures.js";
import type { Pair } from "./session-fixtures.js";

const reliableConfig: SessionConfig = { ...config, reliableProvisionals: true };
const invite100rel = right(setHeader("Supported", "100rel")(aliceInvite()));
const start = (): Pair => call([1, 2], true, reliableConfig, invite100rel);
const wire = (p: Pair) => p.wire.map((w) => label(w.message));

describe("RFC 3262 in the INVITE session", () => {
  it("§3/§4: the UAS sends its 1xx reliably and the UAC PRACKs it with RAck", () => {
    let p = act(start(), "bob", { _tag: "Respond", now: 0, status: 183, body: sdp("v=0 early answer\r\n") });
    expect(wire(p)).toStrictEqual(["183/INVITE"]);
    expect(headerValues("RSeq")(p.wire[0]!.message)).toStrictEqual(["1"]);
    expect(headerValues("Require")(p.wire[0]!.message)).toStrictEqual(["100rel"]);
    p = deliver(p, 10);
    expect(wire(p)).toStrictEqual(["PRACK"]);
    expect(headerValues("RAck")(p.wire[0]!.message)).toStrictEqual(["1 314159 INVITE"]);
    expect(p.wire[0]!.message.core.cseq).toStrictEqual({ seq: 314160, method: "PRACK" });
    p = deliver(p, 20);
    expect(wire(p)).toStrictEqual(["200/PRACK"]);
    expect(sessionDeadline(p.bob)).toStrictEqual(O.none);
  });

  it("§3: no 2xx before the PRACK of a reliable 1xx that carried a session description", () => {
    let p = act(start(), "bob", { _tag: "Respond", now: 0, status: 183, body: sdp("v=0 early answer\r\n") });
    p = act(p, "bob", { _tag: "Respond", now: 5, status: 200, body: sdp("v=0 early answer\r\n") });
    expect(p.effects.bob.at(-1)?._tag).toBe("Discarded");
    p = act(deliver(deliver(p, 10), 20), "bob", { _tag: "Respond", now: 30, status: 200, body: sdp("v=0 early answer\r\n") });
    expect(p.bob._tag).toBe("Established");
  });

  it("§3: retransmits the reliable 1xx until the PRACK; §4: the UAC does not PRACK a retransmission", () => {
    let p = act(start(), "bob", { _tag: "Respond", now: 0, status: 180 });
    const first = p.wire[0]!.message;
    p = deliver(p, 10);
    p = act(drop(p), "bob", { _tag: "Tick", now: 500 });
    expect(wire(p)).toStrictEqual(["180/INVITE"]);
    expect(p.wire[0]!.message).toStrictEqual(first);
    p = deliver(p, 510);
    expect(p.wire).toHaveLength(0);
  });

  it("§3: without a PRACK for 64*T1 the UAS rejects the INVITE with a 5xx", () => {
    let p = drop(act(start(), "bob", { _tag: "Respond", now: 0, status: 180 }));
    for (let i = 0; i < 10 && p.bob._tag === "Incoming"; i++) p = drop(act(p, "bob", { _tag: "Tick", now: O.toUndefined(sessionDeadline(p.bob))! }));
    expect(p.bob).toStrictEqual({ _tag: "Ended", reason: "Rejected" });
    const last = p.effects.bob.filter((e) => e._tag === "SendResponse").at(-1);
    expect(last?._tag === "SendResponse" && last.response.status).toBe(500);
  });

  it("§3: a PRACK that matches nothing gets 481", () => {
    let p = deliver(act(start(), "bob", { _tag: "Respond", now: 0, status: 180 }), 10);
    const prack = p.wire[0]!.message;
    p = deliver(p, 20);
    p = act(drop(p), "bob", { _tag: "Received", now: 30, message: prack });
    expect(wire(p)).toStrictEqual(["481/PRACK"]);
  });

  it("§5: an offer in a reliable 1xx (the INVITE had none) is answered in the PRACK with the application's body", () => {
    const invite = right(setHeader("Supported", "100rel")(aliceInvite(false)));
    let p = act(call([1, 2], false, reliableConfig, invite), "bob", { _tag: "Respond", now: 0, status: 183, body: sdp("v=0 bob offer\r\n") });
    p = deliver(p, 10);
    expect(p.notices.alice.map((n) => n._tag)).toStrictEqual(["Provisional", "AnswerNeeded"]);
    expect(p.wire).toHaveLength(0);
    p = act(p, "alice", { _tag: "Respond", now: 20, status: 200, body: sdp("v=0 alice answer\r\n") });
    expect(wire(p)).toStrictEqual(["PRACK"]);
    expect(new TextDecoder().decode(p.wire[0]!.message.body)).toBe("v=0 alice answer\r\n");
    p = deliver(p, 30);
    expect(wire(p)).toStrictEqual(["200/PRACK"]);
    const oa = (s: { readonly _tag: string; readonly offerAnswer?: unknown }) => s.offerAnswer;
    expect([oa(p.alice), oa(p.bob)]).toStrictEqual([{ _tag: "Idle", established: true }, { _tag: "Idle", established: true }]);
  });

  it("without 100rel from the UAC the 1xx stays unreliable", () => {
    const p = act(call([1, 2], true, reliableConfig), "bob", { _tag: "Respond", now: 0, status: 180 });
    expect(headerValues("RSeq")(p.wire[0]!.message)).toStrictEqual([]);
  });
});

describe("RFC 3311 §5 UPDATE in an early dialog", () => {
  const earlyUp = (): Pair => deliver(deliver(act(start(), "bob", { _tag: "Respond", now: 0, status: 183, body: sdp("v=0 early answer\r\n") }), 10), 20);
  const updateFrom = (p: Pair, side: "alice" | "bob", body: boolean) => {
    const s = p[side];
    const dialog = s._tag === "Calling" ? s.early[0] : s._tag === "Incoming" ? s.early : undefined;
    if (dialog === undefined || dialog === null) throw new Error("no early dialog");
    return right(
      buildRequest({
        method: Methods.UPDATE,
        via: via(side === "alice" ? "pc33.atlanta.com" : "192.0.2.4", `z9hG4bKupd${side}`),
        initialSeq: 900,
        ...(body ? { headers: [{ name: "Content-Type", value: "application/sdp" }], body: new TextEncoder().encode("v=0 early offer\r\n") } : {}),
      })(dialog),
    )[0];
  };

  it("the callee answers an early UPDATE offer from the caller through the application", () => {
    let p = drop(earlyUp());
    const update = updateFrom(p, "alice", true);
    p = act(p, "bob", { _tag: "Received", now: 30, message: update });
    expect(p.notices.bob.at(-1)).toStrictEqual({ _tag: "IncomingUpdate", request: update });
    p = act(p, "bob", { _tag: "RespondTo", now: 40, request: update, status: 200, body: sdp("v=0 early answer 2\r\n") });
    expect(wire(p)).toStrictEqual(["200/UPDATE"]);
    expect(p.bob._tag === "Incoming" && p.bob.offerAnswer).toStrictEqual({ _tag: "Idle", established: true });
  });

  it("the caller answers a bodiless early UPDATE from the callee with 200 at once", () => {
    let p = drop(earlyUp());
    p = act(p, "alice", { _tag: "Received", now: 30, message: updateFrom(p, "bob", false) });
    expect(wire(p)).toStrictEqual(["200/UPDATE"]);
  });

  it("an UPDATE before any early dialog exists gets 481", () => {
    const p = drop(earlyUp());
    const update = updateFrom(p, "alice", false);
    const fresh = act(start(), "bob", { _tag: "Received", now: 5, message: update });
    expect(wire(fresh)).toStrictEqual(["481/UPDATE"]);
  });
});

describe("RFC 3311 §5.1 UPDATE sent in an early dialog", () => {
  const earlyUp = (): Pair => deliver(deliver(act(start(), "bob", { _tag: "Respond", now: 0, status: 183, body: sdp("v=0 early answer\r\n") }), 10), 20);

  it("the caller's early UPDATE offer is answered by the callee and settles both sides", () => {
    let p = drop(earlyUp());
    p = act(p, "alice", { _tag: "Update", now: 30, body: sdp("v=0 alice early offer\r\n") });
    expect(wire(p)).toStrictEqual(["UPDATE"]);
    p = deliver(p, 40);
    const incoming = p.notices.bob.at(-1);
    if (incoming?._tag !== "IncomingUpdate") throw new Error("no IncomingUpdate");
    p = deliver(act(p, "bob", { _tag: "RespondTo", now: 50, request: incoming.request, status: 200, body: sdp("v=0 bob early answer\r\n") }), 60);
    expect(p.notices.alice.at(-1)).toStrictEqual({ _tag: "UpdateDone", status: 200 });
    const oa = (s: InviteSession) => (s._tag === "Ended" ? undefined : s.offerAnswer);
    expect([oa(p.alice), oa(p.bob)]).toStrictEqual([{ _tag: "Idle", established: true }, { _tag: "Idle", established: true }]);
  });

  it("the callee may send an UPDATE in its early dialog too, and not before the first offer is answered", () => {
    const early = act(start(), "bob", { _tag: "Respond", now: 0, status: 180 });
    expect(act(early, "bob", { _tag: "Update", now: 5, body: sdp("v=0 too soon\r\n") }).effects.bob.at(-1)?._tag).toBe("Discarded");
    let p = drop(earlyUp());
    p = deliver(act(p, "bob", { _tag: "Update", now: 30 }), 40);
    expect(wire(p)).toStrictEqual(["200/UPDATE"]);
    p = deliver(p, 50);
    expect(p.notices.bob.at(-1)).toStrictEqual({ _tag: "UpdateDone", status: 200 });
  });
});
