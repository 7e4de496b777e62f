// `puresip subscribe <uri> --event E`: the UA core's RFC 6665 subscriber on a local port.
// SUBSCRIBE goes out (refreshed by the core), each NOTIFY is printed as it comes, and after
// --duration the subscription ends with Expires: 0 (§4.1.2.3) and its final NOTIFY. For the
// conference package (RFC 4575) each NOTIFY's roster is printed, built as §4.6 says by
// @puresip/conference; for any other package the body as it came.
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import type { ConferenceInfoError, RosterUpdate, RosterView } from "@puresip/conference";
import { describeConferenceInfoError, emptyRosterView, receiveNotify, rosterLines } from "@puresip/conference";
import type { MediaType, SipRequest, Uri } from "@puresip/message";
import { Methods, contentTypeHeader, readHeader } from "@puresip/message";
import type { Stack } from "@puresip/node";
import type { AppEvent, Capabilities, SubscriptionState, UsageKey } from "@puresip/ua";
import { basicCapabilities } from "@puresip/ua";
import type { ClientPlan } from "../commands/client-args.js";
import type { Io } from "../io.js";

const media = (type: string, subtype: string): MediaType => ({ type, subtype, params: [] });

/**
 * A subscriber takes NOTIFY (RFC 6665 §4.1.3) with the bodies of the common event packages:
 * conference (RFC 4575), presence (RFC 3863), dialog (RFC 4235), message-summary (RFC 3842),
 * reg (RFC 3680), refer (RFC 3515); other types are answered 415 by the UA core (RFC 3261 §8.2.3).
 */
export const subscriberCapabilities = (warnAgent: string): Capabilities => ({
  ...basicCapabilities,
  warnAgent,
  methods: [...basicCapabilities.methods, Methods.SUBSCRIBE, Methods.NOTIFY],
  contentTypes: [
    ...basicCapabilities.contentTypes,
    media("application", "conference-info+xml"),
    media("application", "pidf+xml"),
    media("application", "dialog-info+xml"),
    media("application", "simple-message-summary"),
    media("application", "reginfo+xml"),
    media("application", "xml"),
    media("message", "sipfrag"),
    media("text", "plain"),
  ],
});

type SubscriptionEvent = Extract<AppEvent, { _tag: "Subscription" }>;

const stateText = (s: SubscriptionState): string => {
  switch (s._tag) {
    case "Active":
    case "Pending":
      return `${s._tag.toLowerCase()}${s.expires === null ? "" : `, expires ${s.expires}s`}`;
    case "Terminated":
      return `terminated${s.reason === null ? "" : `, reason ${s.reason}`}`;
    default:
      return absurd(s);
  }
};

/** The NOTIFY's Content-Type as type/subtype, or "" when it has none. */
const bodyType = (notify: SipRequest): string => {
  const t = readHeader(contentTypeHeader)(notify);
  return E.isRight(t) && O.isSome(t.right) ? `${t.right.value.type}/${t.right.value.subtype}` : "";
};

const unreadable = (e: ConferenceInfoError | { readonly _tag: "WrongType"; readonly type: string }): string =>
  e._tag === "WrongType" ? `a body of type ${e.type}, not application/conference-info+xml` : describeConferenceInfoError(e);

