// The subscriber receiving NOTIFY (RFC 6665 §4.1.3): the Event and Subscription-State checks,
// the dialog a NOTIFY creates before the SUBSCRIBE's 2xx (§4.1.2.4), a second fork's NOTIFY
// (§4.1.4), and what each accepted NOTIFY does to the subscription.
import type { Seed } from "@puresip/kernel";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { createUasDialog, receiveRequest, tagOf } from "@puresip/dialog";
import type { Dialog } from "@puresip/dialog";
import { Methods, createResponse } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import { discarded, notify, respond } from "./common.js";
import { eventOf } from "./event.js";
import { resubscribeAdvice, subscriptionStateOf } from "./substate.js";
import type { Outstanding, SubscriberConfig, SubscriberEffect, SubscriberNotice, SubscriberStep, Subscribed, Subscribing } from "./types.js";
import { ended, settle, withRefresh } from "./subscriber-base.js";
import type { Effect } from "./subscriber-base.js";

// ---------------------------------------------------------------- NOTIFY

/** The NOTIFY's Event against ours: 489 for another package, 481 for another subscription to it (§4.1.3, §8.2.1). */
const eventProblem = (config: SubscriberConfig, request: SipRequest): 481 | 489 | null => {
  const event = eventOf(request);
  if (E.isLeft(event) || O.isNone(event.right)) return 489;
  const got = event.right.value;
  if (got.type !== config.event.type) return 489;
  if (got.id === config.event.id) return null;
  // RFC 3515 §2.4.6: the id "MAY be included in NOTIFYs to the first REFER" (so it may be absent).
  return config.method === Methods.REFER && got.id === null ? null : 481;
};

/**
 * RFC 6665 §4.4.1: "Because the dialog usage is established by the NOTIFY request, the route
 * set at the subscriber is taken from the NOTIFY request itself". Built as the UAS of the
 * NOTIFY (RFC 3261 §12.1.1), keeping the CSeq of our SUBSCRIBE as the local sequence number.
 */
const dialogFromNotify = (config: SubscriberConfig, request: SipRequest, ok: SipResponse, localSeq: O.Option<number>): E.Either<string, Dialog> =>
  E.bimap(
    (e: { readonly _tag: string }) => `NOTIFY cannot create a dialog: ${e._tag}${"header" in e ? ` ${String(e.header)}` : ""}`,
    (d: Dialog): Dialog => ({ ...d, _tag: "Confirmed", localSeq }),
  )(createUasDialog(request, { overTls: config.overTls })(ok));

/** What every acceptable NOTIFY leads to, once it is known to belong here. */
const accepted = (request: SipRequest): E.Either<SubscriberEffect, SipResponse> => {
  const ok = createResponse(200)(request);
  return E.isRight(ok) ? E.right(ok.right) : E.left(discarded(`no 200 for the NOTIFY: ${ok.left.reason}`));
};

/** A NOTIFY checked for its Event and Subscription-State; Left is the response that refuses it. */
const checkNotify = (config: SubscriberConfig, request: SipRequest) => {
  const problem = eventProblem(config, request);
  if (problem !== null) return E.left(respond<SubscriberNotice>(request, problem, problem === 489 ? [{ name: "Allow-Events", value: config.event.type }] : []));
  const state = subscriptionStateOf(request);
  if (E.isLeft(state)) return E.left(respond<SubscriberNotice>(request, 400, [{ name: "Warning", value: `399 - "${state.left.replace(/"/g, "'")}"` }]));
  return E.right(state.right);
};

