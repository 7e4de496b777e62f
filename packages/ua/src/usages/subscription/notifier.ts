// The notifier (RFC 6665 §4.2) as a reducer, also serving the implicit subscription of a REFER
// (RFC 3515 §2.4.4). The application accepts or rejects the SUBSCRIBE (§4.2.1.1); a NOTIFY
// follows every 2xx at once (§4.2.1.2) and every state change (§4.2.2), one at a time;
// refreshes extend the subscription (§4.2.1.4), Expires: 0 and expiry end it with a terminated
// NOTIFY (reason=timeout), and the subscription is gone once that NOTIFY completes (§4.4.1).
import type { Seed } from "@puresip/kernel";
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import { createUasDialog, receiveRequest } from "@puresip/dialog";
import type { Dialog } from "@puresip/dialog";
import { Methods, createResponse } from "@puresip/message";
import type { HeaderField, SipRequest, SipResponse, Tag } from "@puresip/message";
import { contactField, creatingMethod, discarded, endsUsage, expiresOf, inDialogRequest, isSuccess, notify, respond, sameCSeq, sendRequest } from "./common.js";
import type { EventPackage } from "./event.js";
import { eventField, eventOf, sameEvent } from "./event.js";
import type { SubscriptionState } from "./substate.js";
import { subscriptionStateField } from "./substate.js";
import type { Deciding, NotifierConfig, NotifierEffect, NotifierEndReason, NotifierEvent, NotifierNotice, NotifierState, NotifierStep, Serving } from "./types.js";

type Effect = NotifierEffect;

const ended = (reason: NotifierEndReason, effects: ReadonlyArray<Effect> = []): NotifierStep => [
  { _tag: "Ended", reason },
  [...effects, notify<NotifierNotice>({ _tag: "Ended", reason }), { _tag: "Forget" }],
];

const unchanged = (state: NotifierState, reason: string): NotifierStep => [state, [discarded(reason)]];

const refuse = (request: SipRequest, status: number, headers: ReadonlyArray<HeaderField> = []): NotifierStep =>
  ended({ _tag: "Rejected", status }, [respond<NotifierNotice>(request, status, headers)]);

const warning = (text: string): HeaderField => ({ name: "Warning", value: `399 - "${text.replace(/"/g, "'")}"` });

/** The duration a SUBSCRIBE asks for, or why it is refused (§4.2.1.1, §4.2.1.4). */
type Duration = { readonly _tag: "Granted"; readonly seconds: number } | { readonly _tag: "Refused"; readonly status: 400 | 423; readonly headers: ReadonlyArray<HeaderField> };

/**
 * §4.2.1.1: "If and only if the expiration interval is greater than zero AND smaller than one
 * hour AND less than a notifier-configured minimum, the notifier MAY return a 423 (Interval
 * Too Brief)"; the notifier "MAY shorten the interval but MUST NOT lengthen it". No Expires:
 * the package's default, here `maxExpires`.
 */
const durationOf = (config: NotifierConfig, request: SipRequest): Duration => {
  if (request.method !== Methods.SUBSCRIBE) return { _tag: "Granted", seconds: config.maxExpires };
  const asked = expiresOf(request);
  if (E.isLeft(asked)) return { _tag: "Refused", status: 400, headers: [warning(asked.left)] };
  if (O.isNone(asked.right)) return { _tag: "Granted", seconds: config.maxExpires };
  const seconds = asked.right.value;
  if (config.minExpires !== null && seconds > 0 && seconds < 3600 && seconds < config.minExpires) {
    return { _tag: "Refused", status: 423, headers: [{ name: "Min-Expires", value: String(config.minExpires) }] };
  }
  return { _tag: "Granted", seconds: Math.min(seconds, config.maxExpires) };
};

/** The event this request subscribes to, or the refusal (§4.2.1.1 489, §4.2.3 no Event). */
const requestedEvent = (config: NotifierConfig, request: SipRequest): E.Either<NotifierStep, EventPackage> => {
  // RFC 3515 §2.4.6: the NOTIFYs carry "an id parameter ... containing the sequence number (CSeq) of the REFER".
  if (request.method === Methods.REFER) return E.right({ type: config.event.type, id: String(request.core.cseq?.seq ?? 0) });
  const event = eventOf(request);
  if (E.isLeft(event)) return E.left(refuse(request, 400, [warning(event.left)]));
  const allow: HeaderField = { name: "Allow-Events", value: config.event.type };
  // §4.2.3: "it SHOULD return 489 (Bad Event) to any SUBSCRIBE requests without an "Event" header field".
  if (O.isNone(event.right) || event.right.value.type !== config.event.type) return E.left(refuse(request, 489, [allow]));
  return E.right(event.right.value);
};