/** What one conference NOTIFY did, as lines for stdout (the roster) or stderr (a problem). */
const conferenceLines = (update: RosterUpdate): { readonly out: ReadonlyArray<string>; readonly err: ReadonlyArray<string> } => {
  switch (update._tag) {
    case "Applied":
      return { out: rosterLines(update.roster), err: [] };
    case "ConferenceEnded":
      return { out: rosterLines(update.roster), err: [] };
    case "NoBody":
      return { out: ["(no body)"], err: [] };
    case "RefreshNeeded":
      return { out: [], err: [`version ${update.problem.received} after ${update.problem.local ?? "none"}: a gap; refreshing for a full document (RFC 4575 §4.6)`] };
    case "Discarded": {
      const p = update.problem;
      // The same version again (a refresh's or the final NOTIFY repeats the current document) is no news.
      if (p._tag === "Stale" && p.received === p.local) return { out: [`(version ${p.received} again: roster unchanged)`], err: [] };
      return { out: [], err: [p._tag === "Stale" ? `version ${p.received} is older than ${p.local}: discarded (RFC 4575 §4.6)` : `a document of ${p.received}: discarded`] };
    }
    case "Unreadable":
      return { out: [], err: [`a NOTIFY body that is not conference information (${unreadable(update.error)}); keeping the last roster`] };
    default:
      return absurd(update);
  }
};

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** Subscribes, prints every NOTIFY until --duration is over or the notifier ends it; 0 when it was accepted. */
export const subscribe = async (stack: Stack, uri: Uri, plan: ClientPlan, io: Io, fail: (text: string) => number): Promise<number> => {
  const event = plan.event ?? "";
  const conference = event.toLowerCase() === "conference";
  let key: UsageKey | undefined;
  let view: RosterView = emptyRosterView;
  // Set by the listener: whether the notifier ever answered (a 2xx or a NOTIFY).
  const heard = { accepted: false, notified: false };
  let endedWith: ((reason: string) => void) | undefined;
  const ended = new Promise<string>((resolve) => {
    endedWith = resolve;
  });
  const onNotice = (e: SubscriptionEvent): void => {
    if (key === undefined || e.subscription !== key) return;
    const n = e.notice;
    switch (n._tag) {
      case "Accepted":
        heard.accepted = true;
        io.stdout(`${n.status} accepted, expires ${n.expires}s\n`);
        return;
      case "Notification": {
        heard.notified = true;
        io.stdout(`NOTIFY (${stateText(n.state)})\n`);
        if (!conference) {
          if (n.request.body.length > 0) io.stdout(`${bodyType(n.request)}\n${new TextDecoder().decode(n.request.body)}\n`);
          return;
        }
        const [next, update] = receiveNotify(view, n.request.body.length === 0 ? null : { type: bodyType(n.request), content: n.request.body });
        view = next;
        const { out, err } = conferenceLines(update);
        for (const line of out) io.stdout(`${line}\n`);
        for (const line of err) io.stderr(`puresip subscribe: ${line}\n`);
        // RFC 4575 §4.6: a gap "MUST generate a subscription refresh request to trigger a full state notification".
        if (update._tag === "RefreshNeeded") stack.command({ _tag: "RefreshSubscription", subscription: key });
        return;
      }
      case "Ended":
        endedWith?.(n.reason._tag === "Rejected" ? `rejected with ${n.reason.status}` : n.reason._tag);
        return;
      case "RefreshFailed":
        io.stderr(`puresip subscribe: a refresh got ${n.status}\n`);
        return;
      // A fork's NOTIFY (§4.1.2.4) gets its own usage from the UA core under another key, which
      // this command does not print (RFC 4575 §3.8: one dialog per SUBSCRIBE). The rest are the
      // notifier's and the referer's notices, not a subscriber's.
      case "Forked":
      case "Progress":
      case "NoSubscription":
      case "Incoming":
      case "Refer":
      case "Refreshed":
      case "Delivered":
        return;
      default:
        absurd(n);
    }
  };
  stack.on("SubscriptionCreated", (e) => {
    key ??= e.subscription;
  });
  stack.on("Subscription", onNotice);
  stack.command({ _tag: "Subscribe", to: uri, event, expires: plan.expires });
  const first = await Promise.race([ended, delay(plan.durationMs).then(() => undefined)]);
  let reason = first ?? "no subscription was made";
  if (first === undefined && key !== undefined) {
    stack.command({ _tag: "Unsubscribe", subscription: key });
    // §4.1.2.3: the notifier's last NOTIFY (terminated) ends it.
    reason = `unsubscribed (${await Promise.race([ended, delay(plan.timeoutMs).then(() => "no final NOTIFY")])})`;
  }
  if (!heard.accepted && !heard.notified) return fail(`the subscription failed: ${reason}`);
  io.stdout(`subscription ended: ${reason}\n`);
  return 0;
};
