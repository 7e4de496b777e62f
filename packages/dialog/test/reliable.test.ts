import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { createResponse, headerValues, setHeader } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import {
  ReliableUasCodec,
  buildPrack,
  createUacDialog,
  mayAnswer,
  rackOf,
  receivePrack,
  receiveReliable,
  reliableDeadline,
  rseqOf,
  sendReliable,
  startReliableUas,
  tickReliable,
  uacSupports100rel,
} from "../src/index.js";
import type { ReliableUas } from "../src/index.js";
import { aliceInvite, bobTag, right, via } from "./session-fixtures.js";

const invite = right(setHeader("Supported", "100rel, timer")(aliceInvite()));
const ringing = right(createResponse(180, { toTag: bobTag, headers: [{ name: "Contact", value: "<sip:bob@192.0.2.4>" }] })(invite));
const progress = right(createResponse(183, { toTag: bobTag, headers: [{ name: "Contact", value: "<sip:bob@192.0.2.4>" }], body: new TextEncoder().encode("v=0\r\n") })(invite));
const send = (r: SipResponse, now: number, s: ReliableUas) => right(sendReliable(r, now)(s));
const prackFor = (r: SipResponse): SipRequest => {
  const dialog = right(createUacDialog(invite, { overTls: false })(r));
  return right(buildPrack(r, { via: via("pc33.atlanta.com", "z9hG4bKprack1") })(dialog))[0];
};

describe("RFC 3262 §3 UAS behavior", () => {
  it("sees 100rel in the INVITE's Supported", () => {
    expect(uacSupports100rel(invite)).toBe(true);
    expect(uacSupports100rel(aliceInvite())).toBe(false);
  });

  it("adds Require: 100rel and RSeq, starting at the value given as data and growing by exactly one", () => {
    const [r1, s1] = send(ringing, 0, startReliableUas(988789, 500));
    expect(headerValues("Require")(r1)).toStrictEqual(["100rel"]);
    expect(rseqOf(r1)).toStrictEqual(O.some(988789));
    const acked = right(receivePrack(prackFor(r1))(s1));
    if (acked._tag !== "Acknowledged") throw new Error("PRACK did not match");
    const [r2] = send(progress, 10, acked.state);
    expect(rseqOf(r2)).toStrictEqual(O.some(988790));
  });

  it("refuses a second reliable provisional response until the first is acknowledged", () => {
    const [, s1] = send(ringing, 0, startReliableUas(1, 500));
    expect(sendReliable(progress, 5)(s1)).toStrictEqual(E.left({ _tag: "Unacknowledged", rseq: 1 }));
  });

  it("retransmits at T1 doubling without the T2 cap, and gives up after 64*T1", () => {
    let [, s] = send(ringing, 0, startReliableUas(1, 500));
    const times: Array<number> = [];
    for (let i = 0; i < 10; i++) {
      const at = O.toUndefined(reliableDeadline(s))!;
      const tick = tickReliable(at)(s);
      if (tick._tag === "GiveUp") {
        times.push(-at);
        break;
      }
      if (tick._tag === "Retransmit") {
        times.push(at);
        s = tick.state;
      }
    }
    expect(times).toStrictEqual([500, 1500, 3500, 7500, 15500, 31500, -32000]);
  });

  it("answers a matching PRACK with 200 and stops retransmitting", () => {
    const [r1, s1] = send(ringing, 0, startReliableUas(7, 500));
    const prack = prackFor(r1);
    expect(rackOf(prack)).toStrictEqual(O.some({ rseq: 7, cseq: 314159, method: "INVITE" }));
    const outcome = right(receivePrack(prack)(s1));
    expect(outcome._tag).toBe("Acknowledged");
    expect(outcome.response.status).toBe(200);
    if (outcome._tag === "Acknowledged") expect(reliableDeadline(outcome.state)).toStrictEqual(O.none);
  });

  it("answers a PRACK that matches no unacknowledged response with 481", () => {
    const [r1, s1] = send(ringing, 0, startReliableUas(7, 500));
    const stale = right(setHeader("RAck", "6 314159 INVITE")(prackFor(r1)));
    expect(right(receivePrack(stale)(s1))).toMatchObject({ _tag: "NoMatch", response: { status: 481 } });
  });

  it("may not send a 2xx while a reliable 1xx with a session description is unacknowledged", () => {
    const [, withSdp] = send(progress, 0, startReliableUas(1, 500));
    const [, withoutSdp] = send(ringing, 0, startReliableUas(1, 500));
    expect(mayAnswer(200, withSdp)).toBe(false);
    expect(mayAnswer(486, withSdp)).toBe(true);
    expect(mayAnswer(200, withoutSdp)).toBe(true);
  });

  it("restores its state from JSON", () => {
    const [, s1] = send(progress, 0, startReliableUas(1, 500));
    expect(ReliableUasCodec.decode(JSON.parse(JSON.stringify(ReliableUasCodec.encode(s1))))).toStrictEqual(E.right(s1));
  });
});

describe("RFC 3262 §4 UAC behavior", () => {
  const [r1] = send(ringing, 0, startReliableUas(5, 500));
  const r2 = right(setHeader("RSeq", "6")(r1));
  const r3 = right(setHeader("RSeq", "8")(r1));

  it("acknowledges the first reliable 1xx and each next one in order", () => {
    expect(receiveReliable(r1)(O.none)).toStrictEqual({ _tag: "Acknowledge", rseq: 5 });
    expect(receiveReliable(r2)(O.some(5))).toStrictEqual({ _tag: "Acknowledge", rseq: 6 });
  });

  it("discards retransmissions and does not PRACK out-of-order responses", () => {
    expect(receiveReliable(r1)(O.some(5))).toStrictEqual({ _tag: "Retransmission" });
    expect(receiveReliable(r3)(O.some(6))).toStrictEqual({ _tag: "OutOfOrder", expected: 7, received: 8 });
    expect(receiveReliable(ringing)(O.none)).toStrictEqual({ _tag: "Unreliable" });
  });

  it("builds the PRACK in the early dialog with RAck and the next CSeq (§7.2)", () => {
    const prack = prackFor(r1);
    expect(prack.method).toBe("PRACK");
    expect(headerValues("RAck")(prack)).toStrictEqual(["5 314159 INVITE"]);
    expect(prack.core.cseq).toStrictEqual({ seq: 314160, method: "PRACK" });
    expect(prack.core.to?.params).toStrictEqual([{ name: "tag", value: "a6c85cf" }]);
  });
});
