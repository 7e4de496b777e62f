// RFC 4575 subscriptions to a conference URI (RFC 4579 §5.1, Figure 1 F5-F7): the UA core's
// RFC 6665 notifier runs each one; the focus accepts it with the current roster and, on every
// change, sends the next version (turn.ts `finishTurn`).
import { headerValues } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import type { UsageKey } from "@puresip/ua";
import { conferenceOf, requestUriText } from "./conference-uri.js";
import { conferenceInfoBody } from "./conference-info.js";
import type { Turn } from "./turn.js";
import { command, entryOf, noteUri, writeEntry } from "./turn.js";

/**
 * A SUBSCRIBE outside a dialog. `Event: conference` to a served conference URI is accepted
 * with a full document at the current version (RFC 4575 §4.6); another package is 489 (RFC
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
  const version = turn.state.versions[name] ?? 0;
  writeEntry(turn, { ...entry, subscribers: [...entry.subscribers, subscription] }, false);
  command(turn, { _tag: "AcceptSubscription", subscription, state: "Active", body: conferenceInfoBody(entry, [], version) });
};

/** A subscription ended (unsubscribed, expired, its NOTIFY failed): it hears nothing more. */
export const subscriptionEnded = (turn: Turn, subscription: UsageKey): void => {
  for (const name of turn.config.conferences) {
    const entry = entryOf(turn, name);
    if (entry.subscribers.includes(subscription)) writeEntry(turn, { ...entry, subscribers: entry.subscribers.filter((s) => s !== subscription) }, false);
  }
};
