// Subscriptions (RFC 6665) and REFER (RFC 3515) as usages of the UA: the reducers of
// ./ and ../refer, one registry entry per subscription, filed under its dialog's
// Call-ID, our tag and the Event (RFC 6665 §4.1.2: "the dialog ID plus the Event"), so every
// SUBSCRIBE, NOTIFY and response of it finds it. A REFER in a call's dialog takes the call's
// dialog (RFC 3515 §2.4.4; a blind transfer). See README-usages.md.
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import { sessionDialog, tagOf } from "@puresip/dialog";
import type { Dialog } from "@puresip/dialog";
import { Methods, headerField, referToHeader, tag, withReplaces } from "@puresip/message";
import type { NameAddr, SipRequest, SipResponse, Uri } from "@puresip/message";
import { serverKeyOfRequest } from "@puresip/transaction";
import { referInDialog, referOutOfDialog, stepReferer } from "../refer/referer.js";
import type { RefererNotice } from "../refer/referer.js";
import { REFER_SUBSCRIPTION_SECONDS, grantNoSubscription, startReferee, stepReferee } from "../refer/referee.js";
import type { RefereeEvent, RefereeNotice } from "../refer/referee.js";
import type { EventPackage } from "./event.js";
import { NON_FORKING_EVENTS, eventOf, printEvent } from "./event.js";
import { withNotifierDialog, withSubscriberDialog } from "./dialog-seq.js";
import { adoptNotifierRequest, startNotifier, stepNotifier } from "./notifier.js";
import { endNotifier, endSubscriber } from "./usage-end.js";
import type { UsageEnd } from "./usage-end.js";
import { adoptSubscriberRequest, startForkedSubscriber, startSubscriber, stepSubscriber } from "./subscriber.js";
import type { NotifierConfig, NotifierEvent, NotifierNotice, SubscriberConfig, SubscriberEvent, UsageEffect } from "./types.js";
import { callOf } from "../call/call.js";
import type { Ctx } from "../../core/context.js";
import { deliver, mintTag, mintUsageSeed, problem, toLayer } from "../../core/context.js";
import { current } from "../../core/dialogs.js";
import { sendRequest } from "../../uac/send.js";
import type { UaCommand, Usage, UsageKey } from "../../core/types.js";
import { localContact, localVia, outOfDialog } from "../../uac/out-of-dialog.js";

export type SubscriptionUsage = Extract<Usage, { readonly _tag: "Subscriber" | "Notifier" }>;
export type SubscriptionNotice = RefererNotice | NotifierNotice | RefereeNotice;
export type SubscriptionCommand = Extract<
  UaCommand,
  { readonly _tag: "Subscribe" | "Unsubscribe" | "RefreshSubscription" | "Refer" | "ReferOutOfDialog" | "AcceptSubscription" | "RejectSubscription" | "UpdateSubscription" | "TerminateSubscription" | "TransferProgress" }
>;

/** The registry key of a subscription: Call-ID, our tag, Event type and id (RFC 6665 §8.2.1). */
export const subscriptionKey = (callId: string, localTag: string, event: EventPackage): UsageKey => `U sub ${callId} ${localTag} ${printEvent(event)}` as UsageKey;

export const subscriptionOf = (ctx: Ctx, key: UsageKey): SubscriptionUsage | undefined => {
  const entry = ctx.store.get(key);
  return entry?._tag === "Usage" && (entry.usage._tag === "Subscriber" || entry.usage._tag === "Notifier") ? entry.usage : undefined;
};

const T1 = (ctx: Ctx): number => ctx.config.layer.timers.t1;

const usageConfig = (ctx: Ctx) => ({ t1: T1(ctx), overTls: ctx.config.sentBy.transport.toUpperCase() === "TLS", localContact: localContact(ctx), localVia: localVia(ctx) });

/** RFC 6665 §4.2.1.1: the notifier's bounds; the application may accept anything from 60 s to an hour. */
/** RFC 6665 §4.2.1.1 durations when the UA's config names none. */
const NOTIFIER_DEFAULTS = { minExpires: 60, maxExpires: 3600 } as const;