export interface NotifierStart {
  /** `event.type` is the package served (e.g. "presence", or "refer"); the id comes from the request. */
  readonly config: NotifierConfig;
  readonly now: number;
  readonly seed: Seed;
  /** Our To tag for a dialog-creating 2xx (RFC 3261 §19.3), from the shell's entropy. */
  readonly toTag: Tag;
  /** The dialog the request arrived in (a REFER in a call, a new SUBSCRIBE in a dialog). */
  readonly dialog?: Dialog;
}

/**
 * A SUBSCRIBE (or REFER) arrived: check its Event and Expires (§4.2.1.1) and, in an existing
 * dialog, its CSeq (RFC 3261 §12.2.2), then let the application decide (`Incoming`).
 */
export const startNotifier = (start: NotifierStart, request: SipRequest): NotifierStep => {
  const { config } = start;
  if (request.method !== creatingMethod(config)) return refuse(request, 405, [{ name: "Allow", value: config.method }]);
  const event = requestedEvent(config, request);
  if (E.isLeft(event)) return event.left;
  const duration = durationOf(config, request);
  if (duration._tag === "Refused") return refuse(request, duration.status, duration.headers);
  let dialog: Dialog | null = null;
  if (start.dialog !== undefined) {
    const checked = receiveRequest(request)(start.dialog);
    if (E.isLeft(checked)) return refuse(request, checked.left.status);
    dialog = checked.right;
  }
  const deciding: Deciding = {
    _tag: "Deciding",
    config: { ...config, event: event.right },
    seed: start.seed,
    request,
    toTag: start.toTag,
    dialog,
    expires: duration.seconds,
    decideBy: start.now + DECISION_T1S * config.t1,
  };
  return [deciding, [notify({ _tag: "Incoming", request, expires: duration.seconds })]];
};

/**
 * How long the application may take to decide, in T1s: 8 s with the default T1, well inside
 * the subscriber's Timer F (64*T1).
 */
export const DECISION_T1S = 16;

/** When the notifier wants a Tick: the decision deadline, or the expiry of a subscription not yet ending. */
export const nextNotifierDeadline = (state: NotifierState): O.Option<number> => {
  if (state._tag === "Deciding") return O.some(state.decideBy);
  return state._tag === "Serving" && state.ending === null ? O.some(state.expiresAt) : O.none;
};

// ---------------------------------------------------------------- NOTIFY

/** §4.2.2: "the time remaining on the subscription", in whole seconds. */
const remaining = (s: Serving, now: number): number => Math.max(0, Math.ceil((s.expiresAt - now) / 1000));

const stateToSend = (s: Serving, now: number): SubscriptionState =>
  s.ending !== null ? { _tag: "Terminated", reason: s.ending.reason, retryAfter: s.ending.retryAfter } : { _tag: s.substate, expires: remaining(s, now) };

/**
 * §4.2.2: a NOTIFY with Event, Subscription-State and the current state as its body. RFC 6665
 * does not allow two at once in practice (each NOTIFY is a target refresh whose CSeq orders
 * it), so a change that comes while one is outstanding waits for it (`queued`).
 */
const sendNotify = (s: Serving, now: number, extra: ReadonlyArray<Effect> = []): NotifierStep => {
  if (s.notifying !== null) return [{ ...s, queued: true }, extra];
  const built = inDialogRequest(s.config, s.seed, s.dialog, Methods.NOTIFY, [eventField(s.config.event), subscriptionStateField(stateToSend(s, now))], s.body);
  if (E.isLeft(built)) return ended({ _tag: "NotifyFailed", status: 0 }, [...extra, discarded(built.left)]);
  const next: Serving = { ...s, seed: built.right.seed, dialog: built.right.dialog, notifying: { request: built.right.request, final: s.ending !== null }, queued: false };
  return [next, [...extra, sendRequest(built.right.request)]];
};

/** §4.2.1.4: end the subscription with a terminated NOTIFY. */
const terminate = (s: Serving, now: number, reason: string, retryAfter: number | null, extra: ReadonlyArray<Effect> = []): NotifierStep =>
  sendNotify({ ...s, ending: { reason, retryAfter } }, now, extra);

// ---------------------------------------------------------------- deciding

