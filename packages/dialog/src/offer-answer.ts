// The offer/answer state of one session (RFC 3264 §4, RFC 6337, RFC 3261 §13.2.1, RFC 3262 §5,
// RFC 3311 §5) on opaque bodies. The SDP itself is @puresip/sdp's business: this module only
// says, for each message that may carry a session description, whether its body is an offer,
// an answer, a copy of an earlier answer, or not allowed at all, and whose turn it is next.
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import * as t from "io-ts";
import { headerValues } from "@puresip/message";
import type { SipMessage } from "@puresip/message";

/** Which side of the session: this UA, or its peer. */
export type Party = "Local" | "Remote";

/** The message an outstanding offer travelled in, which decides where its answer must go. */
export type Carrier = "INVITE" | "ReliableProvisional" | "InviteSuccess" | "PRACK" | "UPDATE";

/**
 * - `Idle`: no offer outstanding. `established` once an offer has been answered (RFC 3264 §4:
 *   the session exists), so a rejected later offer falls back to the old session.
 * - `AwaitingOffer`: an INVITE went without a body; `offerer` owes the offer in its first
 *   reliable non-failure response (RFC 3261 §13.2.1, RFC 3262 §5).
 * - `OfferPending`: `offerer` made an offer in `carrier` and the other side owes the answer.
 */
export type OfferAnswerState =
  | { readonly _tag: "Idle"; readonly established: boolean }
  | { readonly _tag: "AwaitingOffer"; readonly established: boolean; readonly offerer: Party }
  | { readonly _tag: "OfferPending"; readonly established: boolean; readonly offerer: Party; readonly carrier: Carrier };

/** The offer/answer state of a new session: no offer yet. */
export const initialOfferAnswer: OfferAnswerState = { _tag: "Idle", established: false };

const PartyCodec = t.keyof({ Local: null, Remote: null });
const CarrierCodec = t.keyof({ INVITE: null, ReliableProvisional: null, InviteSuccess: null, PRACK: null, UPDATE: null });
/** io-ts codec for OfferAnswerState. */
export const OfferAnswerStateCodec = t.union(
  [
    t.readonly(t.type({ _tag: t.literal("Idle"), established: t.boolean })),
    t.readonly(t.type({ _tag: t.literal("AwaitingOffer"), established: t.boolean, offerer: PartyCodec })),
    t.readonly(t.type({ _tag: t.literal("OfferPending"), established: t.boolean, offerer: PartyCodec, carrier: CarrierCodec })),
  ],
  "OfferAnswerState",
) satisfies t.Type<OfferAnswerState, unknown>;

/** A message as offer/answer sees it: a request by method, or a response by CSeq method and status. */
export type Exchange =
  | { readonly _tag: "Request"; readonly method: string }
  /** `reliable`: a 101–199 sent reliably (RFC 3262: it carries RSeq). */
  | { readonly _tag: "Response"; readonly method: string; readonly status: number; readonly reliable: boolean };

/** A message body seen by the offer/answer state (RFC 3264, RFC 3261 §13.2.1): who sent it, in which message, and whether that message is reliable. */
export interface BodyEvent {
  /** Sent by this UA (`Local`) or received from the peer (`Remote`). */
  readonly from: Party;
  readonly exchange: Exchange;
  readonly hasBody: boolean;
}

/** What the body of the message is, once accepted. */
export type BodyRole = "Offer" | "Answer" | "Copy" | "Preview" | "None";

/** An offer or answer the rules forbid here (RFC 3261 §13.2.1, RFC 6337 §3): a second offer before the answer, an answer without an offer. */
export type OfferAnswerError =
  /**
   * RFC 3311 §5.2: "if an UPDATE is received that contains an offer, and the UAS has generated
   * an offer ... to which it has not yet received an answer, the UAS MUST reject the UPDATE
   * with a 491 response"; RFC 3261 §14.2 says the same of a re-INVITE.
   */
  | { readonly _tag: "Glare"; readonly status: 491 }
  /**
   * RFC 3311 §5.2: "if ... the UAS has received an offer ... to which it has not yet generated
   * an answer, the UAS MUST reject the UPDATE with a 500 response, and MUST include a
   * Retry-After header field with a randomly chosen value between 0 and 10 seconds."
   */
  | { readonly _tag: "AnswerOwed"; readonly status: 500; readonly retryAfter: true }
  /** The message had to carry the answer (RFC 3261 §13.2.1, RFC 3262 §5, RFC 3311 §5.1) and did not. */
  | { readonly _tag: "AnswerMissing"; readonly carrier: Carrier }
  /** The message had to carry the offer (RFC 3261 §13.2.1: an offerless INVITE's 2xx). */
  | { readonly _tag: "OfferMissing" }
  /** A body where offer/answer allows none (an offer in an ACK, a second offer in a 1xx before PRACK). */
  | { readonly _tag: "BodyNotAllowed"; readonly reason: string };

