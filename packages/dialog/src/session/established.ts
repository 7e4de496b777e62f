// RFC 3261 §14–15, RFC 3311, RFC 4028: the confirmed dialog (re-INVITE, UPDATE, timers, BYE).
import type { Seed } from "@puresip/kernel";
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import { Methods, printContact } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import type { Dialog } from "../dialog.js";
import { createUacDialog } from "../dialog.js";
import { offerAnswerOn } from "../offer-answer.js";
import { buildAck, buildRequest } from "../request.js";
import { processResponse } from "../uac-in-dialog.js";
import { receiveRequest } from "../uas-in-dialog.js";
import { refreshHeaders, sessionExpiresOf, startTimer, timerDue } from "../session-timer.js";
import type { SessionTimer } from "../session-timer.js";
import { prackResponse } from "./prack-offer.js";
import { glareDelay, retryAfterSeconds } from "./delays.js";
import type { Body, Established, SessionEffect, SessionEvent, SessionStep, Terminating } from "./types.js";
import { ackFor, answer, credentialsOf, awaitAck, bodyFields, discard, ended, isProvisional, isSuccess, learnAllow, nextVia, notify, respondSimple, sameRemoteTag, sendBye, sendRequest, sendResponse, toTagOf, trackBody } from "./common.js";

/** A 2xx from a second fork after the call is up: ACK it, then BYE it (one call, §13.2.2.4). */
export const byeExtraFork = (s: Established | Terminating, response: SipResponse): readonly [Seed, ReadonlyArray<SessionEffect>] => {
  const dialog = createUacDialog(s.invite, { overTls: s.config.overTls })(response);
  if (E.isLeft(dialog)) return [s.seed, [notify({ _tag: "ProtocolError", reason: `2xx from another fork has no usable dialog: ${dialog.left._tag}` })]];
  const ack = ackFor(s, s.invite, dialog.right);
  if (E.isLeft(ack)) return [s.seed, [{ _tag: "Discarded", reason: ack.left }]];
  const [ackRequest, seed1] = ack.right;
  const [via, seed2] = nextVia(s.localVia, seed1);
  const bye = buildRequest({ method: Methods.BYE, via, initialSeq: 1 })(dialog.right);
  return [seed2, E.isLeft(bye) ? [sendRequest(ackRequest)] : [sendRequest(ackRequest), sendRequest(bye.right[0])]];
};

/** §13.2.2.4: a retransmitted 2xx gets the same ACK again; a 2xx from another fork is ACKed and BYEd. */
export const retransmitted2xx = (s: Established | Terminating, response: SipResponse): SessionStep => {
  const tag = toTagOf(response);
  if (!sameRemoteTag(s.dialog, tag)) {
    if (s.role !== "UAC" || response.core.cseq?.seq !== s.invite.core.cseq?.seq) return [s, []];
    const [seed, effects] = byeExtraFork(s, response);
    return [{ ...s, seed }, effects];
  }
  const ack = s.lastAck;
  return ack !== null && ack.core.cseq?.seq === response.core.cseq?.seq ? [s, [sendRequest(ack)]] : [s, []];
};

/** 500 with "a Retry-After header field with a randomly chosen value of between 0 and 10 seconds" (§14.2). */
export const serverBusy = (s: Established, request: SipRequest): SessionStep => {
  const [seconds, seed] = retryAfterSeconds(s.seed);
  return [{ ...s, seed }, respondSimple(s, request, 500, [{ name: "Retry-After", value: String(seconds) }])];
};

/**
 * A re-INVITE from the peer. `checked` is the dialog after §12.2.2's CSeq rule, which applies
 * before anything else; a refused re-INVITE moves the remote sequence number but not the
 * remote target (RFC 6141 §3.4: the target is refreshed only by an accepted request).
 */
