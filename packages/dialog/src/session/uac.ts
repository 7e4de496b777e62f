// RFC 3261 §13.2: the UAC core from the INVITE to its final response (forking, CANCEL, PRACK, 422 retry, the callee's BYE).
import type { Seed } from "@puresip/kernel";
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import { Methods, createResponse, printVia, setHeader } from "@puresip/message";
import type { NameAddr, SipRequest, SipResponse, Tag } from "@puresip/message";
import type { Dialog } from "../dialog.js";
import { createUacDialog } from "../dialog.js";
import { initialOfferAnswer } from "../offer-answer.js";
import type { OfferAnswerState } from "../offer-answer.js";
import { buildPrack, receiveReliable } from "../reliable-provisional.js";
import { buildCancel } from "../request.js";
import { tagOf } from "../tags.js";
import { confirmUac } from "../uac-in-dialog.js";
import { receiveRequest } from "../uas-in-dialog.js";
import { minSeOf, retryAfter422, sessionExpiresOf, startTimer, uacTimerOf } from "../session-timer.js";
import type { Body, Calling, EndReason, Established, SessionConfig, SessionEffect, SessionEvent, SessionStep } from "./types.js";
import { ackFor, bodyFields, credentialsOf, common, learnAllow, defaultSessionConfig, discard, ended, isProvisional, isSuccess, nextVia, notify, sameRemoteTag, sendBye, sendRequest, sendResponse, sixtyFourT1, toTagOf, trackBody } from "./common.js";
import { earlyUpdate, earlyUpdateAnswer, earlyUpdateResponse, sendEarlyUpdate } from "./early-update.js";
import { prackResponse, prackTimeout } from "./prack-offer.js";

// ---------------------------------------------------------------- starting a UAC

/** What starts a session as UAC (RFC 3261 §13.2.1): the INVITE it sends, its Contact, and the seed and timers it runs with. */
export interface UacStart {
  readonly now: number;
  /** The initial INVITE, built by the caller with createRequest (tag, Call-ID and branch minted as data). */
  readonly invite: SipRequest;
  readonly localContact: NameAddr;
  readonly seed: Seed;
  readonly config?: SessionConfig;
  /**
   * RFC 3262 §5: an offer to send in the PRACK of the first reliable 1xx that leaves no offer/answer
   * exchange pending (typically the 1xx that answered the INVITE's offer); `PrackDone` brings the
   * 200 with the answer. Never sent in a PRACK that must carry an answer instead.
   */
  readonly prackOffer?: Body;
}

/** §13.2.1: the UAC sends the INVITE. */
export const startUac = (start: UacStart): SessionStep => {
  const [oa] = trackBody(initialOfferAnswer, "Local", start.invite);
  const via = start.invite.core.via[0];
  if (via === undefined) return ended("Rejected", [{ _tag: "Discarded", reason: "the INVITE has no Via" }]);
  const calling: Calling = {
    _tag: "Calling",
    role: "UAC",
    config: start.config ?? defaultSessionConfig,
    invite: start.invite,
    localContact: start.localContact,
    localVia: via,
    seed: start.seed,
    offerAnswer: oa,
    provisional: false,
    cancel: { _tag: "No" },
    early: [],
    rseqs: [],
    prackOwed: null,
    prackOffer: start.prackOffer ?? null,
  };
  return [calling, [sendRequest(start.invite)]];
};

// ---------------------------------------------------------------- UAC: Calling

export const cancelNow = (s: Calling, now: number): SessionStep => {
  const cancel = buildCancel(s.invite);
  if (E.isLeft(cancel)) return discard(s, "the INVITE cannot be cancelled");
  return [{ ...s, cancel: { _tag: "Sent", giveUpAt: now + sixtyFourT1(s.config) } }, [sendRequest(cancel.right)]];
};

export type PrackStep =
  | { readonly _tag: "Ignore" }
  | {
      readonly _tag: "Go";
      readonly early: ReadonlyArray<Dialog>;
      readonly rseqs: Calling["rseqs"];
      readonly seed: Seed;
      readonly effects: ReadonlyArray<SessionEffect>;
      readonly owed: SipResponse | null;
      readonly offerAnswer: OfferAnswerState;
      readonly prackOffer: Body | null;
    };

