// The subscriber (RFC 6665 §4.1) as a reducer. The initial SUBSCRIBE (or REFER, RFC 3515) goes
// out; its 2xx or the first NOTIFY, whichever comes first, creates the dialog (§4.1.2.4); the
// subscription is refreshed before it expires (§4.1.2.2), ended with Expires: 0 (§4.1.2.3),
// and follows the Subscription-State of every NOTIFY (§4.1.3). Timer N (64*T1) bounds each
// wait for a NOTIFY after a SUBSCRIBE.
import type { Seed } from "@puresip/kernel";
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import { createUacDialog } from "@puresip/dialog";
import type { Dialog } from "@puresip/dialog";
import { Methods, minExpiresHeader, printVia, readHeader, setHeader } from "@puresip/message";
import type { HeaderField, SipRequest, SipResponse } from "@puresip/message";
import { creatingMethod, discarded, endsUsage, expiresOf, inDialogRequest, isSuccess, nextVia, notify, respond, sameCSeq, sendRequest, timerN } from "./common.js";
import { eventField } from "./event.js";
import type { SubscriberConfig, SubscriberEvent, SubscriberNotice, SubscriberState, SubscriberStep, Subscribed, Subscribing } from "./types.js";
import { ended, sendSubscribe, settle, subscribeHeaders, unchanged, withRefresh } from "./subscriber-base.js";
import { firstNotify, forkWindow, laterNotify } from "./subscriber-notify.js";

export { refreshDelayMs } from "./subscriber-base.js";
export { startForkedSubscriber } from "./subscriber-notify.js";

// ---------------------------------------------------------------- starting

export interface SubscriberStart {
  readonly config: SubscriberConfig;
  readonly now: number;
  /** Entropy for branches, from the shell's CSPRNG (tests fix it). */
  readonly seed: Seed;
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
      forkUntil: forkWindow(s.config, s.timerN),
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