const notifierConfig = (ctx: Ctx, event: EventPackage): NotifierConfig => ({ ...usageConfig(ctx), event, method: "SUBSCRIBE", ...(ctx.config.notifier ?? NOTIFIER_DEFAULTS) });

// ---------------------------------------------------------------- effects

const respondVia = (ctx: Ctx, request: SipRequest, response: SipResponse): void => {
  const server = serverKeyOfRequest(request);
  if (E.isLeft(server)) problem(ctx, `no server transaction for a ${request.method}: ${server.left.reason}`);
  else toLayer(ctx, { _tag: "SendResponse", now: ctx.now, key: server.right, response });
};

// ---------------------------------------------------------------- a dialog shared with a call

/**
 * RFC 5057 §5 across usages: the usage's dialog as its entry has it (core/dialogs.ts), where a
 * call in the same dialog may have sent, received or refreshed the target since.
 */
const synced = (ctx: Ctx, usage: SubscriptionUsage): SubscriptionUsage => {
  const view = (d: Dialog): Dialog => current(ctx.store, d);
  if (usage._tag === "Subscriber") {
    const state = withSubscriberDialog(usage.state, view);
    return state === usage.state ? usage : { ...usage, state };
  }
  const state = withNotifierDialog(usage.state, view);
  return state === usage.state ? usage : { ...usage, state };
};

/** Puts the usage first (as call/call.ts does), then runs its effects in order. */
const apply = <N extends SubscriptionNotice>(ctx: Ctx, key: UsageKey, usage: SubscriptionUsage, effects: ReadonlyArray<UsageEffect<N>>): void => {
  ctx.store.put(key, { _tag: "Usage", usage });
  for (const e of effects) {
    switch (e._tag) {
      case "SendRequest":
        sendRequest(ctx, e.request, { _tag: "Usage", key });
        break;
      case "SendResponse":
        respondVia(ctx, e.request, e.response);
        break;
      case "Notify": {
        const n: SubscriptionNotice = e.notice;
        if (n._tag === "Forked") fork(ctx, key, usage, n.request);
        else deliver(ctx, { _tag: "Subscription", subscription: key, notice: n });
        break;
      }
      case "Forget":
        ctx.store.forget(key);
        break;
      case "Discarded":
        problem(ctx, e.reason);
        break;
      default:
        absurd(e);
    }
  }
};

/**
 * RFC 6665 §4.1.2.4: a NOTIFY from another fork of our SUBSCRIBE starts a subscription of its
 * own, filed under the original's key and the fork's tag (inbound routing tries that first).
 */
const fork = (ctx: Ctx, key: UsageKey, usage: SubscriptionUsage, notify: SipRequest): void => {
  const from = notify.core.from;
  const remote = from === undefined ? O.none : tagOf(from);
  if (usage._tag !== "Subscriber" || usage.state._tag !== "Subscribed" || O.isNone(remote)) {
    problem(ctx, "a forked NOTIFY with no subscription to start from");
    return;
  }
  const forkKey = `${key} ${remote.value}` as UsageKey;
  const [state, effects] = startForkedSubscriber(usage.state, notify, ctx.now, mintUsageSeed(ctx));
  deliver(ctx, { _tag: "SubscriptionCreated", subscription: forkKey, request: notify });
  apply(ctx, forkKey, { _tag: "Subscriber", refer: usage.refer, state }, effects);
};

/** One event for the subscriber (or referer) `key`. */
export const runSubscriber = (ctx: Ctx, key: UsageKey, event: SubscriberEvent): void => {
  const usage = subscriptionOf(ctx, key);
  if (usage?._tag !== "Subscriber") {
    problem(ctx, `no subscriber ${key}`);
    return;
  }
  const current = synced(ctx, usage);
  if (current._tag !== "Subscriber") return;
  const [state, effects] = current.refer ? stepReferer(current.state, event) : stepSubscriber(current.state, event);
  apply(ctx, key, { ...current, state }, effects);
};

