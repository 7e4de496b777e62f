// RFC 6665 subscriptions: public API.
export type { EventPackage } from "./event.js";
export { NON_FORKING_EVENTS, eventField, eventOf, printEvent, sameEvent } from "./event.js";
export type { Resubscribe, SubscriptionState } from "./substate.js";
export { resubscribeAdvice, subscriptionStateField, subscriptionStateOf } from "./substate.js";
export type {
  CreatingMethod,
  Deciding,
  NotifierConfig,
  NotifierEffect,
  NotifierEndReason,
  NotifierEnded,
  NotifierEvent,
  NotifierNotice,
  NotifierState,
  NotifierStep,
  Outstanding,
  PendingNotify,
  Serving,
  SubscriberConfig,
  SubscriberEffect,
  SubscriberEndReason,
  SubscriberEnded,
  SubscriberEvent,
  SubscriberNotice,
  SubscriberState,
  SubscriberStep,
  Subscribed,
  Subscribing,
  UsageConfig,
  UsageEffect,
} from "./types.js";
export type { SubscriberStart } from "./subscriber.js";
export { adoptSubscriberRequest, nextSubscriberDeadline, refreshDelayMs, startForkedSubscriber, startSubscriber, startSubscriberInDialog, stepSubscriber } from "./subscriber.js";
export type { NotifierStart } from "./notifier.js";
export { DECISION_T1S, adoptNotifierRequest, nextNotifierDeadline, startNotifier, stepNotifier } from "./notifier.js";
export { endsUsage } from "./common.js";
export { NotifierStateCodec, SubscriberStateCodec } from "./codec.js";
export { raiseNotifierSeq, raiseSubscriberSeq, usageDialog, withNotifierDialog, withSubscriberDialog } from "./dialog-seq.js";
