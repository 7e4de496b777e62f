import { describe, expect, it } from "vitest";
import { seedFromWords } from "@puresip/kernel";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { Methods, createResponse, headerValues, setHeader } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { InviteSessionCodec, sessionDeadline, startUac } from "../src/index.js";
import type { InviteSession, SessionConfig, SessionNotice } from "../src/index.js";
import { act, aliceContact, aliceInvite, call, config, deliver, deliverAll, drop, label, right, sdp } from "./session-fixtures.js";
import type { Pair } from "./session-fixtures.js";

const reliableConfig: SessionConfig = { ...config, reliableProvisionals: true };
const with100rel = (offer: boolean): SipRequest => right(setHeader("Supported", "100rel")(aliceInvite(offer)));
const aliceOffer = "v=0 alice prack offer\r\n";

/** Alice calls, with `offer` in the INVITE and `aliceOffer` for her PRACK; Bob sends reliable 1xx. */
const start = (offer = true): Pair => {
  const invite = with100rel(offer);
  const pair = call([1, 2], offer, reliableConfig, invite);
  const [alice] = startUac({ now: 0, invite, localContact: aliceContact, seed: seedFromWords([1]), config, prackOffer: sdp(aliceOffer) });
  return { ...pair, alice };
};
const wire = (p: Pair) => p.wire.map((w) => label(w.message));
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const oa = (s: InviteSession) => (s._tag === "Ended" ? undefined : s.offerAnswer);
const settled = { _tag: "Idle", established: true };
/** Bob answers Alice's INVITE offer in a reliable 183; Alice's PRACK (with her offer) is on the wire. */
const early = (): Pair => deliver(act(start(), "bob", { _tag: "Respond", now: 0, status: 183, body: sdp("v=0 bob early answer\r\n") }), 10);
const incomingPrack = (notices: ReadonlyArray<SessionNotice>): SipRequest => {
  const n = notices.at(-1);
  if (n?._tag !== "IncomingPrack") throw new Error(`no IncomingPrack: ${JSON.stringify(n)}`);
  return n.request;
};

