// The INVITE usage (RFC 3261 §13–15 via @puresip/dialog's session reducer) inside the UA: one
// registry entry per call, its session's effects interpreted (requests through uac/send.ts,
// responses to their server transactions, notices to the application), and SDP made and
// negotiated here when the UA has media capabilities.
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import { sessionDeadline, stepSession, tagOf } from "@puresip/dialog";
import type { Body, InviteSession, SessionEffect, SessionEvent, SessionNotice } from "@puresip/dialog";
import { Methods, addHeader, expiresHeader, headerKey, readHeader } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import type { Origin, SessionDescription } from "@puresip/sdp";
import { serverKeyOfRequest } from "@puresip/transaction";
import { capabilityHeaders } from "../../capabilities.js";
import type { Ctx } from "../../core/context.js";
import { deliver, mintSessionId, problem, toLayer } from "../../core/context.js";
import { current } from "../../core/dialogs.js";
import { agreed, answerTo, bodyOf, messageBody, refusesEverything, sdpOf } from "./sdp.js";
import { supportedOf, warning } from "./replaces.js";
import { sendRequest } from "../../uac/send.js";
import type { CallMedia, Usage, UsageKey } from "../../core/types.js";
import { answerDueKey } from "../../core/keys.js";

export type Call = Extract<Usage, { _tag: "Call" }>;

/** When a call wants `Tick`: its session's timers, and the INVITE's Expires and answer timeout. */
export const callDeadline = (usage: Call): O.Option<number> => {
  const own = sessionDeadline(usage.session);
  // §13.2.1: our INVITE's Expires, until we cancel it or a final response comes.
  if (usage.session._tag === "Calling" && usage.session.cancel._tag === "No" && usage.expiresAt !== undefined) {
    return O.some(O.isSome(own) ? Math.min(own.value, usage.expiresAt) : usage.expiresAt);
  }
  // §13.3.1: the INVITE's Expires (and our answer timeout) matter only until the final response.
  if (usage.session._tag !== "Incoming") return own;
  const limits = [usage.expiresAt, usage.unansweredAt, usage.provisionalAgainAt, O.toUndefined(own)].filter((n): n is number => n !== undefined);
  return limits.length === 0 ? O.none : O.some(Math.min(...limits));
};

export const callOf = (ctx: Ctx, key: UsageKey): Call | undefined => {
  const entry = ctx.store.get(key);
  return entry?._tag === "Usage" && entry.usage._tag === "Call" ? entry.usage : undefined;
};

/**
 * §12.2.1.1 across usages: the session's dialog counts on from the dialog's entry, where a
 * subscription in the same dialog (a REFER's) may have used a higher CSeq (core/dialogs.ts).
 */
const counted = (ctx: Ctx, session: InviteSession): InviteSession => {
  switch (session._tag) {
    case "Established":
    case "Terminating":
      return { ...session, dialog: current(ctx.store, session.dialog) };
    case "Incoming":
      return session.early === null ? session : { ...session, early: current(ctx.store, session.early) };
    case "Calling":
    case "Ended":
      return session;
    default:
      return absurd(session);
  }
};

const putCall = (ctx: Ctx, key: UsageKey, call: Call): void => {
  ctx.store.put(key, { _tag: "Usage", usage: call });
};

const setMedia = (ctx: Ctx, key: UsageKey, media: CallMedia): void => {
  const call = callOf(ctx, key);
  if (call !== undefined) putCall(ctx, key, { ...call, media });
};

/** Tell the application what an exchange agreed; `offer` is whichever side offered. */
const announce = (ctx: Ctx, key: UsageKey, offer: SessionDescription, answer: SessionDescription, local: SessionDescription, remote: SessionDescription): void => {
  const negotiation = agreed(offer, answer);
  if (E.isLeft(negotiation)) problem(ctx, negotiation.left);
  else deliver(ctx, { _tag: "CallMedia", call: key, negotiation: negotiation.right, local, remote });
};

/** RFC 3264 §8: a description with the same o= line (version included) describes no change. */
const sameOrigin = (a: Origin, b: Origin): boolean =>
  a.sessionVersion === b.sessionVersion &&
  a.sessionId === b.sessionId &&
  a.username === b.username &&
  a.unicastAddress === b.unicastAddress &&
  a.addrType === b.addrType &&
  a.netType === b.netType;