export const reinviteRequest = (s: Established, request: SipRequest, checked: Dialog): SessionStep => {
  const p = s.pending;
  const counted: Established = { ...s, dialog: { ...s.dialog, remoteSeq: checked.remoteSeq } };
  // §14.2: "A UAS that receives an INVITE on a dialog while an INVITE it had sent on that dialog is in progress MUST return a 491".
  if (p._tag === "Sending") return [counted, respondSimple(s, request, 491)];
  // §14.2: "A UAS that receives a second INVITE before it sends the final response to a first INVITE with a lower CSeq ... MUST return a 500 ... with a Retry-After".
  if (p._tag === "Receiving") return serverBusy(counted, request);
  // Our 2xx went out and waits for its ACK. The reading chosen (README "Glare"): when that 2xx
  // carried our offer (the INVITE had none, §13.2.1), the offer is outstanding until the ACK
  // brings the answer, so a new INVITE from the peer crosses it: 491, as §14.2 answers an
  // INVITE that crosses our own and RFC 3311 §5.2 an offer that arrives while ours is
  // unanswered. §14.2's 500 concerns a request that comes before the final response, which
  // has been sent here; it stays for a 2xx that carried an answer (nothing of ours is pending).
  if (p._tag === "AwaitingAck") {
    const crossing = offerAnswerOn("Remote", request)(s.offerAnswer);
    return E.isLeft(crossing) && crossing.left._tag === "Glare" ? [counted, respondSimple(s, request, 491)] : serverBusy(counted, request);
  }
  const idle: Established = p._tag === "RetryAt" ? { ...counted, pending: { _tag: "None" } } : counted;
  const oa = offerAnswerOn("Remote", request)(idle.offerAnswer);
  if (E.isLeft(oa)) return oa.left._tag === "Glare" ? [idle, respondSimple(s, request, 491)] : serverBusy(idle, request);
  // Our own retry after a 491 gives way to the peer's re-INVITE: the application hears that it lost.
  const gaveUp = p._tag === "RetryAt" ? [notify({ _tag: "ReinviteDone", status: 491 })] : [];
  return [
    { ...idle, dialog: checked, offerAnswer: oa.right[0], pending: { _tag: "Receiving", request } },
    [...gaveUp, notify({ _tag: "IncomingReinvite", request })],
  ];
};

/** RFC 4028 §10: a 2xx to a session refresh restarts the timer, with the roles the 2xx names. */
export const refreshedTimer = (timer: SessionTimer | null, now: number, refresh: SipRequest | SipResponse, localSentRequest: boolean): SessionTimer | null => {
  if (timer === null) return null;
  const se = sessionExpiresOf(refresh);
  if (O.isNone(se)) return startTimer(now, timer.interval, timer.localRefresher);
  if (O.isNone(se.value.refresher)) return startTimer(now, se.value.interval, timer.localRefresher);
  // refresher=uac names the sender of the refresh request, refresher=uas its receiver.
  const uacRefreshes = se.value.refresher.value === "uac";
  return startTimer(now, se.value.interval, localSentRequest ? uacRefreshes : !uacRefreshes);
};

/**
 * A response to an in-dialog request from the application, with offer/answer and the session
 * timer kept in step. A response to another request (INFO, ...) carries the application's body
 * as given (RFC 3261 §7.4; RFC 6086 allows a body in a response to INFO), outside offer/answer.
 */
export const respondInDialog = (s: Established, request: SipRequest, status: number, body: Body | undefined, now: number): SessionStep => {
  if (request.method !== Methods.UPDATE) {
    if (body === undefined) return [s, respondSimple(s, request, status)];
    const response = answer(s, request, status, body);
    return E.isLeft(response) ? discard(s, response.left) : [s, [sendResponse(request, response.right)]];
  }
  const timerFields = s.timer !== null && isSuccess(status) ? (O.isSome(sessionExpiresOf(request)) ? [{ name: "Session-Expires", value: headerValue(request, "Session-Expires") }] : refreshHeaders(s.timer).slice(0, 1)) : [];
  const response = answer(s, request, status, body, undefined, [...(isSuccess(status) ? [{ name: "Contact", value: printContact([s.localContact]) }] : []), ...timerFields]);
  if (E.isLeft(response)) return discard(s, response.left);
  const oa = offerAnswerOn("Local", response.right)(s.offerAnswer);
  if (E.isLeft(oa)) return discard(s, `offer/answer forbids this ${status}: ${oa.left._tag}`);
  const timer = isSuccess(status) ? refreshedTimer(s.timer, now, request, false) : s.timer;
  return [{ ...s, offerAnswer: oa.right[0], timer }, [sendResponse(request, response.right)]];
};

