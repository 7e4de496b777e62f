// RFC 4575 subscriptions to a conference URI (RFC 4579 §5.1, Figure 1 F5-F7): the UA core's
// RFC 6665 notifier runs each one; the focus accepts it with the current roster and, on every
// change, sends the next version (turn.ts `finishTurn`, notifications.ts).
import { headerValues } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import type { UsageKey } from "@puresip/ua";
import { conferenceOf, requestUriText } from "./conference-uri.js";
import { documentBody } from "./conference-info.js";
import type { ConferenceEntry } from "./model.js";
import { delivered, refreshed, subscribe } from "./notifications.js";
import type { Turn } from "./turn.js";
import { command, entryOf, noteUri, sendNotifications, writeEntry } from "./turn.js";

/**
 * A SUBSCRIBE outside a dialog. `Event: conference` to a served conference URI is accepted
 * with a full document, version 0 (RFC 4575 §4.6, §5.2); another package is 489 (RFC
 * 6665 §4.2.1.1), a URI not served 404, and beyond `maxParticipants` subscribers 503.
 */
export const incomingSubscribe = (turn: Turn, subscription: UsageKey, request: SipRequest): void => {
  const event = (headerValues("Event")(request)[0] ?? headerValues("o")(request)[0] ?? "").split(";")[0]?.trim().toLowerCase();
  if (event !== "conference") {
    command(turn, { _tag: "RejectSubscription", subscription, status: 489 });
    return;
  }
  const name = conferenceOf(turn, request);
  if (name === undefined) {
    command(turn, { _tag: "RejectSubscription", subscription, status: 404 });
    return;
  }
  noteUri(turn, name, requestUriText(request));
  const entry = entryOf(turn, name);
  if (entry.subscribers.length >= turn.config.maxParticipants) {
    command(turn, { _tag: "RejectSubscription", subscription, status: 503 });
    return;
  }
  const [subscribed, first] = subscribe(entry, subscription);
  writeEntry(turn, subscribed, false);
  command(turn, { _tag: "AcceptSubscription", subscription, state: "Active", body: documentBody(first) });
};

/** A subscription ended (unsubscribed, expired, its NOTIFY failed): it hears nothing more. */
export const subscriptionEnded = (turn: Turn, subscription: UsageKey): void => {
  for (const name of turn.config.conferences) {
    const entry = entryOf(turn, name);
    if (entry.subscribers.some((s) => s.key === subscription)) writeEntry(turn, { ...entry, subscribers: entry.subscribers.filter((s) => s.key !== subscription) }, false);
  }
};

/** The conference a subscription is to, if it is one of the focus's. */
const subscribedTo = (turn: Turn, subscription: UsageKey): ConferenceEntry | undefined =>
  turn.config.conferences.map((name) => entryOf(turn, name)).find((entry) => entry.subscribers.some((s) => s.key === subscription));

/** A NOTIFY of a conference subscription got its final response (notifications.ts `delivered`). */
export const subscriptionDelivered = (turn: Turn, subscription: UsageKey, status: number): void => {
  const entry = subscribedTo(turn, subscription);
  if (entry !== undefined) writeEntry(turn, delivered(entry, subscription, status), false);
};

/** RFC 4575 §3.2: a refreshed subscription gets the full state (notifications.ts `refreshed`). */
export const subscriptionRefreshed = (turn: Turn, subscription: UsageKey, expires: number): void => {
  const entry = subscribedTo(turn, subscription);
  // Expires: 0 ends it with a terminated NOTIFY (RFC 6665 §4.2.1.4): nothing to add.
  if (entry === undefined || expires === 0) return;
  const [after, notifications] = refreshed(entry, subscription);
  writeEntry(turn, after, false);
  sendNotifications(turn.out, notifications);
};
