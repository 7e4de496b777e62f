// The agent receiving a REFER (RFC 3515 §2.4.2–§2.4.7): it accepts with 202, which creates an
// implicit "refer" subscription, and reports the progress of the request it makes (typically
// an INVITE to the Refer-To target) in NOTIFYs with message/sipfrag bodies. The application
// starts the referenced request and reports each response's status with `Progress`; the
// final one ends the subscription with "terminated;reason=noresource" (§2.4.7).
import type { Seed } from "@puresip/kernel";
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import { headerField, readHeaderList, referSubHeader, referToHeader, referredByHeader, readHeader } from "@puresip/message";
import type { NameAddr, SipRequest } from "@puresip/message";
import * as O from "fp-ts/lib/Option.js";
import { startNotifier, stepNotifier } from "../subscription/notifier.js";
import type { NotifierStart } from "../subscription/notifier.js";
import type { NotifierConfig, NotifierEffect, NotifierEvent, NotifierNotice, NotifierState, NotifierStep, UsageEffect } from "../subscription/types.js";
import { respond } from "../subscription/common.js";
import { sipfragBody } from "./sipfrag.js";

/**
 * The duration, in seconds, of the implicit subscription of a REFER the UA core takes or sends
 * (RFC 3515 §2.4.4: "the duration of the implicit subscription ... chosen by the referee"): an
 * application that acts on a REFER (a focus dialling out) must report its final outcome within
 * it, or the referrer sees the subscription end with reason=timeout instead.
 */
export const REFER_SUBSCRIPTION_SECONDS = 60;

export interface RefereeConfig {
  readonly t1: number;
  readonly overTls: boolean;
  readonly localContact: NotifierConfig["localContact"];
  readonly localVia: NotifierConfig["localVia"];
  /** The duration of the implicit subscription, chosen by the referee (RFC 3515 §2.4.4), in seconds. */
  readonly expires: number;
}

export type RefereeNotice =
  | Exclude<NotifierNotice, { readonly _tag: "Incoming" }>
  /** A REFER to act on: answer `Accept` (then start the request to `referTo`) or `Reject`. */
  | { readonly _tag: "Refer"; readonly request: SipRequest; readonly referTo: NameAddr; readonly referredBy: NameAddr | null };

export type RefereeEffect = UsageEffect<RefereeNotice>;
export type RefereeState = NotifierState;
export type RefereeStep = readonly [RefereeState, ReadonlyArray<RefereeEffect>];

export type RefereeEvent =
  | Extract<NotifierEvent, { readonly _tag: "Received" | "Timeout" | "Tick" | "Reject" }>
  /** §2.4.2: accept with 202; the first NOTIFY says "SIP/2.0 100 Trying" (§2.4.5). */
  | { readonly _tag: "Accept"; readonly now: number }
  /** §2.4.5: a response to the referenced request; 2xx–6xx is final and ends the subscription (§2.4.7). */
  | { readonly _tag: "Progress"; readonly now: number; readonly status: number; readonly reason?: string };

export interface RefereeStart {
  readonly config: RefereeConfig;
  readonly now: number;
  readonly seed: Seed;
  readonly toTag: NotifierStart["toTag"];
  /** The dialog the REFER arrived in (a call), if any. */
  readonly dialog?: NotifierStart["dialog"];
}

const notifierConfig = (config: RefereeConfig): NotifierConfig => ({
  ...config,
  event: { type: "refer", id: null },
  method: "REFER",
  minExpires: null,
  maxExpires: config.expires,
});

/** The notifier's effects as the referee's: its `Incoming` becomes `Refer` (only `startNotifier` says `Incoming`). */
const refereeEffect = (e: NotifierEffect, refer: { readonly request: SipRequest; readonly referTo: NameAddr; readonly referredBy: NameAddr | null } | null): RefereeEffect => {
  if (e._tag !== "Notify") return e;
  const n = e.notice;
  if (n._tag !== "Incoming") return { _tag: "Notify", notice: n };
  return refer === null ? { _tag: "Discarded", reason: "a second Incoming" } : { _tag: "Notify", notice: { _tag: "Refer", ...refer } };
};

const fromNotifier = ([state, effects]: NotifierStep, refer: SipRequest, referTo: NameAddr, referredBy: NameAddr | null): RefereeStep => [
  state,
  effects.map((e) => refereeEffect(e, { request: refer, referTo, referredBy })),
];