describe("RFC 3262 §5 offer in a PRACK", () => {
  it("the UAC puts its offer in the PRACK of the 1xx that answered the INVITE", () => {
    const p = early();
    expect(wire(p)).toStrictEqual(["PRACK"]);
    expect(text(p.wire[0]!.message.body)).toBe(aliceOffer);
    expect(headerValues("Content-Type")(p.wire[0]!.message)).toStrictEqual(["application/sdp"]);
    expect(oa(p.alice)).toStrictEqual({ _tag: "OfferPending", established: true, offerer: "Local", carrier: "PRACK" });
    expect(p.alice._tag === "Calling" && p.alice.prackOffer).toBeNull();
  });

  it("the UAS acknowledges the 1xx, asks the application, and its 200 carries the answer without a Contact", () => {
    let p = deliver(early(), 20);
    const prack = incomingPrack(p.notices.bob);
    expect(p.wire).toHaveLength(0);
    expect(sessionDeadline(p.bob)).toStrictEqual(O.none);
    expect(oa(p.bob)).toStrictEqual({ _tag: "OfferPending", established: true, offerer: "Remote", carrier: "PRACK" });
    p = act(p, "bob", { _tag: "RespondTo", now: 30, request: prack, status: 200, body: sdp("v=0 bob prack answer\r\n") });
    expect(wire(p)).toStrictEqual(["200/PRACK"]);
    const ok = p.wire[0]!.message;
    expect(text(ok.body)).toBe("v=0 bob prack answer\r\n");
    expect(headerValues("Contact")(ok)).toStrictEqual([]);
    // The PRACK is answered: answering it again is refused.
    expect(act(p, "bob", { _tag: "RespondTo", now: 35, request: prack, status: 200 }).effects.bob.at(-1)?._tag).toBe("Discarded");
    p = deliver(p, 40);
    expect(p.notices.alice.at(-1)).toStrictEqual({ _tag: "PrackDone", status: 200, response: ok });
    expect([oa(p.alice), oa(p.bob)]).toStrictEqual([settled, settled]);
    p = deliverAll(act(p, "bob", { _tag: "Respond", now: 50, status: 200 }), 60);
    expect([p.alice._tag, p.bob._tag]).toStrictEqual(["Established", "Established"]);
    expect([oa(p.alice), oa(p.bob)]).toStrictEqual([settled, settled]);
  });

  it("the UAS sends no 2xx to the INVITE while the PRACK's offer waits for its answer", () => {
    const p = act(deliver(early(), 20), "bob", { _tag: "Respond", now: 30, status: 200 });
    expect(p.effects.bob.at(-1)?._tag).toBe("Discarded");
    expect(p.bob._tag).toBe("Incoming");
  });

  it("an application's 488 refuses the offer and both sides roll back to the session they had", () => {
    let p = deliver(early(), 20);
    p = act(p, "bob", { _tag: "RespondTo", now: 30, request: incomingPrack(p.notices.bob), status: 488 });
    expect(wire(p)).toStrictEqual(["488/PRACK"]);
    expect(oa(p.bob)).toStrictEqual(settled);
    p = deliver(p, 40);
    expect(p.notices.alice.at(-1)).toMatchObject({ _tag: "PrackDone", status: 488 });
    expect(oa(p.alice)).toStrictEqual(settled);
  });

  it("glare: a PRACK offer that crosses the UAS's early UPDATE offer gets 491, and so does the UPDATE", () => {
    let p = act(early(), "bob", { _tag: "Update", now: 15, body: sdp("v=0 bob update offer\r\n") });
    expect(wire(p)).toStrictEqual(["PRACK", "UPDATE"]);
    p = deliver(p, 20);
    expect(wire(p)).toStrictEqual(["UPDATE", "491/PRACK"]);
    // The PRACK matched: the 183 is acknowledged even though its offer was refused.
    expect(sessionDeadline(p.bob)).toStrictEqual(O.none);
    p = deliver(p, 25);
    expect(wire(p)).toStrictEqual(["491/PRACK", "491/UPDATE"]);
    p = deliver(deliver(p, 30), 30);
    expect(p.notices.alice.at(-1)).toMatchObject({ _tag: "PrackDone", status: 491 });
    expect(p.notices.bob.at(-1)).toStrictEqual({ _tag: "UpdateDone", status: 491 });
    expect([oa(p.alice), oa(p.bob)]).toStrictEqual([settled, settled]);
  });

  it("a 2xx to the PRACK without the answer is a ProtocolError for the UAC", () => {
    const p = early();
    const prack = p.wire[0]!.message;
    if (prack._tag !== "Request") throw new Error("not a PRACK");
    const bare = right(createResponse(200)(prack));
    const after = act(drop(p), "alice", { _tag: "Received", now: 20, message: bare });
    expect(after.notices.alice.map((n) => n._tag).slice(-2)).toStrictEqual(["ProtocolError", "PrackDone"]);
  });

  it("a PRACK that times out voids its offer", () => {
    const p = act(drop(early()), "alice", { _tag: "Timeout", now: 32000, method: Methods.PRACK });
    expect(p.notices.alice.at(-1)).toStrictEqual({ _tag: "PrackDone", status: 408, response: null });
    expect(oa(p.alice)).toStrictEqual(settled);
  });

  it("the offer waits while a PRACK must carry an answer (offerless INVITE), then goes with the next reliable 1xx", () => {
    let p = deliver(act(start(false), "bob", { _tag: "Respond", now: 0, status: 183, body: sdp("v=0 bob offer\r\n") }), 10);
    p = act(p, "alice", { _tag: "Respond", now: 20, status: 200, body: sdp("v=0 alice answer\r\n") });
    expect(wire(p)).toStrictEqual(["PRACK"]);
    expect(text(p.wire[0]!.message.body)).toBe("v=0 alice answer\r\n");
    expect(p.alice._tag === "Calling" && p.alice.prackOffer !== null).toBe(true);
    p = deliver(deliver(p, 30), 40);
    p = deliver(act(p, "bob", { _tag: "Respond", now: 50, status: 180 }), 60);
    expect(wire(p)).toStrictEqual(["PRACK"]);
    expect(text(p.wire[0]!.message.body)).toBe(aliceOffer);
    p = deliver(p, 70);
    expect(p.notices.bob.at(-1)?._tag).toBe("IncomingPrack");
  });

  it("a Calling state with a PRACK offer out survives the codec", () => {
    const s = early().alice;
    const back = InviteSessionCodec.decode(JSON.parse(JSON.stringify(InviteSessionCodec.encode(s))));
    expect(E.isRight(back) && back.right).toStrictEqual(s);
    const waiting = start().alice;
    const back2 = InviteSessionCodec.decode(JSON.parse(JSON.stringify(InviteSessionCodec.encode(waiting))));
    expect(E.isRight(back2) && back2.right).toStrictEqual(waiting);
  });
});

describe("RFC 3262 §5 PRACK offer in stored state", () => {
  it("a Calling state stored without prackOffer decodes with none", () => {
    const s = start().alice;
    const json = JSON.parse(JSON.stringify(InviteSessionCodec.encode(s))) as Record<string, unknown>;
    delete json["prackOffer"];
    const back = InviteSessionCodec.decode(json);
    expect(E.isRight(back) && back.right._tag === "Calling" && back.right.prackOffer).toBeNull();
  });
});
