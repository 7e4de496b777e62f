// The subscriber (RFC 6665 §4.1) as a reducer. The initial SUBSCRIBE (or REFER, RFC 3515) goes
// out; its 2xx or the first NOTIFY, whichever comes first, creates the dialog (§4.1.2.4); the
// subscription is refreshed before it expires (§4.1.2.2), ended with Expires: 0 (§4.1.2.3),
// and follows the Subscription-State of every NOTIFY (§4.1.3). Timer N (64*T1) bounds each
// wait for a NOTIFY after a SUBSCRIBE.
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import { createUacDialog, createUasDialog, receiveRequest, tagOf } from "@puresip/dialog";
import type { Dialog } from "@puresip/dialog";
import { Methods, createResponse, minExpiresHeader, printVia, readHeader, setHeader } from "@puresip/message";
import type { HeaderField, SipRequest, SipResponse } from "@puresip/message";
import { creatingMethod, discarded, endsUsage, expiresOf, inDialogRequest, isSuccess, nextVia, notify, respond, sameCSeq, sendRequest, timerN } from "./common.js";
import { eventField, eventOf } from "./event.js";
import { resubscribeAdvice, subscriptionStateOf } from "./substate.js";
import type {
  Outstanding,
  SubscriberConfig,
  SubscriberEffect,
  SubscriberEndReason,
  SubscriberEvent,
  SubscriberNotice,
  SubscriberState,
  SubscriberStep,
  Subscribed,
  Subscribing,
} from "./types.js";

type Effect = SubscriberEffect;

/** Refresh at max(half the duration, duration − 30 s), as registrations do (RFC 3261 §10.2.4), so a lost refresh can be retried. */
export const refreshDelayMs = (seconds: number): number => Math.floor(Math.max(seconds / 2, seconds - 30) * 1000);

const ended = (reason: SubscriberEndReason, effects: ReadonlyArray<Effect> = []): SubscriberStep => [
  { _tag: "Ended", reason },
  [...effects, notify<SubscriberNotice>({ _tag: "Ended", reason }), { _tag: "Forget" }],
];

const unchanged = (state: SubscriberState, reason: string): SubscriberStep => [state, [discarded(reason)]];

const expiresHeaderField = (seconds: number): HeaderField => ({ name: "Expires", value: String(seconds) });

/** The headers of a SUBSCRIBE for this subscription (RFC 6665 §3.1.1, §3.1.2). */
const subscribeHeaders = (config: SubscriberConfig, expires: number): ReadonlyArray<HeaderField> => [eventField(config.event), expiresHeaderField(expires)];

const withRefresh = (config: SubscriberConfig, now: number, seconds: number): number | null => (config.refresh ? now + refreshDelayMs(seconds) : null);

// ---------------------------------------------------------------- starting

export interface SubscriberStart {
  readonly config: SubscriberConfig;
  readonly now: number;
  /** Entropy for branches, from the shell's CSPRNG (tests fix it). */
  readonly seed: number;
}

/**
 * §4.1.2.1: an initial request outside a dialog, built by the caller as any new request
 * (`newRequest`, RFC 3261 §8.1.1). A SUBSCRIBE gets this subscription's Event and Expires;
 * a REFER carries its Refer-To already (RFC 3515 §2.1) and no Event (§8.2.1 of RFC 6665).
 */
export const startSubscriber = (start: SubscriberStart, request: SipRequest): SubscriberStep => {
  const { config, now, seed } = start;
  if (request.method !== config.method) return ended({ _tag: "Rejected", status: 0 }, [discarded(`the request is a ${request.method}, the subscription expects ${config.method}`)]);
  const prepared =
    config.method === Methods.SUBSCRIBE
      ? E.flatMap(setHeader("Event", eventField(config.event).value)(request), setHeader("Expires", String(config.expires)))
      : E.right(request);
  if (E.isLeft(prepared)) return ended({ _tag: "Rejected", status: 0 }, [discarded(`the request cannot carry Event/Expires: ${prepared.left.reason}`)]);
  const subscribing: Subscribing = { _tag: "Subscribing", config, seed, request: prepared.right, timerN: timerN(config, now), unsubscribeWanted: false };
  return [subscribing, [sendRequest(prepared.right)]];
};