const accept = (s: Deciding, event: Extract<NotifierEvent, { _tag: "Accept" }>): NotifierStep => {
  // RFC 3515 §2.4.2: a REFER accepted is answered 202 Accepted; RFC 6665 §4.2.1.1: SUBSCRIBE gets 200.
  const status = s.request.method === Methods.REFER ? 202 : 200;
  const headers: ReadonlyArray<HeaderField> = [...(s.request.method === Methods.SUBSCRIBE ? [{ name: "Expires", value: String(s.expires) }] : []), contactField(s.config)];
  const response = createResponse(status, { headers, ...(s.dialog === null ? { toTag: s.toTag } : {}) })(s.request);
  if (E.isLeft(response)) return ended({ _tag: "Rejected", status: 0 }, [discarded(`no ${String(status)}: ${response.left.reason}`)]);
  const dialog = s.dialog === null ? createUasDialog(s.request, { overTls: s.config.overTls })(response.right) : E.right(s.dialog);
  if (E.isLeft(dialog)) return refuse(s.request, 400, [warning(`no dialog: ${dialog.left._tag}`)]);
  return first(s, event, response.right, dialog.right);
};

/** §4.2.1.2: "Upon successfully accepting ... a subscription, notifiers MUST send a NOTIFY request immediately". */
const first = (s: Deciding, event: Extract<NotifierEvent, { _tag: "Accept" }>, response: SipResponse, dialog: Dialog): NotifierStep => {
  const serving: Serving = {
    _tag: "Serving",
    config: s.config,
    seed: s.seed,
    dialog,
    substate: event.state,
    expiresAt: event.now + s.expires * 1000,
    body: event.body ?? null,
    notifying: null,
    queued: false,
    ending: null,
  };
  const answered: ReadonlyArray<Effect> = [{ _tag: "SendResponse", request: s.request, response }];
  // §4.4.3: a SUBSCRIBE with Expires: 0 fetches the state once; its NOTIFY ends it (reason=timeout).
  return s.expires === 0 ? terminate(serving, event.now, "timeout", null, answered) : sendNotify(serving, event.now, answered);
};

const stepDeciding = (s: Deciding, event: NotifierEvent): NotifierStep => {
  switch (event._tag) {
    case "Accept":
      return accept(s, event);
    case "Reject":
      if (event.status < 300 || event.status > 699) return unchanged(s, "Reject needs a status from 300 to 699");
      return refuse(s.request, event.status);
    case "Received":
      if (event.message._tag === "Request" && event.message.method !== Methods.ACK) return [s, [respond(event.message, 481)]];
      return unchanged(s, "nothing is outstanding before the decision");
    case "Tick":
      // §4.2.1.3: "If the notifier owner is interactively queried to determine whether a subscription is allowed, a 200 (OK) response is returned immediately"; the NOTIFY says pending.
      return event.now >= s.decideBy ? accept(s, { _tag: "Accept", now: event.now, state: "Pending" }) : [s, []];
    case "Timeout":
    case "Update":
    case "Terminate":
      return unchanged(s, `${event._tag} before the subscription was accepted`);
    default:
      return absurd(event);
  }
};

// ---------------------------------------------------------------- serving

/** §4.2.1.4: a refresh (or Expires: 0) in the dialog. */
const onSubscribe = (s: Serving, now: number, request: SipRequest): NotifierStep => {
  const checked = receiveRequest(request)(s.dialog);
  if (E.isLeft(checked)) return [s, [respond(request, checked.left.status)]];
  const event = eventOf(request);
  if (E.isLeft(event)) return [s, [respond(request, 400, [warning(event.left)])]];
  if (O.isNone(event.right) || event.right.value.type !== s.config.event.type) return [s, [respond(request, 489, [{ name: "Allow-Events", value: s.config.event.type }])]];
  if (!sameEvent(event.right.value, s.config.event)) return [s, [respond(request, 481)]];
  // §4.4.1: once the terminated NOTIFY is on its way the subscription is over.
  if (s.ending !== null) return [s, [respond(request, 481)]];
  const duration = durationOf(s.config, request);
  if (duration._tag === "Refused") return [s, [respond(request, duration.status, duration.headers)]];
  const seconds = duration.seconds;
  const ok = respond<NotifierNotice>(request, 200, [{ name: "Expires", value: String(seconds) }, contactField(s.config)]);
  const refreshed: Serving = { ...s, dialog: checked.right, expiresAt: now + seconds * 1000 };
  const effects: ReadonlyArray<Effect> = [ok, notify({ _tag: "Refreshed", expires: seconds })];
  // §4.2.1.4: Expires: 0 is treated "the same way as any other subscription expiration": terminated;reason=timeout.
  if (seconds === 0) return terminate(refreshed, now, "timeout", null, effects);
  // §4.2.1.2: a NOTIFY follows a refresh too.
  return sendNotify(refreshed, now, effects);
};

