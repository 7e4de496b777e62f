import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { initialOfferAnswer, offerAnswerOn, owes, stepOfferAnswer } from "../src/index.js";
import type { BodyRole, Exchange, OfferAnswerError, OfferAnswerState, Party } from "../src/index.js";
import { ok, response } from "./fixtures.js";

const req = (method: string): Exchange => ({ _tag: "Request", method });
const res = (method: string, status: number, reliable = false): Exchange => ({ _tag: "Response", method, status, reliable });

type Msg = readonly [from: Party, exchange: Exchange, hasBody: boolean];

/** Runs messages through offer/answer from `start`; returns each body's role, or the first error. */
const run = (msgs: ReadonlyArray<Msg>, start: OfferAnswerState = initialOfferAnswer): { roles: ReadonlyArray<BodyRole>; state: OfferAnswerState; error?: OfferAnswerError } => {
  let state = start;
  const roles: Array<BodyRole> = [];
  for (const [from, exchange, hasBody] of msgs) {
    const r = stepOfferAnswer(state, { from, exchange, hasBody });
    if (E.isLeft(r)) return { roles, state, error: r.left };
    [state] = r.right;
    roles.push(r.right[1]);
  }
  return { roles, state };
};

const established: OfferAnswerState = { _tag: "Idle", established: true };

describe("RFC 3261 §13.2.1 offers and answers in INVITE, 2xx and ACK", () => {
  it("an offer in the INVITE is answered in the 2xx", () => {
    const r = run([["Local", req("INVITE"), true], ["Remote", res("INVITE", 180), false], ["Remote", res("INVITE", 200), true], ["Local", req("ACK"), false]]);
    expect(r.roles).toStrictEqual(["Offer", "None", "Answer", "None"]);
    expect(r.state).toStrictEqual(established);
  });

  it("an INVITE without an offer gets the offer in the 2xx and the answer in the ACK", () => {
    const r = run([["Remote", req("INVITE"), false], ["Local", res("INVITE", 200), true], ["Remote", req("ACK"), true]]);
    expect(r.roles).toStrictEqual(["None", "Offer", "Answer"]);
    expect(r.state).toStrictEqual(established);
  });

  it("a 2xx without the answer to the INVITE's offer is an error", () => {
    expect(run([["Local", req("INVITE"), true], ["Remote", res("INVITE", 200), false]]).error).toStrictEqual({ _tag: "AnswerMissing", carrier: "INVITE" });
  });

  it("an offerless INVITE's 2xx without an offer is an error", () => {
    expect(run([["Local", req("INVITE"), false], ["Remote", res("INVITE", 200), false]]).error).toStrictEqual({ _tag: "OfferMissing" });
  });

  it("an ACK without the answer to the 2xx's offer is an error, and an ACK with an unsolicited body too", () => {
    expect(run([["Local", req("INVITE"), false], ["Remote", res("INVITE", 200), true], ["Local", req("ACK"), false]]).error).toStrictEqual({ _tag: "AnswerMissing", carrier: "InviteSuccess" });
    expect(run([["Local", req("ACK"), true]], established).error?._tag).toBe("BodyNotAllowed");
  });

  it("an unreliable 1xx body is only a preview: the offer stays outstanding", () => {
    const r = run([["Local", req("INVITE"), true], ["Remote", res("INVITE", 183), true]]);
    expect(r.roles).toStrictEqual(["Offer", "Preview"]);
    expect(owes(r.state)).toStrictEqual({ party: "Remote", what: "Answer" });
  });
});

describe("RFC 3261 §14.1 / §14.2 re-INVITE", () => {
  it("a failed re-INVITE leaves the session unchanged: the offer is withdrawn", () => {
    const r = run([["Local", req("INVITE"), true], ["Remote", res("INVITE", 488), false]], established);
    expect(r.state).toStrictEqual(established);
  });

  it("a re-INVITE with an offer while our own offer is outstanding is refused with 491", () => {
    expect(run([["Local", req("INVITE"), true], ["Remote", req("INVITE"), true]], established).error).toStrictEqual({ _tag: "Glare", status: 491 });
  });

  it("a second re-INVITE while we still owe an answer is refused with 500 and Retry-After", () => {
    expect(run([["Remote", req("INVITE"), true], ["Remote", req("INVITE"), true]], established).error).toStrictEqual({ _tag: "AnswerOwed", status: 500, retryAfter: true });
  });
});