export const headerValue = (m: SipRequest | SipResponse, name: string): string => m.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value ?? "";

/**
 * RFC 3311 §5.2: an UPDATE from the peer. An offer while an exchange is in progress gets 491
 * or 500 with Retry-After; an offer goes to the application for its answer; an UPDATE without
 * a body (a session refresh, RFC 4028) is answered at once. UPDATE is a target refresh.
 */
export const updateRequest = (s: Established, request: SipRequest, checked: Dialog, now: number): SessionStep => {
  const counted: Established = { ...s, dialog: { ...s.dialog, remoteSeq: checked.remoteSeq } };
  const oa = offerAnswerOn("Remote", request)(s.offerAnswer);
  if (E.isLeft(oa)) return oa.left._tag === "Glare" ? [counted, respondSimple(s, request, 491)] : serverBusy(counted, request);
  const next: Established = { ...s, dialog: checked, offerAnswer: oa.right[0] };
  if (oa.right[1] === "Offer") return [next, [notify({ _tag: "IncomingUpdate", request })]];
  return respondInDialog(next, request, 200, undefined, now);
};

/** RFC 3311 §5.1: our UPDATE, with an offer when there is a body; RFC 4028 §7.4 timer headers when a timer runs. */
export const sendUpdate = (s: Established, body: Body | null, now: number): SessionStep => {
  if (s.update._tag === "Sending") return discard(s, "an UPDATE is already in progress");
  const [via, seed] = nextVia(s.localVia, s.seed);
  const b = bodyFields(body);
  const timerFields = s.timer === null ? [] : refreshHeaders(s.timer);
  const built = buildRequest({ method: Methods.UPDATE, via, initialSeq: 1, contact: [s.localContact], headers: [...timerFields, ...b.headers], ...(b.body === undefined ? {} : { body: b.body }) })(s.dialog);
  if (E.isLeft(built)) return discard(s, `UPDATE could not be built: ${built.left._tag}`);
  const [request, dialog] = built.right;
  const oa = offerAnswerOn("Local", request)(s.offerAnswer);
  if (E.isLeft(oa)) return discard(s, `offer/answer forbids an UPDATE offer now: ${oa.left._tag} (RFC 3311 §5.1)`);
  // A refresh is out: the refresher does not send another before this one ends (§10).
  const timer = s.timer === null ? null : { ...s.timer, refreshAt: Math.max(s.timer.byeAt, now) };
  return [{ ...s, seed, dialog, offerAnswer: oa.right[0], update: { _tag: "Sending", request }, timer }, [sendRequest(request)]];
};

export const updateResponse = (s: Established, response: SipResponse, now: number): SessionStep => {
  const u = s.update;
  if (u._tag !== "Sending" || response.core.cseq?.seq !== u.request.core.cseq?.seq || isProvisional(response.status)) return [s, []];
  const outcome = processResponse(Methods.UPDATE, response)(s.dialog);
  // RFC 4028 §10: "If the session refresh request transaction times out or generates a 408 or 481 response, then the UAC sends a BYE".
  if (outcome._tag === "Terminate") return ended("DialogGone", [notify({ _tag: "UpdateDone", status: response.status })]);
  const [oa, problems] = trackBody(s.offerAnswer, "Remote", response);
  const timer = isSuccess(response.status) ? refreshedTimer(s.timer, now, response, true) : s.timer;
  return [
    { ...s, dialog: outcome.dialog, offerAnswer: oa, update: { _tag: "None" }, timer },
    [...problems, notify({ _tag: "UpdateDone", status: response.status })],
  ];
};