const onNotifyResponse = (s: Serving, now: number, response: SipResponse): NotifierStep => {
  const pending = s.notifying;
  if (pending === null || !sameCSeq(pending.request, response) || response.core.callId !== s.dialog.id.callId) return unchanged(s, "a response to no outstanding NOTIFY");
  if (response.status < 200) return [s, []];
  const delivered = notify<NotifierNotice>({ _tag: "Delivered", status: response.status });
  // §4.4.1: "A subscription is destroyed after a notifier sends a NOTIFY request with a "Subscription-State" of "terminated"".
  if (pending.final) return ended({ _tag: "Terminated", reason: s.ending?.reason ?? "timeout" }, [delivered]);
  // §4.2.2: "the notifier MUST remove the corresponding subscription" for these codes.
  if (!isSuccess(response.status) && endsUsage(response.status)) return ended({ _tag: "NotifyFailed", status: response.status }, [delivered]);
  const next: Serving = { ...s, notifying: null };
  return s.queued ? sendNotify(next, now, [delivered]) : [next, [delivered]];
};

const stepServing = (s: Serving, event: NotifierEvent): NotifierStep => {
  switch (event._tag) {
    case "Received": {
      const m = event.message;
      if (m._tag === "Response") return onNotifyResponse(s, event.now, m);
      if (m.method === Methods.SUBSCRIBE) return onSubscribe(s, event.now, m);
      if (m.method === Methods.ACK) return unchanged(s, "an ACK is not for a subscription");
      return [s, [respond(m, 405, [{ name: "Allow", value: "SUBSCRIBE" }])]];
    }
    case "Timeout":
      // §4.2.2: "If the NOTIFY request fails due to expiration of SIP Timer F ... the notifier SHOULD remove the subscription."
      return s.notifying === null ? unchanged(s, "no NOTIFY is outstanding") : ended(s.notifying.final ? { _tag: "Terminated", reason: s.ending?.reason ?? "timeout" } : { _tag: "NotifyFailed", status: 408 });
    case "Tick":
      // §4.2.1.4: "If no refresh ... is received before its expiration time, the subscription is removed ... reason=timeout".
      return s.ending === null && event.now >= s.expiresAt ? terminate(s, event.now, "timeout", null) : [s, []];
    case "Update":
      if (s.ending !== null) return unchanged(s, "the subscription is ending");
      return sendNotify({ ...s, substate: event.state ?? s.substate, body: event.body ?? s.body }, event.now);
    case "Terminate":
      if (s.ending !== null) return unchanged(s, "the subscription is ending");
      return terminate({ ...s, body: event.body ?? s.body }, event.now, event.reason, event.retryAfter ?? null);
    case "Accept":
    case "Reject":
      return unchanged(s, "the subscription was already decided");
    default:
      return absurd(event);
  }
};

/** The notifier's reducer: one event in, the next state and the effects to run, in order. */
export const stepNotifier = (state: NotifierState, event: NotifierEvent): NotifierStep => {
  switch (state._tag) {
    case "Deciding":
      return stepDeciding(state, event);
    case "Serving":
      return stepServing(state, event);
    case "Ended":
      if (event._tag === "Received" && event.message._tag === "Request" && event.message.method !== Methods.ACK) return [state, [respond(event.message, 481)]];
      return unchanged(state, "the subscription has ended");
    default:
      return absurd(state);
  }
};

/** RFC 3261 §22.2: our NOTIFY went again with credentials and a new CSeq (see `adoptSubscriberRequest`). */
export const adoptNotifierRequest = (state: NotifierState, request: SipRequest): NotifierState => {
  const seq = request.core.cseq?.seq;
  if (state._tag !== "Serving" || state.notifying === null || seq === undefined || request.method !== Methods.NOTIFY) return state;
  const localSeq = O.isSome(state.dialog.localSeq) ? Math.max(seq, state.dialog.localSeq.value) : seq;
  return { ...state, notifying: { ...state.notifying, request }, dialog: { ...state.dialog, localSeq: O.some(localSeq) } };
};