/**
 * A session description from the peer. An answer to our offer completes an exchange (RFC 3264
 * §7): `announce` tells the application once the session's own notices are out.
 */
const remoteSdp = (before: InviteSession, media: CallMedia, message: SipRequest | SipResponse): readonly [CallMedia, O.Option<SessionDescription>] => {
  const remote = sdpOf(message);
  if (O.isNone(remote)) return [media, O.none];
  // §13.2.1: "The UAC MUST treat the first session description it receives as the answer, and
  // MUST ignore any session descriptions in subsequent responses to the initial INVITE." A 2xx
  // repeating the answer of an unreliable 183 is that; another fork's answer has an o= line of
  // its own and is taken (its dialog is the one the call may end up in).
  if (message._tag === "Response" && before._tag === "Calling" && O.isSome(media.remote) && sameOrigin(media.remote.value.origin, remote.value.origin)) return [media, O.none];
  const oa = before._tag === "Ended" ? undefined : before.offerAnswer;
  const answersOurs = oa?._tag === "OfferPending" && oa.offerer === "Local" && O.isSome(media.local);
  return [{ ...media, remote }, answersOurs ? remote : O.none];
};

/** A session description we send: our answer to the peer's offer completes an exchange. */
const localSdp = (ctx: Ctx, key: UsageKey, before: InviteSession, message: SipRequest | SipResponse): void => {
  const local = sdpOf(message);
  const call = callOf(ctx, key);
  if (O.isNone(local) || call === undefined) return;
  const oa = before._tag === "Ended" ? undefined : before.offerAnswer;
  if (oa?._tag === "OfferPending" && oa.offerer === "Remote" && O.isSome(call.media.remote)) {
    announce(ctx, key, call.media.remote.value, local.value, local.value, call.media.remote.value);
  }
  setMedia(ctx, key, { ...call.media, local });
};

/** Our SDP answer to the offer in `message`, when the UA makes SDP itself. */
const autoAnswer = (ctx: Ctx, key: UsageKey, message: SipRequest | SipResponse): O.Option<Body> => {
  const caps = ctx.config.media;
  const offer = sdpOf(message);
  const call = callOf(ctx, key);
  if (caps === undefined || O.isNone(offer) || call === undefined) return O.none;
  // The first description of a session gets its own o= sess-id; later ones keep ours (media.ts).
  const answer = answerTo(O.isNone(call.media.local) ? { ...caps, sessionId: mintSessionId(ctx) } : caps, offer.value, call.media.local);
  if (E.isLeft(answer)) {
    problem(ctx, answer.left);
    return O.none;
  }
  return O.some(bodyOf(answer.right));
};

/**
 * §14.2: "If the new session description is not acceptable, the UAS can reject it by returning
 * a 488 (Not Acceptable Here) response for the re-INVITE": a re-offer whose every stream our
 * answer would reject (no format in common) is refused, as the initial offer is (§13.3.1.3).
 */
const refusedReoffer = (ctx: Ctx, key: UsageKey, request: SipRequest): boolean => {
  const caps = ctx.config.media;
  const offer = sdpOf(request);
  const call = callOf(ctx, key);
  if (caps === undefined || O.isNone(offer) || call === undefined || O.isNone(call.media.local)) return false;
  const answer = answerTo(caps, offer.value, call.media.local);
  return E.isRight(answer) && refusesEverything(offer.value, answer.right);
};

const remoteTagOf = (response: SipResponse): O.Option<string> => (response.core.to === undefined ? O.none : tagOf(response.core.to));

/**
 * RFC 3891 §3: the new call is confirmed, so the one it replaces is shut down: "by sending a
 * BYE" when it was confirmed, "by sending a CANCEL" when it was an early dialog of ours (what
 * `Hangup` does in each state). Its own `CallEnded` follows.
 */
const endReplaced = (ctx: Ctx, key: UsageKey): void => {
  const old = callOf(ctx, key)?.replaces;
  if (old === undefined || callOf(ctx, old) === undefined) return;
  runSession(ctx, old, { _tag: "Hangup", now: ctx.now });
};