export const establishedRequest = (s: Established, request: SipRequest, now: number): SessionStep => {
  if (request.method === Methods.ACK) {
    const p = s.pending;
    if (p._tag !== "AwaitingAck" || request.core.cseq?.seq !== p.request.core.cseq?.seq) return [s, []];
    const [oa, problems] = trackBody(s.offerAnswer, "Remote", request);
    const next: Established = { ...s, offerAnswer: oa, pending: { _tag: "None" } };
    const effects = [...problems, notify(p.initial ? { _tag: "Established", dialog: s.dialog } : { _tag: "ReinviteAcked", request })];
    return s.hangupWanted ? sendBye(next, now, effects) : [next, effects];
  }
  if (request.method === Methods.CANCEL) return [s, respondSimple(s, request, 200)];
  const checked = receiveRequest(request)(s.dialog);
  // §12.2.2: out of order requests get 500.
  if (E.isLeft(checked)) return [s, respondSimple(s, request, checked.left.status)];
  // RFC 3311 §4: an Allow in the peer's request says whether it takes UPDATE now.
  return sequencedRequest({ ...s, peerAllowsUpdate: learnAllow(s.peerAllowsUpdate, request) }, request, checked.right, now);
};

/** A request from the peer that passed §12.2.2's checks; `dialog` is the dialog after it. */
const sequencedRequest = (s: Established, request: SipRequest, dialog: Dialog, now: number): SessionStep => {
  if (request.method === Methods.BYE) {
    // §15.1.2: "the UAS MUST still respond to any pending requests received for that dialog. It is RECOMMENDED that a 487 ... be generated".
    const pending = s.pending._tag === "Receiving" ? respondSimple(s, s.pending.request, 487) : [];
    return ended("RemoteBye", [...respondSimple(s, request, 200), ...pending]);
  }
  if (request.method === Methods.INVITE) return reinviteRequest(s, request, dialog);
  if (request.method === Methods.UPDATE) return updateRequest(s, request, dialog, now);
  return [{ ...s, dialog }, [notify({ _tag: "InDialogRequest", request })]];
};

export const establishedResponse = (s0: Established, response: SipResponse, now: number): SessionStep => {
  // RFC 3311 §4: "a 2xx response SHOULD contain an Allow header field listing the UPDATE method".
  const fromPeer = isSuccess(response.status) && sameRemoteTag(s0.dialog, toTagOf(response));
  const s: Established = fromPeer ? { ...s0, peerAllowsUpdate: learnAllow(s0.peerAllowsUpdate, response) } : s0;
  const method = response.core.cseq?.method;
  const p = s.pending;
  if (method === Methods.INVITE) {
    if (p._tag !== "Sending" || response.core.cseq?.seq !== p.request.core.cseq?.seq || !sameRemoteTag(s.dialog, toTagOf(response))) {
      return isSuccess(response.status) ? retransmitted2xx(s, response) : [s, []];
    }
    if (isProvisional(response.status)) return [s, []];
    const [oa, problems] = trackBody(s.offerAnswer, "Remote", response);
    const outcome = processResponse(Methods.INVITE, response)(s.dialog);
    if (outcome._tag === "Terminate") return ended("DialogGone", [...problems, notify({ _tag: "ReinviteDone", status: response.status })]);
    if (isSuccess(response.status)) {
      const timer = refreshedTimer(s.timer, now, response, true);
      // §14.1 with §13.2.1: a re-INVITE without an offer (a session refresh, RFC 4028 §7.4) gets
      // the peer's offer in the 2xx; the application's answer goes in the ACK (`Respond`).
      if (oa._tag === "OfferPending" && oa.carrier === "InviteSuccess" && oa.offerer === "Remote") {
        const owed: Established = { ...s, offerAnswer: oa, dialog: outcome.dialog, pending: { _tag: "AckOwed", seq: response.core.cseq?.seq ?? 0, credentials: credentialsOf(p.request) }, timer };
        return [owed, [...problems, notify({ _tag: "AnswerNeeded", response }), notify({ _tag: "ReinviteDone", status: response.status })]];
      }
      const ack = ackFor(s, p.request, outcome.dialog);
      if (E.isLeft(ack)) return discard(s, ack.left);
      const [ackRequest, seed] = ack.right;
      const next: Established = { ...s, seed, offerAnswer: oa, dialog: outcome.dialog, lastAck: ackRequest, pending: { _tag: "None" }, timer };
      return [next, [...problems, sendRequest(ackRequest), notify({ _tag: "ReinviteDone", status: response.status })]];
    }
    if (response.status === 491) {
      // §14.1: retry after T, owner of the Call-ID or not.
      const [delay, seed] = glareDelay(s.role === "UAC", s.seed);
      const body = p.request.body.length === 0 ? null : { type: p.request.headers.find((h) => h.name.toLowerCase() === "content-type")?.value ?? "application/sdp", content: p.request.body };
      return [{ ...s, seed, offerAnswer: oa, pending: { _tag: "RetryAt", at: now + delay, body } }, problems];
    }
    // §14.1: "the session parameters MUST remain unchanged, as if no re-INVITE had been issued".
    return [{ ...s, offerAnswer: oa, pending: { _tag: "None" } }, [...problems, notify({ _tag: "ReinviteDone", status: response.status })]];
  }
  if (method === Methods.UPDATE) return updateResponse(s, response, now);
  // RFC 3262 §5: the 200 to a PRACK with our offer may come after the 2xx to the INVITE.
  const [offerAnswer, effects] = method === Methods.PRACK ? prackResponse(s.offerAnswer, response) : [s.offerAnswer, []];
  // §12.2.1.2: 481 or 408 to any request in the dialog ends it.
  const outcome = processResponse(method ?? Methods.OPTIONS, response)(s.dialog);
  if (outcome._tag === "Terminate") return ended("DialogGone", effects);
  return [{ ...s, offerAnswer, dialog: outcome.dialog }, effects];
};

