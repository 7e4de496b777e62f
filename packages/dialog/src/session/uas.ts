// RFC 3261 §13.3: the UAS core from the INVITE to its final response (reliable 1xx, CANCEL, early BYE).
import type { Seed } from "@puresip/kernel";
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import { Methods, createResponse } from "@puresip/message";
import type { NameAddr, SipRequest, Tag, Uri, Via } from "@puresip/message";
import { createUasDialog } from "../dialog.js";
import { initialOfferAnswer, offerAnswerOn } from "../offer-answer.js";
import { hasOptionTag, mayAnswer, receivePrack, reliableDeadline, sendReliable, startReliableUas, tickReliable, uacSupports100rel } from "../reliable-provisional.js";
import { negotiateUas, startTimer } from "../session-timer.js";
import type { Body, Established, Incoming, ResponseDetails, SessionConfig, SessionEffect, SessionEvent, SessionStep } from "./types.js";
import { answer, awaitAck, common, learnAllow, defaultSessionConfig, discard, ended, isProvisional, isSuccess, notify, sendRequest, sendResponse, trackBody } from "./common.js";
import { earlyUpdate, earlyUpdateAnswer, earlyUpdateResponse, sendEarlyUpdate } from "./early-update.js";
import { prackOfferPending, refusePrack } from "./prack-offer.js";

/** What starts a session as UAS (RFC 3261 §13.3.1): the INVITE received, the To tag and Contact to answer with, and this UA's Via. */
export interface UasStart {
  readonly now: number;
  readonly invite: SipRequest;
  readonly toTag: Tag;
  readonly localContact: NameAddr;
  /** sent-by of this UA, for the requests it sends in the dialog (BYE, re-INVITE). */
  readonly localVia: Via;
  readonly seed: Seed;
  readonly config?: SessionConfig;
  /** RFC 3262 §3: the first RSeq, "chosen uniformly" in 1..2**31-1 by the adapter. */
  readonly initialRSeq?: number;
}

/** §13.3.1: the UAS core has an INVITE; the application answers with `Respond`. */
export const startUas = (start: UasStart): SessionStep => {
  const [oa, problems] = trackBody(initialOfferAnswer, "Remote", start.invite);
  const incoming: Incoming = {
    _tag: "Incoming",
    role: "UAS",
    config: start.config ?? defaultSessionConfig,
    invite: start.invite,
    localContact: start.localContact,
    localVia: start.localVia,
    seed: start.seed,
    offerAnswer: oa,
    toTag: start.toTag,
    early: null,
    reliable: null,
  };
  // RFC 3262 §3: reliable 1xx when the UAC requires 100rel, or supports it and this UA wants it.
  const config = incoming.config;
  const reliable =
    hasOptionTag("Require", "100rel")(start.invite) || (config.reliableProvisionals === true && uacSupports100rel(start.invite))
      ? startReliableUas(start.initialRSeq ?? 1, config.t1)
      : null;
  // RFC 4028 §9: a Session-Expires below the UAS's minimum is refused with 422 and Min-SE.
  const policy = incoming.config.sessionTimer;
  const negotiated = policy === undefined ? undefined : negotiateUas(policy)(start.invite);
  if (negotiated?._tag === "TooSmall") {
    const tooSmall = createResponse(422, { toTag: start.toTag, headers: negotiated.headers })(start.invite);
    return ended("Rejected", E.isRight(tooSmall) ? [sendResponse(start.invite, tooSmall.right)] : []);
  }
  return [{ ...incoming, reliable }, problems];
};

export const incomingUpdate = (s: Incoming, request: SipRequest): SessionStep => {
  const r = earlyUpdate(s, s.early ?? undefined, s.offerAnswer, request);
  if (r._tag === "Refused") return [{ ...s, seed: r.seed }, r.effects];
  return [{ ...s, seed: r.seed, offerAnswer: r.offerAnswer, early: r.dialog }, r.effects];
};

// ---------------------------------------------------------------- UAS: Incoming

/**
 * §12.1.1: "If the request that initiated the dialog contained a SIPS URI in the Request-URI or in
 * the top Record-Route header field value, if there was any, or the Contact header field if there
 * was no Record-Route header field, the Contact header field in the response MUST be a SIPS URI."
 */
const needsSipsContact = (invite: SipRequest): boolean => {
  const isSips = (u: Uri | undefined): boolean => u?._tag === "SipUri" && u.scheme === "sips";
  const contact = invite.core.contact[0];
  const top = invite.core.recordRoute[0];
  return isSips(invite.uri) || (top !== undefined ? isSips(top.uri) : contact?._tag === "NameAddr" && isSips(contact.uri));
};