/** A referee's event as a plain notifier's: its `Accept` names no state (active, then), `Progress` has no meaning. */
const asNotifierEvent = (event: NotifierEvent | RefereeEvent): NotifierEvent | null => {
  if (event._tag === "Progress") return null;
  if (event._tag === "Accept" && !("state" in event)) return { _tag: "Accept", now: event.now, state: "Active" };
  return event;
};

/** One event for the notifier (or referee) `key`. */
export const runNotifier = (ctx: Ctx, key: UsageKey, event: NotifierEvent | RefereeEvent): void => {
  const found = subscriptionOf(ctx, key);
  const usage = found === undefined ? undefined : synced(ctx, found);
  if (usage?._tag !== "Notifier") {
    problem(ctx, `no notifier ${key}`);
    return;
  }
  if (usage.refer) {
    if (event._tag === "Update" || event._tag === "Terminate") {
      problem(ctx, `${event._tag}: a REFER's subscription follows TransferProgress`);
      return;
    }
    // RFC 4488 §4: a REFER asking for no subscription is granted when the UA lists norefersub.
    const granted = event._tag === "Accept" && ctx.config.capabilities.extensions.includes("norefersub") ? grantNoSubscription(usage.state) : null;
    const [state, effects] = granted ?? stepReferee(usage.state, event._tag === "Accept" ? { _tag: "Accept", now: event.now } : event);
    apply(ctx, key, { ...usage, state }, effects);
    return;
  }
  const plain = asNotifierEvent(event);
  if (plain === null) {
    problem(ctx, "TransferProgress is for a REFER's subscription");
    return;
  }
  const [state, effects] = stepNotifier(usage.state, plain);
  apply(ctx, key, { ...usage, state }, effects);
};

/** A Tick, a response or a timeout for a subscription usage. */
export const toSubscription = (ctx: Ctx, key: UsageKey, event: { readonly _tag: "Tick" } | { readonly _tag: "Received"; readonly message: SipResponse } | { readonly _tag: "Timeout"; readonly request: SipRequest }): void => {
  const usage = subscriptionOf(ctx, key);
  if (usage === undefined) return;
  const now = ctx.now;
  const e: Extract<SubscriberEvent, { readonly _tag: "Tick" | "Received" | "Timeout" }> =
    event._tag === "Tick" ? { _tag: "Tick", now } : event._tag === "Received" ? { _tag: "Received", now, message: event.message } : { _tag: "Timeout", now, method: event.request.method };
  if (usage._tag === "Subscriber") runSubscriber(ctx, key, e);
  else runNotifier(ctx, key, e);
};

/** RFC 5057 §5.1: a failure destroyed the subscription, alone or with its whole dialog: it ends, sending nothing more. */
export const endSubscription = (ctx: Ctx, key: UsageKey, end: UsageEnd): void => {
  const usage = subscriptionOf(ctx, key);
  if (usage === undefined) return;
  if (usage._tag === "Subscriber") {
    const [state, effects] = endSubscriber(usage.state, end);
    if (state !== usage.state) apply(ctx, key, { ...usage, state }, effects);
    return;
  }
  const [state, effects] = endNotifier(usage.state, end);
  if (state !== usage.state) apply(ctx, key, { ...usage, state }, effects);
};

/** §22.2: the retried request replaces the one the usage waits on; false when it waits on none. */
export const adoptRetry = (ctx: Ctx, key: UsageKey, next: SipRequest): boolean => {
  const usage = subscriptionOf(ctx, key);
  if (usage === undefined) return false;
  if (usage._tag === "Subscriber") ctx.store.put(key, { _tag: "Usage", usage: { ...usage, state: adoptSubscriberRequest(usage.state, next) } });
  else ctx.store.put(key, { _tag: "Usage", usage: { ...usage, state: adoptNotifierRequest(usage.state, next) } });
  return true;
};

// ---------------------------------------------------------------- requests in

const toTagOf = (request: SipRequest): string | undefined => {
  const to = request.core.to;
  const t = to === undefined ? O.none : tagOf(to);
  return O.isSome(t) ? t.value : undefined;
};