/** §14.1: our re-INVITE, with an offer when there is a body; RFC 4028 §7.4 timer headers when a timer runs (every re-INVITE refreshes it, §10). */
export const sendReinvite = (s: Established, body: Body | null, now: number): SessionStep => {
  const [via, seed] = nextVia(s.localVia, s.seed);
  const b = bodyFields(body);
  const timerFields = s.timer === null ? [] : refreshHeaders(s.timer);
  const built = buildRequest({ method: Methods.INVITE, via, initialSeq: 1, contact: [s.localContact], headers: [...timerFields, ...b.headers], ...(b.body === undefined ? {} : { body: b.body }) })(s.dialog);
  if (E.isLeft(built)) return discard(s, `re-INVITE could not be built: ${built.left._tag}`);
  const [request, dialog] = built.right;
  const oa = offerAnswerOn("Local", request)(s.offerAnswer);
  if (E.isLeft(oa)) return discard(s, `offer/answer forbids a re-INVITE now: ${oa.left._tag}`);
  // A refresh is out: the refresher does not send another before this one ends (§10).
  const timer = s.timer === null ? null : { ...s.timer, refreshAt: Math.max(s.timer.byeAt, now) };
  return [{ ...s, seed, dialog, offerAnswer: oa.right[0], pending: { _tag: "Sending", request }, timer }, [sendRequest(request)]];
};

/** §13.2.1 / §13.2.2.4: the ACK for a 2xx that carried an offer, with the application's answer. */
export const sendOwedAck = (s: Established, body: Body | undefined | null): SessionStep => {
  if (s.pending._tag !== "AckOwed") return [s, []];
  const [via, seed] = nextVia(s.localVia, s.seed);
  const b = bodyFields(body);
  const ack = buildAck(s.pending.seq, { via, headers: [...(s.pending.credentials ?? []), ...b.headers], ...(b.body === undefined ? {} : { body: b.body }) })(s.dialog);
  if (E.isLeft(ack)) return discard(s, `ACK could not be built: ${ack.left._tag}`);
  const [oa, problems] = trackBody(s.offerAnswer, "Local", ack.right);
  return [{ ...s, seed, offerAnswer: oa, lastAck: ack.right, pending: { _tag: "None" } }, [...problems, sendRequest(ack.right)]];
};

