// What the subscriber's steps share (RFC 6665 §4.1): how a subscription ends, the SUBSCRIBE's
// Event and Expires, and when a refresh is due.
import * as E from "fp-ts/lib/Either.js";
import { Methods } from "@puresip/message";
import type { HeaderField } from "@puresip/message";
import { discarded, inDialogRequest, notify, sendRequest, timerN } from "./common.js";
import { eventField } from "./event.js";
import type { Outstanding, SubscriberConfig, SubscriberEffect, SubscriberEndReason, SubscriberNotice, SubscriberState, SubscriberStep, Subscribed } from "./types.js";

export type Effect = SubscriberEffect;

/** Refresh at max(half the duration, duration − 30 s), as registrations do (RFC 3261 §10.2.4), so a lost refresh can be retried. */
export const refreshDelayMs = (seconds: number): number => Math.floor(Math.max(seconds / 2, seconds - 30) * 1000);

export const ended = (reason: SubscriberEndReason, effects: ReadonlyArray<Effect> = []): SubscriberStep => [
  { _tag: "Ended", reason },
  [...effects, notify<SubscriberNotice>({ _tag: "Ended", reason }), { _tag: "Forget" }],
];

export const unchanged = (state: SubscriberState, reason: string): SubscriberStep => [state, [discarded(reason)]];

export const expiresHeaderField = (seconds: number): HeaderField => ({ name: "Expires", value: String(seconds) });

/** The headers of a SUBSCRIBE for this subscription (RFC 6665 §3.1.1, §3.1.2). */
export const subscribeHeaders = (config: SubscriberConfig, expires: number): ReadonlyArray<HeaderField> => [eventField(config.event), expiresHeaderField(expires)];

export const withRefresh = (config: SubscriberConfig, now: number, seconds: number): number | null => (config.refresh ? now + refreshDelayMs(seconds) : null);

// ---------------------------------------------------------------- sending in the dialog

/** §4.1.2.2 / §4.1.2.3: a SUBSCRIBE in the dialog; Timer N starts when it is sent. */
export const sendSubscribe = (s: Subscribed, now: number, kind: "Refresh" | "Unsubscribe", expires: number, extra: ReadonlyArray<Effect> = []): SubscriberStep => {
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
export const settle = (s: Subscribed, now: number, effects: ReadonlyArray<Effect>): SubscriberStep =>
  s.unsubscribeWanted && s.outstanding === null ? sendSubscribe(s, now, "Unsubscribe", 0, effects) : [s, effects];