export const incomingRespond = (s: Incoming, status: number, body: Body | undefined, now: number, given: ResponseDetails = {}): SessionStep => {
  const dialogCreating = status > 100 && status < 300;
  if (dialogCreating && needsSipsContact(s.invite) && !(s.localContact.uri._tag === "SipUri" && s.localContact.uri.scheme === "sips")) {
    return discard(s, "the INVITE came over SIPS: the Contact of a dialog-creating response must be a SIPS URI (§12.1.1)");
  }
  // RFC 4028 §9: the 2xx carries the negotiated Session-Expires (and Require: timer for a UAC refresher).
  const policy = s.config.sessionTimer;
  const negotiated = policy !== undefined && isSuccess(status) ? negotiateUas(policy)(s.invite) : undefined;
  const timerFields = negotiated?._tag === "Accept" ? negotiated.headers : [];
  // RFC 3262 §3: no 2xx while a reliable 1xx with a session description is unacknowledged.
  if (s.reliable !== null && !mayAnswer(status, s.reliable)) return discard(s, "a reliable 1xx with a session description awaits its PRACK (RFC 3262 §3)");
  // §5: the offer in a PRACK is answered in the PRACK's 200 (`RespondTo`), before the INVITE's 2xx.
  if (isSuccess(status) && prackOfferPending(s.offerAnswer, "Remote")) return discard(s, "the offer in the PRACK awaits its answer (RespondTo, RFC 3262 §5)");
  const response = answer(s, s.invite, status, body, s.toTag, [...timerFields, ...(given.headers ?? [])], given.reason);
  if (E.isLeft(response)) return discard(s, response.left);
  let r = response.right;
  let reliable = s.reliable;
  if (reliable !== null && status > 100 && status < 200) {
    const sent = sendReliable(r, now)(reliable);
    if (E.isLeft(sent)) return discard(s, `reliable ${status} refused: ${sent.left._tag} (RFC 3262 §3)`);
    [r, reliable] = sent.right;
  }
  const oaStep = offerAnswerOn("Local", r)(s.offerAnswer);
  if (E.isLeft(oaStep)) return discard(s, `offer/answer forbids this ${status}: ${oaStep.left._tag}`);
  const oa = oaStep.right[0];
  if (isProvisional(status)) {
    // §12.1.1: a 101–199 with a To tag creates the early dialog on the UAS side.
    let early = s.early;
    if (early === null && status > 100) {
      const d = createUasDialog(s.invite, { overTls: s.config.overTls })(r);
      if (E.isRight(d)) early = d.right;
    }
    return [{ ...s, offerAnswer: oa, early, reliable }, [sendResponse(s.invite, r)]];
  }
  if (isSuccess(status)) {
    const dialog = createUasDialog(s.invite, { overTls: s.config.overTls })(r);
    if (E.isLeft(dialog)) return discard(s, `the INVITE cannot create a dialog: ${dialog.left._tag}`);
    const established: Established = {
      _tag: "Established",
      ...common(s),
      offerAnswer: oa,
      dialog: dialog.right,
      lastAck: null,
      pending: awaitAck(s, s.invite, r, now, true),
      hangupWanted: false,
      update: { _tag: "None" },
      timer: negotiated?._tag === "Accept" ? startTimer(now, negotiated.interval, negotiated.refresher === "uas") : null,
      peerAllowsUpdate: learnAllow(false, s.invite),
    };
    return [established, [sendResponse(s.invite, r)]];
  }
  return ended("Rejected", [sendResponse(s.invite, r)]);
};

/**
 * RFC 3262 §3: a PRACK for our reliable 1xx: 200 when it matches (answering an offer in the 1xx),
 * 481 otherwise. §5: a new offer in a matching PRACK goes to the application (`IncomingPrack`),
 * whose `RespondTo` puts the answer in the 200; a colliding offer gets 491 (or 500 with
 * Retry-After while this UA owes an answer). Either way the PRACK acknowledged the 1xx.
 */