type Step = E.Either<OfferAnswerError, readonly [OfferAnswerState, BodyRole]>;

const other = (p: Party): Party => (p === "Local" ? "Remote" : "Local");
const stay = (s: OfferAnswerState, role: BodyRole): Step => E.right([s, role]);
const answered: OfferAnswerState = { _tag: "Idle", established: true };
const pending = (s: OfferAnswerState, offerer: Party, carrier: Carrier): OfferAnswerState => ({ _tag: "OfferPending", established: s.established, offerer, carrier });
const rollBack = (s: OfferAnswerState): OfferAnswerState => ({ _tag: "Idle", established: s.established });

/** Who started the exchange in progress: the offerer, or the sender of the offerless INVITE. */
const startedBy = (s: Exclude<OfferAnswerState, { _tag: "Idle" }>): Party => (s._tag === "OfferPending" ? s.offerer : other(s.offerer));

/** A new offer (or offer request) while an exchange is in progress: 491 or 500 (RFC 3311 §5.2, RFC 3261 §14.2). */
const refuse = (s: Exclude<OfferAnswerState, { _tag: "Idle" }>, sender: Party): Step =>
  E.left(startedBy(s) === other(sender) ? { _tag: "Glare", status: 491 } : { _tag: "AnswerOwed", status: 500, retryAfter: true });

/** The answer to an offer in `carrier`, sent by `sender`. */
const answer = (s: OfferAnswerState, sender: Party, carrier: Carrier, hasBody: boolean): Step | undefined => {
  if (s._tag !== "OfferPending" || s.carrier !== carrier || s.offerer === sender) return undefined;
  return hasBody ? stay(answered, "Answer") : E.left({ _tag: "AnswerMissing", carrier });
};

/** An INVITE (initial or re-INVITE): an offer with a body, an offer request without (RFC 3261 §13.2.1, §14.1). */
const invite = (s: OfferAnswerState, e: BodyEvent): Step => {
  if (s._tag !== "Idle") return refuse(s, e.from);
  return e.hasBody ? stay(pending(s, e.from, "INVITE"), "Offer") : stay({ _tag: "AwaitingOffer", established: s.established, offerer: other(e.from) }, "None");
};

/** A response to INVITE, sent by the UAS (`e.from`). */
const inviteResponse = (s: OfferAnswerState, e: BodyEvent, status: number, reliable: boolean): Step => {
  const body: BodyRole = e.hasBody ? "Copy" : "None";
  if (status >= 300) {
    // RFC 3261 §14.1: "If a UA receives a non-2xx final response to a re-INVITE, the session
    // parameters MUST remain unchanged, as if no re-INVITE had been issued."
    const inviteExchange = s._tag === "AwaitingOffer" || (s._tag === "OfferPending" && (s.carrier === "INVITE" || s.carrier === "ReliableProvisional"));
    return stay(inviteExchange ? rollBack(s) : s, "None");
  }
  if (status < 200 && !reliable) return stay(s, e.hasBody ? "Preview" : "None");
  const carrier: Carrier = status < 200 ? "ReliableProvisional" : "InviteSuccess";
  // RFC 3262 §5: "If the INVITE contained an offer, the UAS MAY generate an answer in a reliable provisional response".
  if (s._tag === "OfferPending" && s.carrier === "INVITE" && s.offerer !== e.from) {
    if (e.hasBody) return stay(answered, "Answer");
    // §13.2.1: "If the initial offer is in an INVITE, the answer MUST be in a reliable non-failure message".
    return status < 200 ? stay(s, "None") : E.left({ _tag: "AnswerMissing", carrier: "INVITE" });
  }
  if (s._tag === "AwaitingOffer" && s.offerer === e.from) {
    // §13.2.1: "If the initial offer is not in the INVITE, the offer MUST be in the first reliable non-failure message from UAS".
    if (e.hasBody) return stay(pending(s, e.from, carrier), "Offer");
    return status < 200 ? stay(s, "None") : E.left({ _tag: "OfferMissing" });
  }
  if (s._tag === "OfferPending" && s.carrier === "ReliableProvisional" && s.offerer === e.from) {
    // RFC 3262 §3: with an offer in an unacknowledged reliable 1xx, the UAS "MUST NOT send a final
    // response until those provisional responses are acknowledged", nor a second offer.
    return e.hasBody || status >= 200
      ? E.left({ _tag: "BodyNotAllowed", reason: "the offer in a reliable provisional response is not answered yet (RFC 3262 §3, §5)" })
      : stay(s, "None");
  }
  // RFC 6337 §3.1: later reliable responses to the same INVITE repeat the answer already given.
  return stay(s, body);
};

