// The subscriber and notifier usages of RFC 6665 (and the implicit subscription of RFC 3515's
// REFER) as data, per DESIGN.md's reducer contract: states, events and effects on `_tag`, time
// as `now` on every event, deadlines in the state, branches drawn from a seed in the state.
// A usage owns one subscription in one dialog; the shell routes to it by dialog ID and Event.
import type { Seed } from "@puresip/kernel";
import type { Body, Dialog } from "@puresip/dialog";
import type { Method, NameAddr, SipRequest, SipResponse, Tag, Via } from "@puresip/message";
import type { EventPackage } from "./event.js";
import type { Resubscribe, SubscriptionState } from "./substate.js";

/** The request that creates the subscription: SUBSCRIBE (RFC 6665) or REFER (RFC 3515 §2.4.4). */
export type CreatingMethod = "SUBSCRIBE" | "REFER";

/** What both roles need to send requests in the dialog. */
export interface UsageConfig {
  readonly event: EventPackage;
  readonly method: CreatingMethod;
  /** §17.1.1.1 T1 in ms: Timer N is 64*T1 (RFC 6665 §4.1.2.4). */
  readonly t1: number;
  /** Whether the dialog runs over TLS (the secure flag, RFC 3261 §12.1.1/§12.1.2). */
  readonly overTls: boolean;
  /** Our Contact: SUBSCRIBE and NOTIFY are target refresh requests (RFC 3261 §12.2.1.1). */
  readonly localContact: NameAddr;
  /** The top Via of our requests; each gets a fresh branch from the seed (§8.1.1.7). */
  readonly localVia: Via;
}

export interface SubscriberConfig extends UsageConfig {
  /** The duration to ask for in SUBSCRIBE Expires, in seconds (RFC 6665 §3.1.1). */
  readonly expires: number;
  /** Refresh before expiry (RFC 6665 §4.1.2.2). A REFER's implicit subscription is usually left to end (RFC 3515 §2.4.4). */
  readonly refresh: boolean;
  /**
   * RFC 6665 §5.4.9: the package allows one subscription per SUBSCRIBE, so a NOTIFY from
   * another dialog gets 481 rather than `Forked` (e.g. RFC 4575 §3.8). Absent: forks allowed.
   */
  readonly nonForking?: boolean;
}

/** A SUBSCRIBE (or REFER) of ours waiting for its final response. */
export interface Outstanding {
  readonly _tag: "Initial" | "Refresh" | "Unsubscribe";
  readonly request: SipRequest;
  /** The Expires we asked for (seconds). */
  readonly expires: number;
}

/** RFC 6665 §4.1.2 "notify_wait" before any dialog exists: the initial request is out of dialog. */
export interface Subscribing {
  readonly _tag: "Subscribing";
  readonly config: SubscriberConfig;
  readonly seed: Seed;
  readonly request: SipRequest;
  /** §4.1.2.4 Timer N: no NOTIFY by then and the subscription failed. */
  readonly timerN: number;
  /** The application asked to unsubscribe before the dialog existed. */
  readonly unsubscribeWanted: boolean;
}

/**
 * A dialog exists (from the 2xx or the first NOTIFY). `substate` is "Waiting" until the first
 * NOTIFY ("notify_wait" with a dialog), then "Pending" or "Active" as the NOTIFYs say.
 */
export interface Subscribed {
  readonly _tag: "Subscribed";
  readonly config: SubscriberConfig;
  readonly seed: Seed;
  readonly dialog: Dialog;
  readonly substate: "Waiting" | "Pending" | "Active";
  /** Whether the dialog came from a NOTIFY (RFC 6665 §4.4.1: its route set is the NOTIFY's). */
  readonly notified: boolean;
  /** §4.1.2.2: the subscription is valid until then (ms). */
  readonly expiresAt: number;
  /** When to send a refresh (ms), or null when we do not refresh. */
  readonly refreshAt: number | null;
  readonly outstanding: Outstanding | null;
  /** §4.1.2.2 / §4.1.2.4 Timer N of the last SUBSCRIBE, cancelled by a NOTIFY. */
  readonly timerN: number | null;
  readonly unsubscribeWanted: boolean;
  /** §4.1.2.3: an unsubscribe went out; only the terminated NOTIFY (or Timer N) ends it now. */
  readonly unsubscribing: boolean;
  /**
   * §4.1.2.4: until the initial SUBSCRIBE's Timer N, a NOTIFY from another fork creates another
   * subscription (`Forked`); null when none may (a fork's own usage, a REFER in a dialog).
   */
  readonly forkUntil: number | null;
}