/**
 * An in-dialog SUBSCRIBE or NOTIFY for a subscription of ours (true), or not (false: the
 * caller goes on to the calls). RFC 6665 §4.1.3 / §4.4.1: Call-ID, our tag (the To tag) and
 * the Event find it; a NOTIFY before the SUBSCRIBE's 2xx finds it the same way (§4.1.2.4).
 */
export const inboundSubscriptionRequest = (ctx: Ctx, request: SipRequest): boolean => {
  if (request.method !== Methods.SUBSCRIBE && request.method !== Methods.NOTIFY) return false;
  const id = request.core.callId;
  const local = toTagOf(request);
  const event = eventOf(request);
  if (id === undefined || local === undefined || E.isLeft(event) || O.isNone(event.right)) return false;
  const base = subscriptionKey(id, local, event.right.value);
  // A forked subscription is filed under the fork's tag too (§4.1.2.4).
  const from = request.core.from === undefined ? O.none : tagOf(request.core.from);
  const forked = O.isSome(from) ? (`${base} ${from.value}` as UsageKey) : undefined;
  const direct = forked !== undefined && subscriptionOf(ctx, forked) !== undefined ? forked : base;
  // RFC 3515 §2.4.6: our first REFER in a dialog is filed without its id (see `refer`), so that
  // NOTIFYs which leave the id out find it; those that give it are checked against it there.
  const key = subscriptionOf(ctx, direct) === undefined && event.right.value.type === "refer" ? subscriptionKey(id, local, { type: "refer", id: null }) : direct;
  const usage = subscriptionOf(ctx, key);
  if (usage === undefined) return false;
  const message = { _tag: "Received" as const, now: ctx.now, message: request };
  if (usage._tag === "Subscriber") runSubscriber(ctx, key, message);
  else runNotifier(ctx, key, message);
  return true;
};

/** A new SUBSCRIBE outside a dialog: a notifier usage; the application hears `Incoming` and decides. */
export const incomingSubscribe = (ctx: Ctx, request: SipRequest): void => {
  const id = request.core.callId;
  const event = eventOf(request);
  const type = E.isRight(event) && O.isSome(event.right) ? event.right.value : { type: "", id: null };
  const toTag = tag(mintTag(ctx));
  if (id === undefined || E.isLeft(toTag)) {
    problem(ctx, "a SUBSCRIBE without a Call-ID");
    return;
  }
  // The notifier checks the Event itself (489 for none, RFC 6665 §4.2.3); it serves what was asked.
  const [state, effects] = startNotifier({ config: notifierConfig(ctx, type.type === "" ? { type: "-", id: null } : type), now: ctx.now, seed: mintUsageSeed(ctx), toTag: toTag.right }, request);
  const key = subscriptionKey(id, toTag.right, type);
  apply(ctx, key, { _tag: "Notifier", refer: false, state }, effects);
};

/** A REFER: in a call's dialog (`dialog`) or outside any; a referee usage keyed by `refer;id=<CSeq>` (RFC 3515 §2.4.6). */
export const incomingRefer = (ctx: Ctx, request: SipRequest, dialog: O.Option<Dialog>): void => {
  const id = request.core.callId;
  const toTag = tag(O.isSome(dialog) ? dialog.value.id.localTag : mintTag(ctx));
  if (id === undefined || E.isLeft(toTag)) {
    problem(ctx, "a REFER without a Call-ID");
    return;
  }
  const [state, effects] = startReferee(
    { config: { ...usageConfig(ctx), expires: REFER_SUBSCRIPTION_SECONDS }, now: ctx.now, seed: mintUsageSeed(ctx), toTag: toTag.right, ...(O.isSome(dialog) ? { dialog: dialog.value } : {}) },
    request,
  );
  const key = subscriptionKey(id, toTag.right, { type: "refer", id: String(request.core.cseq?.seq ?? 0) });
  apply(ctx, key, { _tag: "Notifier", refer: true, state }, effects);
};