/** The PRACK for `response` in the early dialog of `tag`, carrying `body` (RFC 3262 §4, §5). */
export const sendPrack = (s: Calling, response: SipResponse, tag: Tag, body: Body | null): E.Either<string, readonly [ReadonlyArray<Dialog>, Seed, SipRequest]> => {
  const index = s.early.findIndex((d) => sameRemoteTag(d, O.some(tag)));
  const dialog = s.early[index];
  if (dialog === undefined) return E.left("no early dialog for the reliable provisional response");
  const [via, seed] = nextVia(s.localVia, s.seed);
  const b = bodyFields(body);
  const built = buildPrack(response, { via, headers: b.headers, ...(b.body === undefined ? {} : { body: b.body }) })(dialog);
  if (E.isLeft(built)) return E.left(`PRACK could not be built: ${built.left._tag}`);
  const [prack, after] = built.right;
  return E.right([s.early.map((d, i) => (i === index ? after : d)), seed, prack] as const);
};

/**
 * RFC 3262 §4: PRACK each in-order reliable 1xx; retransmissions and gaps are dropped. When the
 * 1xx carried an offer (§5: the INVITE had none) the PRACK must carry the answer, so it waits
 * for the application (`owed`). `s.offerAnswer` is the state after the 1xx.
 */
export const prackFor = (s: Calling, response: SipResponse, tag: O.Option<Tag>, offer: boolean): PrackStep => {
  const none: PrackStep = { _tag: "Go", early: s.early, rseqs: s.rseqs, seed: s.seed, effects: [], owed: s.prackOwed, offerAnswer: s.offerAnswer, prackOffer: s.prackOffer };
  if (O.isNone(tag)) return none;
  const last = O.fromNullable(s.rseqs.find((r) => r.tag === tag.value)?.rseq);
  const receipt = receiveReliable(response)(last);
  if (receipt._tag === "Unreliable") return none;
  if (receipt._tag !== "Acknowledge") return { _tag: "Ignore" };
  const rseqs = [...s.rseqs.filter((r) => r.tag !== tag.value), { tag: tag.value, rseq: receipt.rseq }];
  if (offer) return { ...none, rseqs, owed: response, effects: [notify({ _tag: "AnswerNeeded", response })] };
  // RFC 3262 §5: "If the PRACK contains an offer, the 200 (OK) to the PRACK MUST contain an answer";
  // RFC 6337 §3: only when no offer/answer exchange is pending.
  const offerNow = s.offerAnswer._tag === "Idle" ? s.prackOffer : null;
  const sent = sendPrack(s, response, tag.value, offerNow);
  if (E.isLeft(sent)) return { ...none, effects: [{ _tag: "Discarded", reason: sent.left }] };
  const [early, seed, prack] = sent.right;
  const [offerAnswer, problems] = offerNow === null ? [s.offerAnswer, []] : trackBody(s.offerAnswer, "Local", prack);
  return { ...none, early, rseqs, seed, effects: [...problems, sendRequest(prack)], offerAnswer, prackOffer: offerNow === null ? s.prackOffer : null };
};

/** The application's answer to an offer in a reliable 1xx, sent in the PRACK (RFC 3262 §5). */
export const answerInPrack = (s: Calling, body: Body | undefined): SessionStep => {
  const owed = s.prackOwed;
  const tag = owed?.core.to === undefined ? O.none : tagOf(owed.core.to);
  if (owed === null || O.isNone(tag)) return discard(s, "nothing to answer before the call is answered");
  const sent = sendPrack(s, owed, tag.value, body ?? null);
  if (E.isLeft(sent)) return discard(s, sent.left);
  const [early, seed, prack] = sent.right;
  const [oa, problems] = trackBody(s.offerAnswer, "Local", prack);
  return [{ ...s, early, seed, offerAnswer: oa, prackOwed: null }, [...problems, sendRequest(prack)]];
};