describe("RFC 3262 §5 offers and answers with reliable provisional responses", () => {
  it("an offer in the INVITE may be answered in a reliable 1xx; the 2xx repeats it", () => {
    const r = run([["Local", req("INVITE"), true], ["Remote", res("INVITE", 183, true), true], ["Local", req("PRACK"), false], ["Remote", res("PRACK", 200), false], ["Remote", res("INVITE", 200), true]]);
    expect(r.roles).toStrictEqual(["Offer", "Answer", "None", "None", "Copy"]);
    expect(r.state).toStrictEqual(established);
  });

  it("an offerless INVITE: the first reliable 1xx carries the offer and the PRACK the answer", () => {
    const r = run([["Remote", req("INVITE"), false], ["Local", res("INVITE", 180, true), true], ["Remote", req("PRACK"), true], ["Local", res("PRACK", 200), false]]);
    expect(r.roles).toStrictEqual(["None", "Offer", "Answer", "None"]);
    expect(r.state).toStrictEqual(established);
  });

  it("a PRACK that must answer the reliable 1xx's offer but has no body is an error", () => {
    expect(run([["Remote", req("INVITE"), false], ["Local", res("INVITE", 180, true), true], ["Remote", req("PRACK"), false]]).error).toStrictEqual({ _tag: "AnswerMissing", carrier: "ReliableProvisional" });
  });

  it("a new offer in the PRACK is answered in the PRACK's 2xx", () => {
    const r = run([["Local", req("INVITE"), true], ["Remote", res("INVITE", 183, true), true], ["Local", req("PRACK"), true], ["Remote", res("PRACK", 200), true]]);
    expect(r.roles).toStrictEqual(["Offer", "Answer", "Offer", "Answer"]);
  });

  it("no second offer in a reliable 1xx, and no 2xx, before the first reliable offer is answered (§3)", () => {
    const first: ReadonlyArray<Msg> = [["Remote", req("INVITE"), false], ["Local", res("INVITE", 180, true), true]];
    expect(run([...first, ["Local", res("INVITE", 183, true), true]]).error?._tag).toBe("BodyNotAllowed");
    expect(run([...first, ["Local", res("INVITE", 200), true]]).error?._tag).toBe("BodyNotAllowed");
  });
});

describe("RFC 3311 §5.2 offers and answers in UPDATE", () => {
  it("an UPDATE with an offer is answered in its 2xx, in an early or confirmed session", () => {
    const early = run([["Local", req("INVITE"), true], ["Remote", res("INVITE", 183, true), true], ["Local", req("UPDATE"), true], ["Remote", res("UPDATE", 200), true]]);
    expect(early.roles).toStrictEqual(["Offer", "Answer", "Offer", "Answer"]);
    expect(run([["Remote", req("UPDATE"), true], ["Local", res("UPDATE", 200), true]], established).state).toStrictEqual(established);
  });

  it("an UPDATE offer while the UAS's own offer is unanswered gets 491", () => {
    expect(run([["Local", req("UPDATE"), true], ["Remote", req("UPDATE"), true]], established).error).toStrictEqual({ _tag: "Glare", status: 491 });
  });

  it("an UPDATE offer while the UAS owes an answer gets 500 with Retry-After", () => {
    expect(run([["Remote", req("INVITE"), true], ["Remote", req("UPDATE"), true]], established).error).toStrictEqual({ _tag: "AnswerOwed", status: 500, retryAfter: true });
  });

  it("a rejected UPDATE withdraws its offer, and a 2xx without the answer is an error", () => {
    expect(run([["Local", req("UPDATE"), true], ["Remote", res("UPDATE", 488), false]], established).state).toStrictEqual(established);
    expect(run([["Local", req("UPDATE"), true], ["Remote", res("UPDATE", 200), false]], established).error).toStrictEqual({ _tag: "AnswerMissing", carrier: "UPDATE" });
  });

  it("an UPDATE without a body is no offer (a session refresh, RFC 4028)", () => {
    expect(run([["Local", req("UPDATE"), false], ["Remote", res("UPDATE", 200), false]], established).roles).toStrictEqual(["None", "None"]);
  });
});

describe("RFC 3264 §4 / RFC 6337 whose turn it is", () => {
  it("says who owes what", () => {
    expect(owes(initialOfferAnswer)).toBeUndefined();
    expect(owes({ _tag: "AwaitingOffer", established: false, offerer: "Remote" })).toStrictEqual({ party: "Remote", what: "Offer" });
    expect(owes({ _tag: "OfferPending", established: false, offerer: "Remote", carrier: "UPDATE" })).toStrictEqual({ party: "Local", what: "Answer" });
  });

  it("reads whole messages: a 1xx with RSeq is reliable, responses go by their CSeq method", () => {
    const reliable = response(
      "SIP/2.0 183 Session Progress",
      "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds",
      "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf",
      "From: Alice <sip:alice@atlanta.com>;tag=1928301774",
      "Call-ID: a84b4c76e66710@pc33.atlanta.com",
      "CSeq: 314159 INVITE",
      "Require: 100rel",
      "RSeq: 1",
      "Content-Type: application/sdp",
      "Content-Length: 4",
      "",
      "v=0",
    );
    const pending: OfferAnswerState = { _tag: "OfferPending", established: false, offerer: "Local", carrier: "INVITE" };
    expect(offerAnswerOn("Remote", reliable)(pending)).toStrictEqual(E.right([established, "Answer"]));
    expect(offerAnswerOn("Remote", ok)(pending)).toStrictEqual(E.left({ _tag: "AnswerMissing", carrier: "INVITE" }));
  });
});