/** The dialog of the call `key`, if it has one. */
export const callDialog = (ctx: Ctx, key: UsageKey | undefined): O.Option<Dialog> => {
  const call = key === undefined ? undefined : callOf(ctx, key);
  return call === undefined ? O.none : O.map((d: Dialog) => current(ctx.store, d))(sessionDialog(call.session));
};

// ---------------------------------------------------------------- commands

const subscribe = (ctx: Ctx, to: Uri, type: string, expires: number | undefined): void => {
  const request = outOfDialog(ctx, { method: Methods.SUBSCRIBE, to, contact: true });
  if (E.isLeft(request)) {
    problem(ctx, request.left);
    return;
  }
  const event: EventPackage = { type, id: null };
  const nonForking = (ctx.config.nonForkingEvents ?? NON_FORKING_EVENTS).some((e) => e.toLowerCase() === type.toLowerCase());
  const config: SubscriberConfig = { ...usageConfig(ctx), event, method: "SUBSCRIBE", expires: expires ?? 3600, refresh: true, ...(nonForking ? { nonForking } : {}) };
  const [state, effects] = startSubscriber({ config, now: ctx.now, seed: mintUsageSeed(ctx) }, request.right);
  const from = request.right.core.from;
  const fromTag = from === undefined ? O.none : tagOf(from);
  const key = subscriptionKey(request.right.core.callId ?? "", O.isSome(fromTag) ? fromTag.value : "", event);
  deliver(ctx, { _tag: "SubscriptionCreated", subscription: key, request: request.right });
  apply(ctx, key, { _tag: "Subscriber", refer: false, state }, effects);
};

/** RFC 3515 §2.4.1 in the call's dialog: a blind transfer of the peer to `referTo`, or (`replaces`) an attended one. */
const refer = (ctx: Ctx, call: UsageKey, referTo: Uri, replaces: UsageKey | undefined): void => {
  const dialog = callDialog(ctx, call);
  if (O.isNone(dialog)) {
    problem(ctx, `Refer: no established call ${call}`);
    return;
  }
  const target = transferTarget(ctx, referTo, replaces);
  if (E.isLeft(target)) {
    problem(ctx, `Refer: ${target.left}`);
    return;
  }
  const d = dialog.value;
  // RFC 3892 §2.1: the referrer names itself, so the target can tell who asked (RFC 3891 §3 authorizes the replacement by it).
  const referredBy = replaces === undefined ? undefined : { _tag: "NameAddr" as const, uri: ctx.config.aor, angle: true, params: [] };
  const noSubscription = callOf(ctx, call)?.peerSupports?.includes("norefersub") === true;
  const [state, effects] = referInDialog({ config: { ...usageConfig(ctx), expires: REFER_SUBSCRIPTION_SECONDS }, now: ctx.now, seed: mintUsageSeed(ctx) }, d, { _tag: "NameAddr", uri: target.right, angle: true, params: [] }, referredBy, { noSubscription });
  const seq = O.isSome(d.localSeq) ? d.localSeq.value + 1 : 1;
  // RFC 3515 §2.4.6: the id "MAY be included in NOTIFYs to the first REFER a UA receives in a
  // given dialog" and MUST be in the others. The first REFER (no other refer subscription of
  // ours open in the dialog) is filed without its id, so NOTIFYs with or without it find it; the
  // subscriber itself refuses (481) an id that is not its REFER's CSeq.
  const first = subscriptionKey(d.id.callId, d.id.localTag, { type: "refer", id: null });
  const key = subscriptionOf(ctx, first) === undefined ? first : subscriptionKey(d.id.callId, d.id.localTag, { type: "refer", id: String(seq) });
  const request = effects.find((e) => e._tag === "SendRequest");
  if (request?._tag === "SendRequest") deliver(ctx, { _tag: "SubscriptionCreated", subscription: key, request: request.request });
  apply(ctx, key, { _tag: "Subscriber", refer: true, state }, effects);
};