export const establishedRespond = (s: Established, status: number, body: Body | undefined, now: number): SessionStep => {
  const p = s.pending;
  if (p._tag === "AckOwed") return sendOwedAck(s, body);
  if (p._tag !== "Receiving") return discard(s, "no re-INVITE is waiting for an answer");
  const response = answer(s, p.request, status, body);
  if (E.isLeft(response)) return discard(s, response.left);
  const oa = offerAnswerOn("Local", response.right)(s.offerAnswer);
  if (E.isLeft(oa)) return discard(s, `offer/answer forbids this ${status}: ${oa.left._tag}`);
  const effects = [sendResponse(p.request, response.right)];
  if (isProvisional(status)) return [{ ...s, offerAnswer: oa.right[0] }, effects];
  const pending = isSuccess(status) ? awaitAck(s, p.request, response.right, now, false) : { _tag: "None" as const };
  return [{ ...s, offerAnswer: oa.right[0], pending }, effects];
};

/**
 * RFC 4028 §7.2: the refresher refreshes at half-time. §7.4: "If a UAC knows that its peer
 * supports the UPDATE method, it is RECOMMENDED that UPDATE be used instead of a re-INVITE. A
 * UA can make this determination if it has seen an Allow header field from its peer with the
 * value 'UPDATE'" (RFC 3311 §4), and "It is RECOMMENDED that the UPDATE request not contain an
 * offer". Otherwise a re-INVITE, which §7.4 says SHOULD carry an offer; the session keeps no
 * session description, so it sends none, and the peer offers its current one in the 2xx,
 * answered in the ACK (§14.1, §13.2.1; the UA core answers with its own unchanged SDP). Either
 * waits while another exchange or transaction is in progress; the BYE near expiry still comes.
 */
const refresh = (s: Established, timer: SessionTimer, now: number): SessionStep => {
  const idle = s.offerAnswer._tag === "Idle";
  if (s.peerAllowsUpdate && s.update._tag === "None" && idle) return sendUpdate(s, null, now);
  if (!s.peerAllowsUpdate && s.pending._tag === "None" && idle) return sendReinvite(s, null, now);
  return [{ ...s, timer: { ...timer, refreshAt: timer.byeAt } }, []];
};

export const establishedTick = (s: Established, now: number): SessionStep => {
  const p = s.pending;
  if (p._tag === "AwaitingAck") {
    // §13.3.1.4: "If the server retransmits the 2xx response for 64*T1 seconds without receiving an ACK, the dialog is confirmed, but the session SHOULD be terminated. This is accomplished with a BYE".
    if (now >= p.giveUpAt) {
      const [after, effects] = sendBye({ ...s, pending: { _tag: "None" } }, now, [notify({ _tag: "ProtocolError", reason: "no ACK for the 2xx within 64*T1" })]);
      return after._tag === "Terminating" ? [after, effects] : ended("NoAck", effects);
    }
    if (now >= p.retransmitAt && !s.config.reliable) {
      const interval = Math.min(p.interval * 2, s.config.t2);
      return [{ ...s, pending: { ...p, interval, retransmitAt: now + interval } }, [sendResponse(p.request, p.ok)]];
    }
    return [s, []];
  }
  if (p._tag === "RetryAt" && now >= p.at) return sendReinvite({ ...s, pending: { _tag: "None" } }, p.body, now);
  if (s.timer !== null) {
    switch (timerDue(now)(s.timer)) {
      case "Expire":
        // RFC 4028 §10: "if the side not performing refreshes does not receive a session refresh request before the session expiration, it SHOULD send a BYE".
        return sendBye(s, now, [notify({ _tag: "SessionExpired" })]);
      case "Refresh":
        return refresh(s, s.timer, now);
      case "None":
        return [s, []];
    }
  }
  return [s, []];
};