/**
 * A subscription created inside an existing dialog: a SUBSCRIBE, or a REFER in an INVITE
 * dialog (RFC 3515 §2.4.4; a blind transfer). `headers` are the creating request's own
 * (Refer-To for a REFER). The dialog is the usage's copy: its CSeq moves with this usage.
 */
export const startSubscriberInDialog = (start: SubscriberStart, dialog: Dialog, headers: ReadonlyArray<HeaderField> = []): SubscriberStep => {
  const { config, now } = start;
  const own = config.method === Methods.SUBSCRIBE ? subscribeHeaders(config, config.expires) : [];
  const built = inDialogRequest(config, start.seed, dialog, creatingMethod(config), [...own, ...headers]);
  if (E.isLeft(built)) return ended({ _tag: "Rejected", status: 0 }, [discarded(built.left)]);
  const subscribed: Subscribed = {
    _tag: "Subscribed",
    config,
    seed: built.right.seed,
    dialog: built.right.dialog,
    substate: "Waiting",
    notified: true,
    expiresAt: now + config.expires * 1000,
    refreshAt: null,
    outstanding: { _tag: "Initial", request: built.right.request, expires: config.expires },
    timerN: timerN(config, now),
    unsubscribeWanted: false,
    unsubscribing: false,
    // RFC 3515 §3.9: "A REFER sent within the scope of an existing dialog will not fork."
    forkUntil: null,
  };
  return [subscribed, [sendRequest(built.right.request)]];
};

// ---------------------------------------------------------------- deadlines

/** When the subscriber wants a Tick: Timer N, the refresh time, the expiry. */
export const nextSubscriberDeadline = (state: SubscriberState): O.Option<number> => {
  switch (state._tag) {
    case "Subscribing":
      return O.some(state.timerN);
    case "Subscribed": {
      let at = state.expiresAt;
      if (state.timerN !== null) at = Math.min(at, state.timerN);
      if (state.refreshAt !== null && state.outstanding === null) at = Math.min(at, state.refreshAt);
      return O.some(at);
    }
    case "Ended":
      return O.none;
    default:
      return absurd(state);
  }
};

// ---------------------------------------------------------------- sending in the dialog

/** §4.1.2.2 / §4.1.2.3: a SUBSCRIBE in the dialog; Timer N starts when it is sent. */
const sendSubscribe = (s: Subscribed, now: number, kind: "Refresh" | "Unsubscribe", expires: number, extra: ReadonlyArray<Effect> = []): SubscriberStep => {
  const built = inDialogRequest(s.config, s.seed, s.dialog, Methods.SUBSCRIBE, subscribeHeaders(s.config, expires));
  if (E.isLeft(built)) return [s, [...extra, discarded(built.left)]];
  const outstanding: Outstanding = { _tag: kind, request: built.right.request, expires };
  const next: Subscribed = {
    ...s,
    seed: built.right.seed,
    dialog: built.right.dialog,
    outstanding,
    timerN: timerN(s.config, now),
    refreshAt: kind === "Unsubscribe" ? null : s.refreshAt,
    unsubscribeWanted: false,
    unsubscribing: s.unsubscribing || kind === "Unsubscribe",
  };
  return [next, [...extra, sendRequest(built.right.request)]];
};

/** A command that waited for the outstanding SUBSCRIBE to complete. */
const settle = (s: Subscribed, now: number, effects: ReadonlyArray<Effect>): SubscriberStep =>
  s.unsubscribeWanted && s.outstanding === null ? sendSubscribe(s, now, "Unsubscribe", 0, effects) : [s, effects];

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