export type SubscriberEndReason =
  /** A non-2xx final response (or a transaction timeout, 408) to the initial request (§4.1.2.1). */
  | { readonly _tag: "Rejected"; readonly status: number }
  /** §4.1.2.4: Timer N fired before a NOTIFY came. */
  | { readonly _tag: "NoNotify" }
  /** §4.1.3: a NOTIFY said "terminated"; `advice` says whether to re-subscribe. */
  | { readonly _tag: "Terminated"; readonly reason: string | null; readonly retryAfter: number | null; readonly advice: Resubscribe }
  /** §4.1.2.2: a refresh got 404, 405, 410, 416, 480–485, 489, 501 or 604. */
  | { readonly _tag: "RefreshRejected"; readonly status: number }
  /** §4.1.2.2: the subscription reached its expiry without a successful refresh. */
  | { readonly _tag: "Expired" }
  /** RFC 5057 §5.1: a failure response to a request of any usage of the dialog (`status`) destroyed the dialog and this subscription with it. */
  | { readonly _tag: "DialogTerminated"; readonly status: number };

export interface SubscriberEnded {
  readonly _tag: "Ended";
  readonly reason: SubscriberEndReason;
}

export type SubscriberState = Subscribing | Subscribed | SubscriberEnded;

export type SubscriberNotice =
  /** A 2xx (202 for REFER) to our SUBSCRIBE; `expires` is the granted duration (§4.1.2.1). */
  | { readonly _tag: "Accepted"; readonly status: number; readonly expires: number }
  /** A NOTIFY was accepted (answered 200): its state and the request with its body (§4.1.3). */
  | { readonly _tag: "Notification"; readonly state: SubscriptionState; readonly request: SipRequest }
  /** §4.1.2.2: a refresh failed without ending the subscription; it stays valid until it expires. */
  | { readonly _tag: "RefreshFailed"; readonly status: number }
  /**
   * §4.1.2.4: a NOTIFY from another fork of the initial SUBSCRIBE, not yet answered: start its
   * own subscription with `startForkedSubscriber` (which answers it), or refuse it with 481.
   */
  | { readonly _tag: "Forked"; readonly request: SipRequest }
  | { readonly _tag: "Ended"; readonly reason: SubscriberEndReason };

export type SubscriberEvent =
  /** A response to our SUBSCRIBE/REFER or a NOTIFY for this subscription, from the transaction layer. */
  | { readonly _tag: "Received"; readonly now: number; readonly message: SipRequest | SipResponse }
  /** Our outstanding SUBSCRIBE/REFER timed out (counts as 408, RFC 3261 §8.1.3.1). */
  | { readonly _tag: "Timeout"; readonly now: number; readonly method: Method }
  | { readonly _tag: "Tick"; readonly now: number }
  /** §4.1.2.2: refresh now, optionally asking for another duration. */
  | { readonly _tag: "Refresh"; readonly now: number; readonly expires?: number }
  /** §4.1.2.3: SUBSCRIBE with Expires: 0; the final NOTIFY ends the subscription. */
  | { readonly _tag: "Unsubscribe"; readonly now: number };

/** What both usages ask the shell to do. */
export type UsageEffect<N> =
  /** Through a new client transaction. */
  | { readonly _tag: "SendRequest"; readonly request: SipRequest }
  /** To the server transaction of `request`. */
  | { readonly _tag: "SendResponse"; readonly request: SipRequest; readonly response: SipResponse }
  | { readonly _tag: "Notify"; readonly notice: N }
  /** The subscription is over: the shell drops this usage (and the dialog, if no other usage holds it). */
  | { readonly _tag: "Forget" }
  /** The event could not be used in this state; nothing changed. */
  | { readonly _tag: "Discarded"; readonly reason: string };

export type SubscriberEffect = UsageEffect<SubscriberNotice>;
export type SubscriberStep = readonly [SubscriberState, ReadonlyArray<SubscriberEffect>];

// ---------------------------------------------------------------- notifier

export interface NotifierConfig extends UsageConfig {
  /** §4.2.1.1: a shorter Expires (> 0) gets 423 with this Min-Expires; null accepts any. */
  readonly minExpires: number | null;
  /** §4.2.1.1: the longest duration granted ("MAY shorten the interval but MUST NOT lengthen it"); also the duration when the request names none. */
  readonly maxExpires: number;
}