/**
 * RFC 4028 §7.3/§7.4: a new INVITE after a 422: same Call-ID, To and From, CSeq one higher, a new
 * branch, Session-Expires and Min-SE raised to the 422's Min-SE. None when there is nothing to
 * raise (no Session-Expires asked, or the Min-SE is no larger: retrying would loop).
 */
export const retryInvite = (s: Calling, response: SipResponse): SessionStep | undefined => {
  const asked = sessionExpiresOf(s.invite);
  const cseq = s.invite.core.cseq;
  if (O.isNone(asked) || cseq === undefined || minSeOf(response) <= asked.value.interval) return undefined;
  const [via, seed] = nextVia(s.localVia, s.seed);
  let invite: E.Either<unknown, SipRequest> = E.right(s.invite);
  for (const h of [...retryAfter422(response, asked.value.interval), { name: "CSeq", value: `${cseq.seq + 1} INVITE` }, { name: "Via", value: printVia(via) }]) {
    invite = E.flatMap(invite, setHeader(h.name, h.value));
  }
  if (E.isLeft(invite)) return undefined;
  const [oa] = trackBody(initialOfferAnswer, "Local", invite.right);
  return [{ ...s, seed, invite: invite.right, offerAnswer: oa, provisional: false, early: [], rseqs: [], prackOwed: null }, [sendRequest(invite.right)]];
};

export const callingResponse = (s: Calling, response: SipResponse, now: number): SessionStep => {
  const status = response.status;
  const [oa, problems] = trackBody(s.offerAnswer, "Remote", response);
  if (isProvisional(status)) {
    // §9.1: a 100 is a provisional response too ("the client MUST wait for the arrival of a
    // provisional response" before a CANCEL): a wanted CANCEL goes now. Without this, an
    // INVITE answered only by 100 could never be cancelled, its transaction in Proceeding forever.
    if (status === 100) return s.cancel._tag === "Wanted" ? cancelNow({ ...s, provisional: true }, now) : [s.provisional ? s : { ...s, provisional: true }, []];
    // §13.2.2.1: a provisional with a To tag creates (or refreshes) an early dialog per remote tag.
    const tag = toTagOf(response);
    let early = s.early;
    if (O.isSome(tag) && !s.early.some((d) => sameRemoteTag(d, tag))) {
      const d = createUacDialog(s.invite, { overTls: s.config.overTls })(response);
      if (E.isRight(d)) early = [...s.early, d.right];
    }
    // RFC 3262 §4: PRACK each in-order reliable 1xx in its early dialog; drop retransmissions and gaps.
    const offered = oa._tag === "OfferPending" && oa.carrier === "ReliableProvisional" && oa.offerer === "Remote";
    const prack = prackFor({ ...s, early, offerAnswer: oa }, response, tag, offered && s.offerAnswer._tag !== "OfferPending");
    if (prack._tag === "Ignore") return [s, []];
    const next: Calling = {
      ...s,
      offerAnswer: prack.offerAnswer,
      provisional: true,
      early: prack.early,
      rseqs: prack.rseqs,
      seed: prack.seed,
      prackOwed: prack.owed,
      prackOffer: prack.prackOffer,
    };
    const effects = [...problems, notify({ _tag: "Provisional", response }), ...prack.effects];
    // §9.1: "the client MUST wait for the arrival of a provisional response before sending the request".
    if (s.cancel._tag === "Wanted") {
      const [c, more] = cancelNow(next, now);
      return [c, [...effects, ...more]];
    }
    return [next, effects];
  }
  if (isSuccess(status)) {
    // §13.2.2.4: the 2xx confirms the early dialog with its tag, or creates one.
    const tag = toTagOf(response);
    const fork = s.early.find((d) => sameRemoteTag(d, tag));
    const dialog = fork === undefined ? createUacDialog(s.invite, { overTls: s.config.overTls })(response) : E.right(confirmUac(response)(fork));
    if (E.isLeft(dialog)) return [s, [notify({ _tag: "ProtocolError", reason: `2xx creates no dialog: ${dialog.left._tag}` })]];
    const timerOf = uacTimerOf(response);
    const timerStart = O.isSome(timerOf) ? startTimer(now, timerOf.value.interval, timerOf.value.refresher === "uac") : null;
    // §13.2.1: an offer in the 2xx (the INVITE had none) is answered in the ACK: the application gives the answer.
    if (s.cancel._tag === "No" && oa._tag === "OfferPending" && oa.carrier === "InviteSuccess") {
      const owed: Established = {
        _tag: "Established",
        ...common(s),
        offerAnswer: oa,
        dialog: dialog.right,
        lastAck: null,
        pending: { _tag: "AckOwed", seq: s.invite.core.cseq?.seq ?? 0, credentials: credentialsOf(s.invite) },
        hangupWanted: false,
        update: { _tag: "None" },
        timer: timerStart,
        peerAllowsUpdate: learnAllow(false, response),
      };
      return [owed, [...problems, notify({ _tag: "AnswerNeeded", response }), notify({ _tag: "Established", dialog: dialog.right })]];
    }
    const ack = ackFor(s, s.invite, dialog.right);
    if (E.isLeft(ack)) return discard(s, ack.left);
    const [ackRequest, seed] = ack.right;
    // RFC 4028 §7.2: the 2xx's Session-Expires starts the timer; refresher=uac means this UA.
    const established: Established = {
      _tag: "Established",
      ...common(s),
      seed,
      offerAnswer: oa,
      dialog: dialog.right,
      lastAck: ackRequest,
      pending: { _tag: "None" },
      hangupWanted: false,
      update: { _tag: "None" },
      timer: timerStart,
      peerAllowsUpdate: learnAllow(false, response),
    };
    const effects = [...problems, sendRequest(ackRequest), notify({ _tag: "Established", dialog: dialog.right })];
    // §9.1 race: the CANCEL lost against a 2xx; the call is up and the UAC hangs up with BYE (§15).
    return s.cancel._tag === "No" ? [established, effects] : sendBye(established, now, effects);
  }
  // RFC 4028 §7.3: "If the response ... is a 422 ... the UAC MAY retry the request" with a larger Session-Expires.
  if (status === 422 && s.cancel._tag === "No") {
    const retry = retryInvite(s, response);
    if (retry !== undefined) return retry;
  }
  // §13.2.2.3: a final failure ends every early dialog; 487 answers our CANCEL (§9.1).
  const reason: EndReason = status === 487 && s.cancel._tag !== "No" ? "Cancelled" : "Rejected";
  return ended(reason, [notify({ _tag: "Failed", status })]);
};