export const established = (s: Established, event: SessionEvent): SessionStep => {
  switch (event._tag) {
    case "Received":
      return event.message._tag === "Request" ? establishedRequest(s, event.message, event.now) : establishedResponse(s, event.message, event.now);
    case "Timeout":
      // §12.2.1.2: "A UAC SHOULD also terminate a dialog if no response at all is received for
      // the request"; RFC 5057 §5.2 reads it as "terminate a dialog (by sending a BYE)", so a
      // peer that is there but did not answer (an INFO its application ignored) does not keep a
      // call this side dropped. The BYE is bounded like any other (Terminating's giveUpAt).
      if (event.method === Methods.ACK) return [s, []];
      return sendBye({ ...s, pending: { _tag: "None" } }, event.now, event.method === Methods.INVITE ? [notify({ _tag: "ReinviteDone", status: 408 })] : []);
    case "Tick":
      return establishedTick(s, event.now);
    case "Respond":
      return establishedRespond(s, event.status, event.body, event.now);
    case "RespondTo":
      return respondInDialog(s, event.request, event.status, event.body, event.now);
    case "Update":
      return sendUpdate(s, event.body ?? null, event.now);
    case "Cancel":
      return discard(s, "the call is up: hang up with BYE, CANCEL has no effect after a 2xx (§9.1)");
    case "Hangup": {
      if (s.pending._tag === "AwaitingAck" && s.pending.initial) return [{ ...s, hangupWanted: true }, []];
      if (s.pending._tag === "AckOwed") {
        // The 2xx still needs its ACK (§13.2.2.4) before the BYE; without an answer the peer sees a protocol error.
        const [acked, ackEffects] = sendOwedAck(s, null);
        return acked._tag === "Established" ? sendBye(acked, event.now, ackEffects) : [acked, ackEffects];
      }
      const pending = s.pending._tag === "Receiving" ? respondSimple(s, s.pending.request, 487) : [];
      return sendBye({ ...s, pending: { _tag: "None" } }, event.now, pending);
    }
    case "Reinvite":
      // §14.1: "a UAC MUST NOT initiate a re-INVITE while another INVITE transaction is in progress in either direction".
      return s.pending._tag === "None" ? sendReinvite(s, event.body ?? null, event.now) : discard(s, "another INVITE transaction is in progress (§14.1)");
    case "DialogTerminated":
      // RFC 5057 §5.1 "Destroys Dialog": nothing more is sent in it; the peer's pending re-INVITE is answered for its transaction's sake.
      return ended("DialogGone", s.pending._tag === "Receiving" ? respondSimple(s, s.pending.request, 481) : [], event.status);
    default:
      return absurd(event);
  }
};

export const terminating = (s: Terminating, event: SessionEvent): SessionStep => {
  switch (event._tag) {
    case "Received": {
      const m = event.message;
      if (m._tag === "Request") {
        // Both sides hung up at once: answer their BYE too; anything else gets 481 now that our BYE is out.
        if (m.method === Methods.ACK) return [s, []];
        return [s, respondSimple(s, m, m.method === Methods.BYE ? 200 : 481)];
      }
      if (m.core.cseq?.method === Methods.BYE && m.core.cseq.seq === s.bye.core.cseq?.seq && m.status >= 200) return ended("LocalBye", []);
      return m.core.cseq?.method === Methods.INVITE && isSuccess(m.status) ? retransmitted2xx(s, m) : [s, []];
    }
    case "Timeout":
      return event.method === Methods.BYE ? ended("LocalBye", []) : [s, []];
    case "Tick":
      // A shell that lost the BYE's timeout still ends the session: bounded time, no state left.
      return event.now >= s.giveUpAt ? ended("LocalBye", []) : [s, []];
    case "Respond":
    case "RespondTo":
    case "Cancel":
    case "Hangup":
    case "Reinvite":
    case "Update":
      return [s, []];
    case "DialogTerminated":
      // Our BYE's response or timeout will find no session: the dialog is gone already.
      return ended("DialogGone", [], event.status);
    default:
      return absurd(event);
  }
};