/** UPDATE or PRACK as a request: answers an offer in its carrier, or makes a new offer. */
const offeringRequest = (s: OfferAnswerState, e: BodyEvent, carrier: "PRACK" | "UPDATE"): Step => {
  // RFC 3262 §5: "If the UAC receives a reliable provisional response with an offer ..., it MUST generate an answer in the PRACK."
  if (carrier === "PRACK") {
    const a = answer(s, e.from, "ReliableProvisional", e.hasBody);
    if (a !== undefined) return a;
  }
  if (!e.hasBody) return stay(s, "None");
  // RFC 3311 §5.1 / RFC 3262 §5: a body in UPDATE or PRACK with nothing outstanding is a new offer.
  return s._tag === "Idle" ? stay(pending(s, e.from, carrier), "Offer") : refuse(s, e.from);
};

/** The 2xx or failure of an UPDATE or PRACK. */
const offeringResponse = (s: OfferAnswerState, e: BodyEvent, carrier: "PRACK" | "UPDATE", status: number): Step => {
  if (status < 200) return stay(s, "None");
  if (status >= 300) {
    // RFC 3311 §5.2: a rejected offer leaves the session as it was.
    return stay(s._tag === "OfferPending" && s.carrier === carrier && s.offerer !== e.from ? rollBack(s) : s, "None");
  }
  // RFC 3311 §5.2: "If the UPDATE contained an offer, the 2xx response MUST contain the answer" (and RFC 3262 §5 for PRACK).
  const a = answer(s, e.from, carrier, e.hasBody);
  if (a !== undefined) return a;
  return e.hasBody ? E.left({ _tag: "BodyNotAllowed", reason: `a 2xx to ${carrier} carries a body with no offer to answer` }) : stay(s, "None");
};

/**
 * One message of the session through offer/answer. Right: the new state and what the body was.
 * Left: the message breaks the rules and the state must not change; for a received request
 * the error's `status` is the response to send.
 */
export const stepOfferAnswer = (s: OfferAnswerState, e: BodyEvent): Step => {
  const x = e.exchange;
  if (x._tag === "Request") {
    switch (x.method) {
      case "INVITE":
        return invite(s, e);
      case "ACK": {
        // §13.2.1: "If the initial offer is in the first reliable non-failure message from the UAS back to the UAC, the answer MUST be in the acknowledgement for that message".
        const a = answer(s, e.from, "InviteSuccess", e.hasBody);
        if (a !== undefined) return a;
        return e.hasBody ? E.left({ _tag: "BodyNotAllowed", reason: "an ACK carries an answer only to an offer in the 2xx (RFC 3261 §13.2.1)" }) : stay(s, "None");
      }
      case "PRACK":
        return offeringRequest(s, e, "PRACK");
      case "UPDATE":
        return offeringRequest(s, e, "UPDATE");
      default:
        return stay(s, "None");
    }
  }
  switch (x.method) {
    case "INVITE":
      return inviteResponse(s, e, x.status, x.reliable);
    case "PRACK":
      return offeringResponse(s, e, "PRACK", x.status);
    case "UPDATE":
      return offeringResponse(s, e, "UPDATE", x.status);
    default:
      return stay(s, "None");
  }
};

/** Whose turn it is: the party that owes an answer or an offer, if any. */
export const owes = (s: OfferAnswerState): { readonly party: Party; readonly what: "Answer" | "Offer" } | undefined => {
  switch (s._tag) {
    case "Idle":
      return undefined;
    case "AwaitingOffer":
      return { party: s.offerer, what: "Offer" };
    case "OfferPending":
      return { party: other(s.offerer), what: "Answer" };
    default:
      return absurd(s);
  }
};

/** The exchange of a parsed message: responses by CSeq method; a 1xx is reliable when it carries RSeq (RFC 3262 §7.1). */
export const exchangeOf = (message: SipMessage): Exchange =>
  message._tag === "Request"
    ? { _tag: "Request", method: message.method }
    : {
        _tag: "Response",
        method: message.core.cseq?.method ?? "",
        status: message.status,
        reliable: message.status > 100 && message.status < 200 && headerValues("RSeq")(message).length > 0,
      };

/** `stepOfferAnswer` for a whole message sent (`Local`) or received (`Remote`). */
export const offerAnswerOn =
  (from: Party, message: SipMessage) =>
  (s: OfferAnswerState): Step =>
    stepOfferAnswer(s, { from, exchange: exchangeOf(message), hasBody: message.body.length > 0 });
