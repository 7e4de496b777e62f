// RFC 5057 §5.1: a failure response that "destroys the usage" or "destroys the dialog and all
// usages sharing it", applied to a subscriber or a notifier (and so to the two ends of a
// REFER's implicit subscription). The usage ends where it stands and sends nothing more in the
// dialog: the failure already said the peer will not take it (a dialog destroyed: "Future
// requests using this dialog state will also fail"). The request the notifier was still
// deciding on is answered, so its server transaction ends.
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import { Methods } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { expiresOf, respond } from "./common.js";
import { subscriptionStateOf } from "./substate.js";
import { ended as subscriberEnded } from "./subscriber-base.js";
import type { NotifierNotice, NotifierState, NotifierStep, SubscriberState, SubscriberStep } from "./types.js";
import { notify } from "./common.js";

/** What ended the usage: the failure's status, and whether it took the usage alone or the whole dialog. */
export interface UsageEnd {
  readonly scope: "Usage" | "Dialog";
  readonly status: number;
}

/** The subscriber (or referer) after `end`; an ended one stays as it is. */
export const endSubscriber = (state: SubscriberState, end: UsageEnd): SubscriberStep => {
  switch (state._tag) {
    case "Subscribing":
      return subscriberEnded(end.scope === "Dialog" ? { _tag: "DialogTerminated", status: end.status } : { _tag: "Rejected", status: end.status });
    case "Subscribed":
      // RFC 6665 §4.1.2.2: a refresh failing so ends the subscription.
      return subscriberEnded(end.scope === "Dialog" ? { _tag: "DialogTerminated", status: end.status } : { _tag: "RefreshRejected", status: end.status });
    case "Ended":
      return [state, []];
    default:
      return absurd(state);
  }
};

const notifierEnded = (reason: Extract<NotifierState, { readonly _tag: "Ended" }>["reason"], effects: NotifierStep[1] = []): NotifierStep => [
  { _tag: "Ended", reason },
  [...effects, notify<NotifierNotice>({ _tag: "Ended", reason }), { _tag: "Forget" }],
];

/** The notifier (or referee) after `end`; an ended one stays as it is. */
export const endNotifier = (state: NotifierState, end: UsageEnd): NotifierStep => {
  switch (state._tag) {
    case "Deciding":
      // The SUBSCRIBE or REFER still waits for its answer: "Call/Transaction Does Not Exist" now.
      return notifierEnded(end.scope === "Dialog" ? { _tag: "DialogTerminated", status: end.status } : { _tag: "Rejected", status: 481 }, [respond<NotifierNotice>(state.request, 481)]);
    case "Serving":
      // RFC 6665 §4.2.2: a NOTIFY failing so removes the subscription.
      return notifierEnded(end.scope === "Dialog" ? { _tag: "DialogTerminated", status: end.status } : { _tag: "NotifyFailed", status: end.status });
    case "Ended":
      return [state, []];
    default:
      return absurd(state);
  }
};

/**
 * RFC 5057 §5.1 notes 13 and 17: "an attempt to gracefully terminate this usage": our SUBSCRIBE
 * with Expires: 0 (RFC 6665 §4.1.2.3) or our NOTIFY saying "terminated" (§4.2.2).
 */
export const endsSubscription = (request: SipRequest): boolean => {
  if (request.method === Methods.SUBSCRIBE) {
    const expires = expiresOf(request);
    return E.isRight(expires) && O.isSome(expires.right) && expires.right.value === 0;
  }
  if (request.method !== Methods.NOTIFY) return false;
  const state = subscriptionStateOf(request);
  return E.isRight(state) && state.right._tag === "Terminated";
};