/** The body of the message that made the session say `n`, for the events that carry it. */
const carried = (received: SipRequest | SipResponse | undefined): { readonly body?: Body } => {
  const body = received === undefined ? undefined : messageBody(received);
  return body === undefined ? {} : { body };
};

/**
 * A request in the dialog for the application (INFO, ...). Its non-INVITE server transaction has
 * no timer of its own in Trying or Proceeding (§17.2.2), so one the application never answers is
 * filed until its answer is due: 64*T1 on, its client has given up (Timer F, §17.1.2.2) and the
 * transaction is destroyed (step.ts `tick`, as for a request outside a dialog).
 */
const handOver = (ctx: Ctx, key: UsageKey, request: SipRequest): void => {
  deliver(ctx, { _tag: "InDialogRequest", call: key, request });
  const server = serverKeyOfRequest(request);
  if (E.isRight(server) && request.method !== Methods.INVITE) ctx.store.put(answerDueKey(server.right), { _tag: "Recent", serverKey: server.right, until: ctx.now + 64 * ctx.config.layer.timers.t1 });
};

const notice = (ctx: Ctx, key: UsageKey, n: SessionNotice, queue: Array<SessionEvent>, received: SipRequest | SipResponse | undefined): void => {
  const now = ctx.now;
  switch (n._tag) {
    case "Provisional":
      deliver(ctx, { _tag: "CallProgress", call: key, status: n.response.status, remoteTag: remoteTagOf(n.response), response: n.response });
      return;
    case "AnswerNeeded": {
      // §13.2.1 / RFC 3262 §5: the offer came in a 2xx or reliable 1xx; the answer goes in the ACK or PRACK.
      const body = autoAnswer(ctx, key, n.response);
      if (O.isSome(body)) queue.push({ _tag: "Respond", now, status: 200, body: body.value });
      else deliver(ctx, { _tag: "AnswerNeeded", call: key, response: n.response });
      return;
    }
    case "Established":
      deliver(ctx, { _tag: "CallEstablished", call: key, remoteTag: n.dialog.id.remoteTag, ...carried(received) });
      endReplaced(ctx, key);
      return;
    case "Failed":
      deliver(ctx, { _tag: "CallFailed", call: key, status: n.status });
      return;
    case "IncomingReinvite": {
      // §14.2: with media, the UA answers the offer itself (or, for an offerless re-INVITE, offers its current SDP).
      if (refusedReoffer(ctx, key, n.request)) {
        queue.push({ _tag: "Respond", now, status: 488 });
        return;
      }
      const call = callOf(ctx, key);
      const body = O.isSome(sdpOf(n.request)) ? autoAnswer(ctx, key, n.request) : ctx.config.media === undefined || call === undefined ? O.none : O.map(bodyOf)(call.media.local);
      if (O.isSome(body)) queue.push({ _tag: "Respond", now, status: 200, body: body.value });
      else handOver(ctx, key, n.request);
      return;
    }
    case "IncomingUpdate":
    case "IncomingPrack": {
      const body = autoAnswer(ctx, key, n.request);
      if (O.isSome(body)) queue.push({ _tag: "RespondTo", now, request: n.request, status: 200, body: body.value });
      else handOver(ctx, key, n.request);
      return;
    }
    case "InDialogRequest":
      handOver(ctx, key, n.request);
      return;
    case "ReinviteAcked":
      if (ctx.config.media === undefined) deliver(ctx, { _tag: "ReinviteAcked", call: key, ...carried(received) });
      return;
    case "ReinviteDone":
    case "UpdateDone":
      deliver(ctx, { _tag: "ReofferDone", call: key, status: n.status, ...carried(received) });
      return;
    case "PrackDone":
      return;
    case "SessionExpired":
      problem(ctx, "the session expired without a refresh (RFC 4028 §10); hanging up");
      return;
    case "Ended":
      deliver(ctx, { _tag: "CallEnded", call: key, reason: n.reason, ...(n.status === undefined ? {} : { status: n.status }) });
      return;
    case "ProtocolError":
      problem(ctx, n.reason);
      return;
  }
};