/** RFC 3515 §2.4.1 outside a dialog: the REFER starts its own dialog; its NOTIFYs find it by Call-ID, our tag and "refer". */
const referOut = (ctx: Ctx, to: Uri, referTo: Uri): void => {
  const target: NameAddr = { _tag: "NameAddr", uri: referTo, angle: true, params: [] };
  const request = outOfDialog(ctx, { method: Methods.REFER, to, contact: true, headers: [headerField(referToHeader)(target)] });
  if (E.isLeft(request)) {
    problem(ctx, request.left);
    return;
  }
  const [state, effects] = referOutOfDialog({ config: { ...usageConfig(ctx), expires: REFER_SUBSCRIPTION_SECONDS }, now: ctx.now, seed: mintUsageSeed(ctx) }, request.right);
  const fromTag = request.right.core.from === undefined ? O.none : tagOf(request.right.core.from);
  const key = subscriptionKey(request.right.core.callId ?? "", O.isSome(fromTag) ? fromTag.value : "", { type: "refer", id: null });
  deliver(ctx, { _tag: "SubscriptionCreated", subscription: key, request: request.right });
  apply(ctx, key, { _tag: "Subscriber", refer: true, state }, effects);
};

/**
 * RFC 5589 §7: the Refer-To of an attended transfer is the target with a Replaces naming our
 * consultation call as the target sees it (RFC 3891 §6.1: to-tag the target's, from-tag ours).
 */
const transferTarget = (ctx: Ctx, referTo: Uri, replaces: UsageKey | undefined): E.Either<string, Uri> => {
  if (replaces === undefined) return E.right(referTo);
  const consultation = callOf(ctx, replaces)?.session;
  if (consultation?._tag !== "Established") return E.left(`the consultation call ${replaces} is not established`);
  if (referTo._tag !== "SipUri") return E.left("an attended transfer needs a SIP URI to carry Replaces");
  const id = consultation.dialog.id;
  return E.right(withReplaces(referTo, { callId: id.callId, toTag: O.isSome(id.remoteTag) ? id.remoteTag.value : "0", fromTag: id.localTag, earlyOnly: false, params: [] }));
};

export const subscriptionCommand = (ctx: Ctx, command: SubscriptionCommand): void => {
  const now = ctx.now;
  switch (command._tag) {
    case "Subscribe":
      subscribe(ctx, command.to, command.event, command.expires);
      return;
    case "Refer":
      refer(ctx, command.call, command.referTo, command.replaces);
      return;
    case "ReferOutOfDialog":
      referOut(ctx, command.to, command.referTo);
      return;
    case "Unsubscribe":
      runSubscriber(ctx, command.subscription, { _tag: "Unsubscribe", now });
      return;
    case "RefreshSubscription":
      runSubscriber(ctx, command.subscription, { _tag: "Refresh", now, ...(command.expires === undefined ? {} : { expires: command.expires }) });
      return;
    case "AcceptSubscription": {
      const usage = subscriptionOf(ctx, command.subscription);
      const event: NotifierEvent | RefereeEvent =
        usage?._tag === "Notifier" && usage.refer ? { _tag: "Accept", now } : { _tag: "Accept", now, state: command.state ?? "Active", ...(command.body === undefined ? {} : { body: command.body }) };
      runNotifier(ctx, command.subscription, event);
      return;
    }
    case "RejectSubscription":
      runNotifier(ctx, command.subscription, { _tag: "Reject", now, status: command.status });
      return;
    case "UpdateSubscription":
      runNotifier(ctx, command.subscription, { _tag: "Update", now, ...(command.state === undefined ? {} : { state: command.state }), ...(command.body === undefined ? {} : { body: command.body }) });
      return;
    case "TerminateSubscription":
      runNotifier(ctx, command.subscription, { _tag: "Terminate", now, reason: command.reason, ...(command.retryAfter === undefined ? {} : { retryAfter: command.retryAfter }) });
      return;
    case "TransferProgress":
      runNotifier(ctx, command.subscription, { _tag: "Progress", now, status: command.status, ...(command.reason === undefined ? {} : { reason: command.reason }) });
      return;
    default:
      absurd(command);
  }
};