export const incomingPrack = (s: Incoming, prack: SipRequest): SessionStep => {
  if (s.reliable === null) {
    const r = createResponse(481)(prack);
    return [s, E.isRight(r) ? [sendResponse(prack, r.right)] : []];
  }
  const outcome = receivePrack(prack)(s.reliable);
  if (E.isLeft(outcome)) return discard(s, outcome.left);
  if (outcome.right._tag === "NoMatch") return [s, [sendResponse(prack, outcome.right.response)]];
  const acknowledged: Incoming = { ...s, reliable: outcome.right.state };
  const oa = offerAnswerOn("Remote", prack)(s.offerAnswer);
  if (E.isLeft(oa)) {
    // A PRACK without the answer the 1xx's offer asked for (§5) leaves the 1xx unacknowledged.
    if (oa.left._tag !== "Glare" && oa.left._tag !== "AnswerOwed") return [s, refusePrack(prack, oa.left, s.seed)[0]];
    const [effects, seed] = refusePrack(prack, oa.left, s.seed);
    return [{ ...acknowledged, seed }, effects];
  }
  const [offerAnswer, role] = oa.right;
  if (role === "Offer") return [{ ...acknowledged, offerAnswer }, [notify({ _tag: "IncomingPrack", request: prack })]];
  return [{ ...acknowledged, offerAnswer }, [sendResponse(prack, outcome.right.response)]];
};

export const incoming = (s: Incoming, event: SessionEvent): SessionStep => {
  switch (event._tag) {
    case "Received": {
      const m = event.message;
      if (m._tag === "Response") {
        if (m.core.cseq?.method !== Methods.UPDATE) return [s, []];
        const [offerAnswer, effects] = earlyUpdateResponse(s.offerAnswer, m);
        return [{ ...s, offerAnswer }, effects];
      }
      if (m.method === Methods.CANCEL) {
        // §9.2: "the UAS core ... responds to the INVITE with a 487 (Request Terminated)" and the CANCEL with 200;
        // "the To tag of the response to the CANCEL and the To tag in the response to the original request SHOULD be the same".
        const ok = createResponse(200, { toTag: s.toTag })(m);
        const terminated = answer(s, s.invite, 487, undefined, s.toTag);
        const effects: Array<SessionEffect> = [];
        if (E.isRight(ok)) effects.push(sendResponse(m, ok.right));
        if (E.isRight(terminated)) effects.push(sendResponse(s.invite, terminated.right));
        return ended("Cancelled", effects);
      }
      if (m.method === Methods.PRACK) return incomingPrack(s, m);
      if (m.method === Methods.BYE) {
        // §15: "The caller's UA MAY send a BYE for either confirmed or early dialogs"; §15.1.2: the UAS answers
        // the BYE and "the UAS MUST still respond to any pending requests ... It is RECOMMENDED that a 487" be generated.
        const ok = createResponse(200)(m);
        const terminated = answer(s, s.invite, 487, undefined, s.toTag);
        const effects: Array<SessionEffect> = [];
        if (E.isRight(ok)) effects.push(sendResponse(m, ok.right));
        if (E.isRight(terminated)) effects.push(sendResponse(s.invite, terminated.right));
        return ended("RemoteBye", effects);
      }
      if (m.method === Methods.UPDATE) return incomingUpdate(s, m);
      return discard(s, `${m.method} before the INVITE is answered`);
    }
    case "Respond":
      return incomingRespond(s, event.status, event.body, event.now, event);
    case "Hangup":
      return incomingRespond(s, 603, undefined, event.now);
    case "Tick": {
      if (s.reliable === null) return [s, []];
      const tick = tickReliable(event.now)(s.reliable);
      switch (tick._tag) {
        case "Idle":
          return [s, []];
        case "Retransmit":
          return [{ ...s, reliable: tick.state }, [sendResponse(s.invite, tick.response)]];
        case "GiveUp":
          // RFC 3262 §3: "the UAS SHOULD reject the original request with a 5xx response".
          return incomingRespond({ ...s, reliable: tick.state }, 500, undefined, event.now);
      }
      return [s, []];
    }
    case "Timeout":
      return [s, []];
    case "RespondTo": {
      const r = earlyUpdateAnswer(s, event.request, event.status, event.body);
      return E.isLeft(r) ? discard(s, r.left) : [{ ...s, offerAnswer: r.right[0] }, [sendResponse(event.request, r.right[1])]];
    }
    case "Update": {
      const sent = sendEarlyUpdate(s, s.early ?? undefined, event.body);
      if (E.isLeft(sent)) return discard(s, sent.left);
      const [request, dialog, offerAnswer, seed] = sent.right;
      return [{ ...s, seed, offerAnswer, early: dialog }, [sendRequest(request)]];
    }
    case "Cancel":
    case "Reinvite":
    case "DialogTerminated":
      return discard(s, `${event._tag} is not possible before the INVITE is answered`);
    default:
      return absurd(event);
  }
};

export const incomingDeadline = (state: Incoming): O.Option<number> => (state.reliable === null ? O.none : reliableDeadline(state.reliable));