export const callingUpdate = (s: Calling, request: SipRequest): SessionStep => {
  const from = request.core.from === undefined ? O.none : tagOf(request.core.from);
  const index = s.early.findIndex((d) => sameRemoteTag(d, from));
  const r = earlyUpdate(s, s.early[index], s.offerAnswer, request);
  if (r._tag === "Refused") return [{ ...s, seed: r.seed }, r.effects];
  return [{ ...s, seed: r.seed, offerAnswer: r.offerAnswer, early: s.early.map((d, i) => (i === index ? r.dialog : d)) }, r.effects];
};

/**
 * RFC 3261 §15: "the callee's UA MAY send a BYE on confirmed dialogs", so a BYE can reach the
 * caller before the 2xx that confirmed the callee's side (the 2xx lost, §13.3.1.4's BYE after
 * 64*T1). §15.1.2: the BYE is processed as §12.2.2 says on the early dialog of its From tag and
 * "the UAS core MUST generate a 2xx response to the BYE"; a BYE matching no early dialog gets
 * 481. That dialog ends; the call ends with it once no other fork's early dialog is left, and
 * the INVITE, which has no final response yet, is cancelled (§15: hanging up "would imply a
 * CANCEL request if the initial INVITE has not generated a final response"), so the callee's
 * INVITE transaction ends with a 487 that the transaction layer acknowledges.
 */