/** The subscription after a NOTIFY it accepted: the state it names, its expiry, Timer N cancelled. */
const afterNotify = (s: Subscribed, now: number, request: SipRequest, ok: SipResponse, effects: ReadonlyArray<Effect>): SubscriberStep => {
  const state = subscriptionStateOf(request);
  if (E.isLeft(state)) return [s, effects];
  const st = state.right;
  const answered: ReadonlyArray<Effect> = [...effects, { _tag: "SendResponse", request, response: ok }, notify({ _tag: "Notification", state: st, request })];
  if (st._tag === "Terminated") {
    // §4.1.3: "If the "Subscription-State" value is "terminated", the subscriber MUST consider the subscription terminated."
    return ended({ _tag: "Terminated", reason: st.reason, retryAfter: st.retryAfter, advice: resubscribeAdvice(st.reason, st.retryAfter) }, answered);
  }
  // §4.1.3: the expires parameter is "the authoritative subscription duration".
  const expiresAt = st.expires === null ? s.expiresAt : now + st.expires * 1000;
  // §4.1.2.3: after an unsubscribe only the terminated NOTIFY ends the wait: no refresh, and Timer N keeps running.
  const unsubscribing = s.unsubscribing;
  const refreshAt = st.expires === null || unsubscribing ? s.refreshAt : withRefresh(s.config, now, st.expires);
  const next: Subscribed = { ...s, substate: st._tag, expiresAt, refreshAt, timerN: unsubscribing ? s.timerN : null };
  return settle(next, now, answered);
};

/**
 * §4.1.2.4: until Timer N a NOTIFY from another fork may start another subscription; never for
 * a package that installs one subscription per SUBSCRIBE (§5.4.9: "All subsequent NOTIFY
 * requests ... that do not match the dialog would be rejected with a 481 response").
 */
export const forkWindow = (config: SubscriberConfig, timerN: number): number | null => (config.nonForking === true ? null : timerN);

/** What a NOTIFY that creates a subscription needs besides itself. */
interface Creation {
  readonly config: SubscriberConfig;
  readonly seed: Seed;
  readonly localSeq: O.Option<number>;
  readonly outstanding: Outstanding | null;
  readonly unsubscribeWanted: boolean;
  readonly forkUntil: number | null;
}

/** §4.1.2.4 / §4.4.1: a NOTIFY creates the dialog and the subscription; Left is the answer refusing it. */
const created = (c: Creation, now: number, request: SipRequest): E.Either<ReadonlyArray<SubscriberEffect>, SubscriberStep> => {
  const checked = checkNotify(c.config, request);
  if (E.isLeft(checked)) return E.left([checked.left]);
  const ok = accepted(request);
  if (E.isLeft(ok)) return E.left([ok.left]);
  const dialog = dialogFromNotify(c.config, request, ok.right, c.localSeq);
  if (E.isLeft(dialog)) return E.left([respond(request, 400), discarded(dialog.left)]);
  const subscribed: Subscribed = {
    _tag: "Subscribed",
    config: c.config,
    seed: c.seed,
    dialog: dialog.right,
    substate: "Waiting",
    notified: true,
    expiresAt: now + c.config.expires * 1000,
    refreshAt: withRefresh(c.config, now, c.config.expires),
    outstanding: c.outstanding,
    timerN: null,
    unsubscribeWanted: c.unsubscribeWanted,
    unsubscribing: false,
    forkUntil: c.forkUntil,
  };
  return E.right(afterNotify(subscribed, now, request, ok.right, []));
};

const sameTag = (a: O.Option<string>, b: O.Option<string>): boolean => O.isSome(a) && O.isSome(b) && a.value === b.value;

/** The first NOTIFY before any 2xx (§4.1.2.4): it creates the dialog and the subscription. */
export const firstNotify = (s: Subscribing, now: number, request: SipRequest): SubscriberStep => {
  const ours = s.request;
  const matches = request.core.callId === ours.core.callId && ours.core.from !== undefined && request.core.to !== undefined && sameTag(tagOf(request.core.to), tagOf(ours.core.from));
  if (!matches) return [s, [respond(request, 481)]];
  const made = created(
    {
      config: s.config,
      seed: s.seed,
      localSeq: O.fromNullable(ours.core.cseq?.seq),
      // The SUBSCRIBE transaction is still open: its 2xx (or failure) is still expected.
      outstanding: { _tag: "Initial", request: ours, expires: s.config.expires },
      unsubscribeWanted: s.unsubscribeWanted,
      forkUntil: forkWindow(s.config, s.timerN),
    },
    now,
    request,
  );
  return E.isRight(made) ? made.right : [s, made.left];
};