/**
 * §13.3.1.4: "A 2xx response to an INVITE SHOULD contain the Allow header field and the
 * Supported header field ... [so] the UAC [can] determine the features and extensions
 * supported by the UAS for the duration of the call, without probing": both from the UA's
 * capabilities, unless the session already put one in.
 */
const withCapabilities = (ctx: Ctx, request: SipRequest, response: SipResponse): SipResponse => {
  if (request.method !== Methods.INVITE || response.status < 200 || response.status >= 300) return response;
  let out = response;
  for (const h of capabilityHeaders(ctx.config.capabilities)) {
    if (out.headers.some((f) => headerKey(f.name) === headerKey(h.name))) continue;
    out = E.getOrElse(() => out)(addHeader(h.name, h.value)(out));
  }
  return out;
};

/**
 * §13.3.1.3: a 488 refusing an INVITE's offer "SHOULD include a Warning header field value
 * explaining why the offer was rejected"; §14.2 says the same of a re-INVITE's. A 488 the
 * session or the application sent without one gets this UA's (§20.43, code 399).
 */
const withWarning = (ctx: Ctx, response: SipResponse): SipResponse => {
  if (response.status !== 488 || response.headers.some((f) => headerKey(f.name) === "warning")) return response;
  const w = warning(ctx.config.capabilities.warnAgent, "the session description offered is not acceptable here");
  return E.getOrElse(() => response)(addHeader(w.name, w.value)(response));
};

const sessionEffect = (ctx: Ctx, key: UsageKey, before: InviteSession, e: SessionEffect, queue: Array<SessionEvent>, received?: SipRequest | SipResponse): void => {
  switch (e._tag) {
    case "SendRequest":
      localSdp(ctx, key, before, e.request);
      sendRequest(ctx, e.request, { _tag: "Usage", key });
      // §15.1.1: "The UAC MUST consider the session terminated (and therefore stop sending or
      // listening for media) as soon as the BYE request is passed to the client transaction";
      // `CallEnded` still waits for the BYE's transaction to end.
      if (e.request.method === Methods.BYE) deliver(ctx, { _tag: "SessionTerminated", call: key });
      return;
    case "SendResponse": {
      localSdp(ctx, key, before, e.response);
      const server = serverKeyOfRequest(e.request);
      if (E.isLeft(server)) problem(ctx, `no server transaction for a ${e.request.method}: ${server.left.reason}`);
      else toLayer(ctx, { _tag: "SendResponse", now: ctx.now, key: server.right, response: withWarning(ctx, withCapabilities(ctx, e.request, e.response)) });
      if (e.request.method === Methods.INVITE && e.response.status > 100 && e.response.status < 200) provisionalSent(ctx, key);
      return;
    }
    case "Notify":
      notice(ctx, key, e.notice, queue, received);
      return;
    case "Forget":
      ctx.store.forget(key);
      return;
    case "Discarded":
      problem(ctx, e.reason);
      return;
  }
};

/** Runs the session effects of a step that already produced `session` (start or event). */
export const applySession = (
  ctx: Ctx,
  key: UsageKey,
  before: InviteSession,
  after: Call,
  effects: ReadonlyArray<SessionEffect>,
  received?: SipRequest | SipResponse,
): void => {
  const queue: Array<SessionEvent> = [];
  putCall(ctx, key, after);
  for (const e of effects) sessionEffect(ctx, key, before, e, queue, received);
  for (let event = queue.shift(); event !== undefined; event = queue.shift()) {
    const call = callOf(ctx, key);
    if (call === undefined) return;
    const [session, more] = stepSession(counted(ctx, call.session), event);
    putCall(ctx, key, { ...call, session });
    for (const e of more) sessionEffect(ctx, key, call.session, e, queue);
  }
};

/**
 * The final response the UA gives itself to an incoming call nobody answered in time, if
 * `event` is the tick of that deadline. §13.3.1: "If the invitation expires before the UAS has
 * generated a final response, a 487 (Request Terminated) response SHOULD be generated." With
 * no answer within `UaConfig.answerTimeout`: 480 Temporarily Unavailable (§21.4.18, the callee
 * was reached but is unavailable) rather than 408, which says the server itself "could not
 * produce a response" (§21.4.9), e.g. could not locate the user.
 */