/** What a NOTIFY that creates a subscription needs besides itself. */
interface Creation {
  readonly config: SubscriberConfig;
  readonly seed: number;
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
const firstNotify = (s: Subscribing, now: number, request: SipRequest): SubscriberStep => {
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
      forkUntil: s.timerN,
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
export const startForkedSubscriber = (original: Subscribed, notify: SipRequest, now: number, seed: number): SubscriberStep => {
  const to = notify.core.to === undefined ? O.none : tagOf(notify.core.to);
  if (notify.core.callId !== original.dialog.id.callId || !sameTag(to, O.some(original.dialog.id.localTag))) {
    return ended({ _tag: "Rejected", status: 481 }, [respond(notify, 481)]);
  }
  const made = created({ config: original.config, seed, localSeq: original.dialog.localSeq, outstanding: null, unsubscribeWanted: false, forkUntil: null }, now, notify);
  return E.isRight(made) ? made.right : [{ _tag: "Ended", reason: { _tag: "Rejected", status: 400 } }, [...made.left, { _tag: "Forget" }]];
};

/** A NOTIFY once a dialog exists. */
const laterNotify = (s: Subscribed, now: number, request: SipRequest): SubscriberStep => {
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

// ---------------------------------------------------------------- responses to our requests

const grantedSeconds = (response: SipResponse, asked: number): number => {
  const e = expiresOf(response);
  // §4.2.1.1: the notifier "MAY shorten the interval but MUST NOT lengthen it".
  return E.isRight(e) && O.isSome(e.right) ? Math.min(e.right.value, asked) : asked;
};

/** §4.1.2.1 / RFC 3261 §10.2.8 by analogy: a 423 names the shortest duration the notifier accepts. */
const minExpiresOf = (response: SipResponse, asked: number): number | null => {
  const min = readHeader(minExpiresHeader)(response);
  return E.isRight(min) && O.isSome(min.right) && min.right.value > asked ? min.right.value : null;
};

/** The initial SUBSCRIBE again (outside the dialog) with a new CSeq, branch and Expires. */
const resendInitial = (s: Subscribing, now: number, expires: number): SubscriberStep => {
  const [via, seed] = nextVia(s.config.localVia, s.seed);
  const cseq = s.request.core.cseq;
  const seq = (cseq?.seq ?? 0) + 1;
  const again = E.flatMap(
    E.flatMap(setHeader("Via", printVia(via))(s.request), setHeader("CSeq", `${String(seq)} ${s.request.method}`)),
    setHeader("Expires", String(expires)),
  );
  if (E.isLeft(again)) return ended({ _tag: "Rejected", status: 423 }, [discarded(again.left.reason)]);
  return [{ ...s, seed, request: again.right, timerN: timerN(s.config, now), config: { ...s.config, expires } }, [sendRequest(again.right)]];
};

const onInitialResponse = (s: Subscribing, now: number, response: SipResponse): SubscriberStep => {
  if (!sameCSeq(s.request, response) || response.core.callId !== s.request.core.callId) return unchanged(s, "a response to another request");
  if (response.status < 200) return [s, []];
  if (isSuccess(response.status)) {
    const dialog = createUacDialog(s.request, { overTls: s.config.overTls })(response);
    const granted = grantedSeconds(response, s.config.expires);
    const acceptedNotice = notify<SubscriberNotice>({ _tag: "Accepted", status: response.status, expires: granted });
    // Without a usable dialog (no To tag or Contact) the first NOTIFY will create it.
    if (E.isLeft(dialog)) return [s, [acceptedNotice, discarded(`the ${String(response.status)} creates no dialog: ${dialog.left._tag}`)]];
    const subscribed: Subscribed = {
      _tag: "Subscribed",
      config: s.config,
      seed: s.seed,
      dialog: { ...dialog.right, _tag: "Confirmed" },
      substate: "Waiting",
      notified: false,
      expiresAt: now + granted * 1000,
      refreshAt: withRefresh(s.config, now, granted),
      outstanding: null,
      timerN: s.timerN,
      unsubscribeWanted: s.unsubscribeWanted,
      unsubscribing: false,
      forkUntil: s.timerN,
    };
    return settle(subscribed, now, [acceptedNotice]);
  }
  if (response.status === 423 && s.config.method === Methods.SUBSCRIBE) {
    const min = minExpiresOf(response, s.config.expires);
    if (min !== null) return resendInitial(s, now, min);
  }
  return ended({ _tag: "Rejected", status: response.status });
};

const onResponse = (s: Subscribed, now: number, response: SipResponse): SubscriberStep => {
  const out = s.outstanding;
  if (out === null || !sameCSeq(out.request, response) || response.core.callId !== s.dialog.id.callId) return unchanged(s, "a response to no outstanding request");
  if (response.status < 200) return [s, []];
  const done: Subscribed = { ...s, outstanding: null };
  if (isSuccess(response.status)) {
    const granted = grantedSeconds(response, out.expires);
    switch (out._tag) {
      case "Initial": {
        // A REFER's 202 names no duration (RFC 3515 §2.4.4): the NOTIFY will.
        const expiresAt = s.config.method === Methods.REFER || s.substate !== "Waiting" ? s.expiresAt : now + granted * 1000;
        return settle({ ...done, expiresAt }, now, [notify({ _tag: "Accepted", status: response.status, expires: Math.max(0, Math.round((expiresAt - now) / 1000)) })]);
      }
      case "Refresh":
        return settle({ ...done, expiresAt: now + granted * 1000, refreshAt: withRefresh(s.config, now, granted) }, now, [notify({ _tag: "Accepted", status: response.status, expires: granted })]);
      case "Unsubscribe":
        // §4.1.2.3: "a successful unsubscription will also trigger a final NOTIFY request"; Timer N bounds the wait.
        return [done, []];
      default:
        return absurd(out._tag);
    }
  }
  if (out._tag === "Initial") return ended({ _tag: "Rejected", status: response.status });
  if (response.status === 423 && out._tag === "Refresh") {
    const min = minExpiresOf(response, out.expires);
    if (min !== null) return sendSubscribe(done, now, "Refresh", min);
  }
  // §4.1.2.2: these codes end the subscription; any other leaves it valid until it expires.
  if (endsUsage(response.status)) return ended({ _tag: "RefreshRejected", status: response.status });
  return settle({ ...done, timerN: null }, now, [notify({ _tag: "RefreshFailed", status: response.status })]);
};

const onTimeout = (s: Subscribed): SubscriberStep => {
  const out = s.outstanding;
  if (out === null) return unchanged(s, "no request is outstanding");
  if (out._tag === "Initial" && s.substate === "Waiting") return ended({ _tag: "Rejected", status: 408 });
  // No answer at all: Timer N, started with this SUBSCRIBE, runs out with the transaction's
  // Timer F (both 64*T1), and "If this Timer N expires prior to the receipt of a NOTIFY request,
  // the subscriber considers the subscription terminated" (§4.1.2.2). A NOTIFY that did come
  // (Timer N cancelled) shows the notifier alive: the subscription lives until it expires.
  if (s.timerN !== null) return ended({ _tag: "NoNotify" });
  return [{ ...s, outstanding: null }, [notify({ _tag: "RefreshFailed", status: 408 })]];
};

const onTick = (s: Subscribed, now: number): SubscriberStep => {
  // §4.1.2.2 / §4.1.2.4: "If this Timer N expires prior to the receipt of a NOTIFY request, the subscriber considers the subscription terminated."
  if (s.timerN !== null && now >= s.timerN) return ended({ _tag: "NoNotify" });
  if (now >= s.expiresAt) return ended({ _tag: "Expired" });
  if (s.refreshAt !== null && now >= s.refreshAt && s.outstanding === null) return sendSubscribe(s, now, "Refresh", s.config.expires);
  return [s, []];
};

// ---------------------------------------------------------------- the reducer

const isDeltaSeconds = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 0xffffffff;

const stepSubscribing = (s: Subscribing, event: SubscriberEvent): SubscriberStep => {
  switch (event._tag) {
    case "Received":
      return event.message._tag === "Response" ? onInitialResponse(s, event.now, event.message) : onRequest(s, event.now, event.message);
    case "Timeout":
      return ended({ _tag: "Rejected", status: 408 });
    case "Tick":
      return event.now >= s.timerN ? ended({ _tag: "NoNotify" }) : [s, []];
    case "Refresh":
      return unchanged(s, "nothing to refresh before the subscription exists");
    case "Unsubscribe":
      return [{ ...s, unsubscribeWanted: true }, []];
    default:
      return absurd(event);
  }
};

const stepSubscribed = (s: Subscribed, event: SubscriberEvent): SubscriberStep => {
  switch (event._tag) {
    case "Received":
      return event.message._tag === "Response" ? onResponse(s, event.now, event.message) : onRequest(s, event.now, event.message);
    case "Timeout":
      return onTimeout(s);
    case "Tick":
      return onTick(s, event.now);
    case "Refresh": {
      const expires = event.expires ?? s.config.expires;
      if (!isDeltaSeconds(expires)) return unchanged(s, "Refresh expires must be delta-seconds");
      if (s.outstanding !== null) return unchanged(s, "a SUBSCRIBE is outstanding");
      if (s.unsubscribing) return unchanged(s, "the subscription is being ended");
      return expires === 0 ? sendSubscribe(s, event.now, "Unsubscribe", 0) : sendSubscribe(s, event.now, "Refresh", expires);
    }
    case "Unsubscribe":
      if (s.unsubscribing) return unchanged(s, "already unsubscribing");
      if (s.outstanding !== null) return [{ ...s, unsubscribeWanted: true }, []];
      return sendSubscribe(s, event.now, "Unsubscribe", 0);
    default:
      return absurd(event);
  }
};

/** Requests for this usage: NOTIFY; anything else is not ours to answer (the shell should not route it here). */
const onRequest = (s: Subscribing | Subscribed, now: number, request: SipRequest): SubscriberStep => {
  if (request.method !== Methods.NOTIFY) return [s, [respond(request, 405, [{ name: "Allow", value: "NOTIFY" }])]];
  return s._tag === "Subscribing" ? firstNotify(s, now, request) : laterNotify(s, now, request);
};

/** The subscriber's reducer: one event in, the next state and the effects to run, in order. */
export const stepSubscriber = (state: SubscriberState, event: SubscriberEvent): SubscriberStep => {
  switch (state._tag) {
    case "Subscribing":
      return stepSubscribing(state, event);
    case "Subscribed":
      return stepSubscribed(state, event);
    case "Ended":
      // §4.1.3: a NOTIFY that "does not match" any subscription gets 481.
      if (event._tag === "Received" && event.message._tag === "Request" && event.message.method !== Methods.ACK) return [state, [respond(event.message, 481)]];
      return unchanged(state, "the subscription has ended");
    default:
      return absurd(state);
  }
};

/**
 * RFC 3261 §22.2: the shell answered a 401/407 to our request by sending it again with
 * credentials and a new CSeq; the usage follows the new request (and the dialog its CSeq).
 */
export const adoptSubscriberRequest = (state: SubscriberState, request: SipRequest): SubscriberState => {
  const seq = request.core.cseq?.seq;
  if (seq === undefined) return state;
  switch (state._tag) {
    case "Subscribing":
      return request.method === state.request.method ? { ...state, request } : state;
    case "Subscribed":
      if (state.outstanding === null || state.outstanding.request.method !== request.method) return state;
      return { ...state, outstanding: { ...state.outstanding, request }, dialog: { ...state.dialog, localSeq: O.some(Math.max(seq, O.isSome(state.dialog.localSeq) ? state.dialog.localSeq.value : 0)) } };
    case "Ended":
      return state;
    default:
      return absurd(state);
  }
};