/**
 * A REFER arrived. RFC 3515 §2.4.1: "A REFER request MUST contain exactly one Refer-To header
 * field value"; otherwise 400 (§2.4.2: "If a REFER request ... contains zero or multiple
 * Refer-To header field values, the receiving agent MUST respond with a 400").
 */
export const startReferee = (start: RefereeStart, refer: SipRequest): RefereeStep => {
  const targets = readHeaderList(referToHeader)(refer);
  if (E.isLeft(targets) || targets.right.length !== 1 || targets.right[0] === undefined) {
    const reason = E.isLeft(targets) ? targets.left.reason : `${String(targets.right.length)} Refer-To values, exactly one is needed (RFC 3515 §2.4.2)`;
    const rejected = { _tag: "Rejected" as const, status: 400 };
    return [{ _tag: "Ended", reason: rejected }, [respond(refer, 400, [{ name: "Warning", value: `399 - "${reason.replace(/"/g, "'")}"` }]), { _tag: "Notify", notice: { _tag: "Ended", reason: rejected } }, { _tag: "Forget" }]];
  }
  const by = readHeader(referredByHeader)(refer);
  const referredBy = E.isRight(by) && O.isSome(by.right) ? by.right.value : null;
  const notifierStart: NotifierStart = { config: notifierConfig(start.config), now: start.now, seed: start.seed, toTag: start.toTag, ...(start.dialog === undefined ? {} : { dialog: start.dialog }) };
  return fromNotifier(startNotifier(notifierStart, refer), refer, targets.right[0], referredBy);
};

const toNotifierEvent = (event: RefereeEvent): NotifierEvent => {
  switch (event._tag) {
    case "Accept":
      // RFC 3515 §2.4.5: "SIP/2.0 100 Trying" until the referenced request has a response.
      return { _tag: "Accept", now: event.now, state: "Active", body: sipfragBody(100) };
    case "Progress": {
      const body = sipfragBody(event.status, event.reason);
      // §2.4.7: "The final NOTIFY sent in response to a REFER MUST indicate the subscription has been "terminated" with a reason of "noresource"."
      return event.status >= 200 ? { _tag: "Terminate", now: event.now, reason: "noresource", body } : { _tag: "Update", now: event.now, body };
    }
    case "Received":
    case "Timeout":
    case "Tick":
    case "Reject":
      return event;
    default:
      return absurd(event);
  }
};

/** The referee's reducer: the notifier's, driven by the referenced request's progress. */
export const stepReferee = (state: RefereeState, event: RefereeEvent): RefereeStep => {
  if (event._tag === "Progress" && (!Number.isInteger(event.status) || event.status < 100 || event.status > 699)) {
    return [state, [{ _tag: "Discarded", reason: "Progress needs a status from 100 to 699" }]];
  }
  // RFC 3515 §2.4.5: accepted while still undecided, the NOTIFY says pending with "SIP/2.0 100 Trying".
  const undecided = event._tag === "Tick" && state._tag === "Deciding" && event.now >= state.decideBy;
  const [next, effects] = stepNotifier(state, undecided ? { _tag: "Accept", now: event.now, state: "Pending", body: sipfragBody(100) } : toNotifierEvent(event));
  return [next, effects.map((e) => refereeEffect(e, null))];
};

/**
 * RFC 4488 §4: the REFER asked for no implicit subscription ("Refer-Sub: false") and this UA
 * grants it: "it MUST insert the "Refer-Sub" header field set to "false" in the 2xx response
 * ... In this case, no implicit subscription is created", so no NOTIFY follows and the usage
 * ends with the 202. None when the REFER did not ask, or the referee already answered it.
 */
export const grantNoSubscription = (state: RefereeState): RefereeStep | null => {
  if (state._tag !== "Deciding") return null;
  const asked = readHeader(referSubHeader)(state.request);
  if (E.isLeft(asked) || O.isNone(asked.right) || asked.right.value.value) return null;
  const ended: RefereeState = { _tag: "Ended", reason: { _tag: "Terminated", reason: "norefersub" } };
  const granted = headerField(referSubHeader)({ value: false, params: [] });
  return [ended, [respond(state.request, 202, [granted], state.dialog === null ? state.toTag : undefined), { _tag: "Notify", notice: { _tag: "Ended", reason: ended.reason } }, { _tag: "Forget" }]];
};