/**
 * §4.1.2.4: "Until Timer N expires, several NOTIFY requests may arrive from different
 * destinations ... Each of these requests establishes a new dialog usage and a new
 * subscription." The subscription a `Forked` NOTIFY creates, answered, as a usage of its own
 * (its dialog's remote tag is the fork's); `original` is the subscription that said `Forked`.
 */
export const startForkedSubscriber = (original: Subscribed, notify: SipRequest, now: number, seed: Seed): SubscriberStep => {
  const to = notify.core.to === undefined ? O.none : tagOf(notify.core.to);
  if (notify.core.callId !== original.dialog.id.callId || !sameTag(to, O.some(original.dialog.id.localTag))) {
    return ended({ _tag: "Rejected", status: 481 }, [respond(notify, 481)]);
  }
  const made = created({ config: original.config, seed, localSeq: original.dialog.localSeq, outstanding: null, unsubscribeWanted: false, forkUntil: null }, now, notify);
  return E.isRight(made) ? made.right : [{ _tag: "Ended", reason: { _tag: "Rejected", status: 400 } }, [...made.left, { _tag: "Forget" }]];
};

/** A NOTIFY once a dialog exists. */
export const laterNotify = (s: Subscribed, now: number, request: SipRequest): SubscriberStep => {
  const d = s.dialog;
  const from = request.core.from === undefined ? O.none : tagOf(request.core.from);
  const to = request.core.to === undefined ? O.none : tagOf(request.core.to);
  if (request.core.callId !== d.id.callId || O.isNone(to) || to.value !== d.id.localTag) return [s, [respond(request, 481)]];
  const sameRemote = O.isSome(from) && O.isSome(d.id.remoteTag) && from.value === d.id.remoteTag.value;
  // §4.1.2.4 / §4.1.4: a NOTIFY from another fork. Until the first NOTIFY, the dialog from the
  // 2xx gives way to it (the NOTIFY establishes the usage, §4.4.1); afterwards this usage keeps
  // the first subscription and refuses the others with 481, which ends them at their notifiers (§4.2.2).
  const adopt = !sameRemote && !s.notified && s.substate === "Waiting";
  if (!sameRemote && !adopt) {
    // §4.1.2.4: "After the expiration of Timer N, the subscriber SHOULD reject any such NOTIFY requests ... with a 481".
    if (s.forkUntil !== null && now < s.forkUntil && eventProblem(s.config, request) === null) return [s, [notify({ _tag: "Forked", request })]];
    return [s, [respond(request, 481)]];
  }
  const checked = checkNotify(s.config, request);
  if (E.isLeft(checked)) return [s, [checked.left]];
  const ok = accepted(request);
  if (E.isLeft(ok)) return [s, [ok.left]];
  if (adopt || !s.notified) {
    const dialog = dialogFromNotify(s.config, request, ok.right, d.localSeq);
    if (E.isLeft(dialog)) return [s, [respond(request, 400), discarded(dialog.left)]];
    return afterNotify({ ...s, dialog: dialog.right, notified: true }, now, request, ok.right, []);
  }
  // RFC 3261 §12.2.2: CSeq order and the remote target (NOTIFY is a target refresh, RFC 6665 §4.1).
  const inDialog = receiveRequest(request)(d);
  if (E.isLeft(inDialog)) return [s, [respond(request, inDialog.left.status)]];
  return afterNotify({ ...s, dialog: inDialog.right }, now, request, ok.right, []);
};