/** The SUBSCRIBE/REFER is in; the application decides (at once: §4.2.1.1 forbids waiting for a user). */
export interface Deciding {
  readonly _tag: "Deciding";
  readonly config: NotifierConfig;
  readonly seed: Seed;
  readonly request: SipRequest;
  /** Our To tag for the 2xx (RFC 3261 §19.3), minted by the shell; unused in an existing dialog. */
  readonly toTag: Tag;
  /** The dialog the request arrived in, or null when it creates one. */
  readonly dialog: Dialog | null;
  /** The duration to grant (seconds), already within the config's bounds. */
  readonly expires: number;
  /**
   * RFC 6665 §4.2.1.1: "notifiers MUST NOT wait for a user response before returning a final
   * response". Undecided by then (ms), the request is accepted as pending (§4.2.1.3).
   */
  readonly decideBy: number;
}

/** A NOTIFY of ours waiting for its final response (§4.2.2: one at a time). */
export interface PendingNotify {
  readonly request: SipRequest;
  /** It said "terminated": its completion ends the subscription (§4.4.1). */
  readonly final: boolean;
}

export interface Serving {
  readonly _tag: "Serving";
  readonly config: NotifierConfig;
  readonly seed: Seed;
  readonly dialog: Dialog;
  readonly substate: "Pending" | "Active";
  /** §4.2.1.4: removed at this time (ms) unless refreshed. */
  readonly expiresAt: number;
  /** The current resource state, sent with every NOTIFY (§4.2.1.2: also after each refresh). */
  readonly body: Body | null;
  readonly notifying: PendingNotify | null;
  /** A state change or refresh that waits for `notifying` to complete. */
  readonly queued: boolean;
  /** Set once the subscription is ending: the terminated NOTIFY to send (or sent). */
  readonly ending: { readonly reason: string; readonly retryAfter: number | null } | null;
}

export type NotifierEndReason =
  /** We answered the creating request with a failure. */
  | { readonly _tag: "Rejected"; readonly status: number }
  /** The terminated NOTIFY completed (§4.4.1), for `reason`. */
  | { readonly _tag: "Terminated"; readonly reason: string }
  /** §4.2.2: a NOTIFY got 404, 405, 410, 416, 480–485, 489, 501 or 604, or timed out. */
  | { readonly _tag: "NotifyFailed"; readonly status: number }
  /** RFC 5057 §5.1: a failure response to a request of any usage of the dialog (`status`) destroyed the dialog and this subscription with it. */
  | { readonly _tag: "DialogTerminated"; readonly status: number };

export interface NotifierEnded {
  readonly _tag: "Ended";
  readonly reason: NotifierEndReason;
}

export type NotifierState = Deciding | Serving | NotifierEnded;

export type NotifierNotice =
  /** A new SUBSCRIBE/REFER: answer with `Accept` or `Reject`. */
  | { readonly _tag: "Incoming"; readonly request: SipRequest; readonly expires: number }
  /** §4.2.1.4: the subscriber refreshed; `expires` is the new duration (0: unsubscribed). */
  | { readonly _tag: "Refreshed"; readonly expires: number }
  /** A NOTIFY completed with this status. */
  | { readonly _tag: "Delivered"; readonly status: number }
  | { readonly _tag: "Ended"; readonly reason: NotifierEndReason };

export type NotifierEvent =
  /** A SUBSCRIBE in this dialog for this event, or a response to our NOTIFY. */
  | { readonly _tag: "Received"; readonly now: number; readonly message: SipRequest | SipResponse }
  /** Our NOTIFY timed out (§4.2.2: "the notifier SHOULD remove the subscription"). */
  | { readonly _tag: "Timeout"; readonly now: number; readonly method: Method }
  | { readonly _tag: "Tick"; readonly now: number }
  /** §4.2.1.1/§4.2.1.2: accept (2xx, or 202 for REFER) and send the first NOTIFY with `body`. */
  | { readonly _tag: "Accept"; readonly now: number; readonly state: "Active" | "Pending"; readonly body?: Body }
  /** A failure response to the creating request (403, 489, 603, ...). */
  | { readonly _tag: "Reject"; readonly now: number; readonly status: number }
  /** §4.2.2: the resource state (or the authorization) changed; a NOTIFY follows. */
  | { readonly _tag: "Update"; readonly now: number; readonly state?: "Active" | "Pending"; readonly body?: Body }
  /** §4.2.2: end the subscription with a terminated NOTIFY, e.g. reason "rejected", "noresource". */
  | { readonly _tag: "Terminate"; readonly now: number; readonly reason: string; readonly retryAfter?: number; readonly body?: Body };

export type NotifierEffect = UsageEffect<NotifierNotice>;
export type NotifierStep = readonly [NotifierState, ReadonlyArray<NotifierEffect>];