export const callingBye = (s: Calling, request: SipRequest): SessionStep => {
  const reply = (status: number): ReadonlyArray<SessionEffect> => {
    const r = createResponse(status)(request);
    return E.isRight(r) ? [sendResponse(request, r.right)] : [{ _tag: "Discarded", reason: `no ${status} for the BYE: ${r.left.reason}` }];
  };
  const from = request.core.from === undefined ? O.none : tagOf(request.core.from);
  const dialog = s.early.find((d) => sameRemoteTag(d, from));
  if (dialog === undefined) return [s, reply(481)];
  const checked = receiveRequest(request)(dialog);
  // §12.2.2: a BYE older than the dialog's last request is out of order: 500, nothing ends.
  if (E.isLeft(checked)) return [s, reply(checked.left.status)];
  const early = s.early.filter((d) => d !== dialog);
  if (early.length > 0) return [{ ...s, early, rseqs: s.rseqs.filter((r) => !O.isSome(from) || r.tag !== from.value) }, reply(200)];
  if (s.cancel._tag === "Sent") return ended("RemoteBye", reply(200));
  const cancel = buildCancel(s.invite);
  return ended("RemoteBye", [...reply(200), ...(E.isRight(cancel) ? [sendRequest(cancel.right)] : [])]);
};

export const calling = (s: Calling, event: SessionEvent): SessionStep => {
  switch (event._tag) {
    case "Received": {
      const m = event.message;
      if (m._tag === "Request") {
        if (m.method === Methods.UPDATE) return callingUpdate(s, m);
        if (m.method === Methods.BYE) return callingBye(s, m);
        return discard(s, `${m.method} before the call is answered is not handled by the UAC core`);
      }
      if (m.core.cseq?.method === Methods.UPDATE) {
        const [offerAnswer, effects] = earlyUpdateResponse(s.offerAnswer, m);
        return [{ ...s, offerAnswer }, effects];
      }
      if (m.core.cseq?.method === Methods.PRACK) {
        const [offerAnswer, effects] = prackResponse(s.offerAnswer, m);
        return [{ ...s, offerAnswer }, effects];
      }
      if (m.core.cseq?.method !== Methods.INVITE) return [s, []];
      return callingResponse(s, m, event.now);
    }
    case "Timeout":
      // §13.2.2.4 / §8.1.3.1: Timer B "the UAC core ... MUST act as if it received a 408".
      if (event.method === Methods.INVITE) return ended("Timeout", [notify({ _tag: "Failed", status: 408 })]);
      if (event.method === Methods.PRACK) {
        const [offerAnswer, effects] = prackTimeout(s.offerAnswer);
        return [{ ...s, offerAnswer }, effects];
      }
      return [s, []];
    case "Tick":
      // §9.1: no final response 64*T1 after the CANCEL: give up on the INVITE.
      return s.cancel._tag === "Sent" && event.now >= s.cancel.giveUpAt ? ended("Cancelled", [notify({ _tag: "Failed", status: 408 })]) : [s, []];
    case "Cancel":
    case "Hangup":
      if (s.cancel._tag !== "No") return [s, []];
      return s.provisional ? cancelNow(s, event.now) : [{ ...s, cancel: { _tag: "Wanted" } }, []];
    case "RespondTo": {
      const r = earlyUpdateAnswer(s, event.request, event.status, event.body);
      return E.isLeft(r) ? discard(s, r.left) : [{ ...s, offerAnswer: r.right[0] }, [sendResponse(event.request, r.right[1])]];
    }
    case "Respond":
      return answerInPrack(s, event.body);
    case "Update": {
      // The first early dialog: with forking, the application sends UPDATE once one fork matters.
      const sent = sendEarlyUpdate(s, s.early[0], event.body);
      if (E.isLeft(sent)) return discard(s, sent.left);
      const [request, dialog, offerAnswer, seed] = sent.right;
      return [{ ...s, seed, offerAnswer, early: s.early.map((d, i) => (i === 0 ? dialog : d)) }, [sendRequest(request)]];
    }
    case "Reinvite":
      return discard(s, `${event._tag} needs an established call`);
    case "DialogTerminated":
      // RFC 5057 §5.1: only a confirmed dialog has other usages to share a failure with.
      return discard(s, "no confirmed dialog to terminate");
    default:
      return absurd(event);
  }
};
