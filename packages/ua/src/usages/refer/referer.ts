// The agent sending a REFER (RFC 3515 §2.4.1, §2.4.4): the REFER creates an implicit
// subscription to the "refer" event, so the referer is a subscriber whose NOTIFYs carry the
// progress of the referenced request as message/sipfrag. A REFER in an existing dialog (a
// blind transfer from a call) or outside one both work; the NOTIFY's Event id is the REFER's
// CSeq (§2.4.6).
import type { Seed } from "@puresip/kernel";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { Dialog } from "@puresip/dialog";
import { Methods, headerField, readHeader, referSubHeader, referToHeader, referredByHeader } from "@puresip/message";
import type { HeaderField, NameAddr, SipRequest } from "@puresip/message";
import { startSubscriber, startSubscriberInDialog, stepSubscriber } from "../subscription/subscriber.js";
import type { SubscriberConfig, SubscriberEvent, SubscriberNotice, SubscriberState, SubscriberStep, UsageEffect } from "../subscription/types.js";
import { referProgressOf } from "./sipfrag.js";

/** The referer's settings: a subscriber's, without the event (always "refer") and method (REFER). */
export interface RefererConfig {
  readonly t1: number;
  readonly overTls: boolean;
  readonly localContact: NameAddr;
  readonly localVia: Via;
  /** How long to wait for the subscription if no NOTIFY names a duration (seconds). */
  readonly expires: number;
}

type Via = SubscriberConfig["localVia"];

export type RefererNotice =
  | SubscriberNotice
  /** RFC 3515 §2.4.5: a NOTIFY's sipfrag, the referenced request's status; `final` for 2xx–6xx. */
  | { readonly _tag: "Progress"; readonly status: number; readonly reason: string; readonly final: boolean }
  /** RFC 4488 §4: the 2xx said "Refer-Sub: false": no implicit subscription, so no progress will come; the usage ends. */
  | { readonly _tag: "NoSubscription"; readonly status: number };

export type RefererEffect = UsageEffect<RefererNotice>;
export type RefererState = SubscriberState;
export type RefererEvent = SubscriberEvent;
export type RefererStep = readonly [RefererState, ReadonlyArray<RefererEffect>];

const subscriberConfig = (config: RefererConfig, seq: number): SubscriberConfig => ({
  ...config,
  event: { type: "refer", id: String(seq) },
  method: "REFER",
  // RFC 3515 §2.4.4: "The agent issuing the REFER may extend its subscription"; by default it does not.
  refresh: false,
});

/** Adds a `Progress` notice after every NOTIFY with a sipfrag body (a malformed one is reported as Discarded). */
const withProgress = ([state, effects]: SubscriberStep): RefererStep => {
  const out: Array<RefererEffect> = [];
  for (const e of effects) {
    out.push(e);
    if (e._tag !== "Notify" || e.notice._tag !== "Notification") continue;
    const progress = referProgressOf(e.notice.request);
    out.push(
      E.isRight(progress)
        ? { _tag: "Notify", notice: { _tag: "Progress", status: progress.right.status, reason: progress.right.reason, final: progress.right.status >= 200 } }
        : { _tag: "Discarded", reason: progress.left },
    );
  }
  return [state, out];
};

export interface RefererStart {
  readonly config: RefererConfig;
  readonly now: number;
  readonly seed: Seed;
}

/**
 * A REFER in an existing dialog (RFC 3515 §2.4.1): Refer-To (and Referred-By, RFC 3892) with
 * the dialog's next CSeq, which becomes the Event id of its NOTIFYs.
 */
export const referInDialog = (start: RefererStart, dialog: Dialog, referTo: NameAddr, referredBy?: NameAddr, options?: { readonly noSubscription?: boolean }): RefererStep => {
  // buildRequest takes the next local sequence number (initialSeq 1 when none was used yet).
  const seq = O.isSome(dialog.localSeq) ? dialog.localSeq.value + 1 : 1;
  const headers: ReadonlyArray<HeaderField> = [
    headerField(referToHeader)(referTo),
    ...(referredBy === undefined ? [] : [headerField(referredByHeader)(referredBy)]),
    // RFC 4488 §4: "MAY be used by the REFER-Issuer only when [it] can be certain that the REFER request will not be forked": in a dialog it cannot fork.
    ...(options?.noSubscription === true ? [headerField(referSubHeader)({ value: false, params: [] })] : []),
  ];
  return withProgress(startSubscriberInDialog({ config: subscriberConfig(start.config, seq), now: start.now, seed: start.seed }, dialog, headers));
};

/** A REFER outside any dialog, built by the caller (`newRequest` with a Refer-To header). */
export const referOutOfDialog = (start: RefererStart, request: SipRequest): RefererStep => {
  if (request.method !== Methods.REFER) return withProgress(startSubscriber({ config: subscriberConfig(start.config, 0), now: start.now, seed: start.seed }, request));
  return withProgress(startSubscriber({ config: subscriberConfig(start.config, request.core.cseq?.seq ?? 0), now: start.now, seed: start.seed }, request));
};

/**
 * RFC 4488 §4: "If the REFER-Recipient supports the extension and is willing to process the
 * REFER transaction without establishing an implicit subscription, it MUST insert the
 * "Refer-Sub" header field set to "false" in the 2xx response"; then "no implicit
 * subscription is created". Otherwise (no Refer-Sub, or true) it goes on as RFC 3515 says.
 */
const grantsNoSubscription = (event: RefererEvent): number | null => {
  if (event._tag !== "Received" || event.message._tag !== "Response") return null;
  const r = event.message;
  if (r.status < 200 || r.status >= 300 || r.core.cseq?.method !== Methods.REFER) return null;
  const sub = readHeader(referSubHeader)(r);
  return E.isRight(sub) && O.isSome(sub.right) && !sub.right.value.value ? r.status : null;
};

/** The referer's reducer: the subscriber's, with `Progress` notices from the sipfrag bodies. */
export const stepReferer = (state: RefererState, event: RefererEvent): RefererStep => {
  const granted = state._tag === "Ended" ? null : grantsNoSubscription(event);
  if (granted === null) return withProgress(stepSubscriber(state, event));
  const ended: RefererState = { _tag: "Ended", reason: { _tag: "Terminated", reason: "norefersub", retryAfter: null, advice: { _tag: "DoNotRetry" } } };
  return [ended, [{ _tag: "Notify", notice: { _tag: "NoSubscription", status: granted } }, { _tag: "Forget" }]];
};