const unanswered = (call: Call, event: SessionEvent): SessionEvent | undefined => {
  if (event._tag !== "Tick") return undefined;
  // §13.2.1: "If the time indicated in the Expires header field is reached and no final answer
  // for the INVITE has been received, the UAC core SHOULD generate a CANCEL request".
  if (call.session._tag === "Calling") return call.session.cancel._tag === "No" && call.expiresAt !== undefined && event.now >= call.expiresAt ? { _tag: "Cancel", now: event.now } : undefined;
  if (call.session._tag !== "Incoming") return undefined;
  if (call.expiresAt !== undefined && event.now >= call.expiresAt) return { _tag: "Respond", now: event.now, status: 487 };
  if (call.unansweredAt !== undefined && event.now >= call.unansweredAt) return { _tag: "Respond", now: event.now, status: 480 };
  return undefined;
};

/**
 * §13.3.1.1: "To prevent cancellation, the UAS MUST send a non-100 provisional response at
 * every minute, to handle the possibility of lost provisional responses" (a proxy's Timer C is
 * at least 3 minutes, §16.6 step 11). The one sent last goes out again a minute after it.
 */
export const PROVISIONAL_INTERVAL = 60_000;

const provisionalSent = (ctx: Ctx, key: UsageKey): void => {
  const call = callOf(ctx, key);
  if (call !== undefined) putCall(ctx, key, { ...call, provisionalAgainAt: ctx.now + PROVISIONAL_INTERVAL });
};

/**
 * At `provisionalAgainAt`, the last non-100 provisional of the INVITE server transaction (the
 * very response, To tag and RSeq included) is passed to it again; the transaction sends it.
 */
const provisionalAgain = (ctx: Ctx, key: UsageKey, call: Call): void => {
  if (call.session._tag !== "Incoming" || call.provisionalAgainAt === undefined || ctx.now < call.provisionalAgainAt) return;
  const server = serverKeyOfRequest(call.session.invite);
  const entry = E.isRight(server) ? ctx.store.get(server.right) : undefined;
  const last = entry?._tag === "InviteServer" && entry.state._tag === "Proceeding" ? entry.state.provisional : null;
  if (E.isLeft(server) || last === null || last.status <= 100) return;
  toLayer(ctx, { _tag: "SendResponse", now: ctx.now, key: server.right, response: last });
  provisionalSent(ctx, key);
};

/** §13.2.1 / §13.3.1: the INVITE's Expires as the instant its invitation expires, for the call's `expiresAt`. */
export const invitationExpiry = (now: number, invite: SipRequest): { readonly expiresAt?: number } => {
  const expires = readHeader(expiresHeader)(invite);
  return E.isRight(expires) && O.isSome(expires.right) ? { expiresAt: now + expires.right.value * 1000 } : {};
};

/** RFC 4488 §4: what the callee listed in Supported in the 2xx that confirmed our call. */
const peerSupports = (call: Call, event: SessionEvent): { readonly peerSupports?: ReadonlyArray<string> } => {
  if (call.session._tag !== "Calling" || event._tag !== "Received" || event.message._tag !== "Response") return {};
  const r = event.message;
  return r.status >= 200 && r.status < 300 && r.core.cseq?.method === Methods.INVITE ? { peerSupports: supportedOf(r) } : {};
};

/** One event for the call `key`. */
export const runSession = (ctx: Ctx, key: UsageKey, event: SessionEvent): void => {
  const call = callOf(ctx, key);
  if (call === undefined) {
    problem(ctx, `no call ${key}`);
    return;
  }
  const final = unanswered(call, event);
  if (final === undefined && event._tag === "Tick") provisionalAgain(ctx, key, call);
  const [session, effects] = stepSession(counted(ctx, call.session), final ?? event);
  const [media, answer] = event._tag === "Received" ? remoteSdp(call.session, call.media, event.message) : [call.media, O.none];
  applySession(ctx, key, call.session, { ...(callOf(ctx, key) ?? call), session, media, ...peerSupports(call, event) }, effects, event._tag === "Received" ? event.message : undefined);
  if (O.isSome(answer) && O.isSome(media.local)) announce(ctx, key, media.local.value, answer.value, media.local.value, answer.value);
};
