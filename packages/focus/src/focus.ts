// The conference focus (RFC 4579 §3.1, RFC 4353 §3): an `Application` on the UA core
// (@puresip/kernel's `withApplication(uaElement(config), focusApplication(focus))`). It hears
// the UA core's calls and REFERs and answers with UA commands; its participant lists are its
// registry entries, one per live conference, forgotten when the last participant leaves.
import * as O from "fp-ts/lib/Option.js";
import { absurd } from "fp-ts/lib/function.js";
import type { Application, ApplicationInput, Registry } from "@puresip/kernel";
import type { AppEvent, UaCommand, UsageKey } from "@puresip/ua";
import { incomingCall, mediaAllocated } from "./calls.js";
import type { FocusConfig } from "./config.js";
import type { FocusCommand, FocusEvent } from "./events.js";
import { ConferenceEntryCodec, FocusStateCodec } from "./model.js";
import type { ConferenceEntry, FocusState } from "./model.js";
import { incomingRefer } from "./refer.js";
import { reportDue, reportOverdue } from "./referral-deadline.js";
import { incomingSubscribe, subscriptionDelivered, subscriptionEnded, subscriptionRefreshed } from "./subscribers.js";
import { callCreated, callEnded, callEstablished, callFailed, callNotMade, callProgress, inDialogRequest } from "./sessions.js";
import type { FocusOutput, Turn } from "./turn.js";
import { command, deliver, finishTurn, participantsOf, putParticipant, removeParticipant, startTurn } from "./turn.js";

/** The focus as an application: its state, its entries, the UA core's commands and events, its own. */
export type FocusApplication = Application<FocusState, ConferenceEntry, UaCommand, AppEvent, FocusCommand, FocusEvent>;

/** What the UA core said, as it changes the conferences; the rest goes to the owner as `Ua`. */
const delivered = (turn: Turn, event: AppEvent): void => {
  switch (event._tag) {
    case "IncomingCall":
      incomingCall(turn, event.call, event.invite);
      return;
    case "CallCreated":
      callCreated(turn, event.call);
      return;
    case "CallNotMade":
      callNotMade(turn, event.reason);
      return;
    case "CallProgress":
      callProgress(turn, event.call, event.status);
      return;
    case "CallEstablished":
      callEstablished(turn, event.call);
      return;
    case "CallFailed":
      callFailed(turn, event.call, event.status);
      return;
    case "CallEnded":
      callEnded(turn, event.call, event.reason);
      return;
    case "InDialogRequest":
      inDialogRequest(turn, event.call, event.request);
      return;
    case "Subscription":
      subscription(turn, event);
      return;
    case "AnswerNeeded":
      // The focus always offers, so a 2xx never carries an offer it must answer; end the call rather than leave it half-negotiated.
      command(turn, { _tag: "Hangup", call: event.call });
      return;
    case "CallMedia":
    case "SessionTerminated":
    case "ReofferDone":
    case "ReinviteAcked":
    case "InDialogDone":
    case "Registered":
    case "Unregistered":
    case "RegistrationFailed":
    case "Bindings":
    case "MessageReceived":
    case "MessageResult":
    case "OptionsResult":
    case "Rejected":
    case "CredentialsNeeded":
    case "Problem":
    case "IncomingRequest":
    case "SubscriptionCreated":
      deliver(turn, { _tag: "Ua", event });
      return;
    default:
      absurd(event);
  }
};

/** A REFER to act on (RFC 4579 §5.5, §5.11), a SUBSCRIBE to a conference (RFC 4575), or how one of them ended. */
const subscription = (turn: Turn, event: Extract<AppEvent, { readonly _tag: "Subscription" }>): void => {
  const notice = event.notice;
  switch (notice._tag) {
    case "Refer":
      incomingRefer(turn, event.subscription, notice.request, notice.referTo);
      return;
    case "Incoming":
      incomingSubscribe(turn, event.subscription, notice.request);
      return;
    case "Ended":
      subscriptionEnded(turn, event.subscription);
      // A referrer who is gone hears nothing more; its participant stays.
      for (const name of turn.config.conferences) {
        for (const p of participantsOf(turn, name)) if (p.referral === event.subscription) putParticipant(turn, name, { ...p, referral: null, reportBy: null });
      }
      deliver(turn, { _tag: "Ua", event });
      return;
    case "Delivered":
      subscriptionDelivered(turn, event.subscription, notice.status);
      deliver(turn, { _tag: "Ua", event });
      return;
    case "Refreshed":
      subscriptionRefreshed(turn, event.subscription, notice.expires);
      deliver(turn, { _tag: "Ua", event });
      return;
    case "Accepted":
    case "Forked":
    case "NoSubscription":
    case "Notification":
    case "Progress":
    case "RefreshFailed":
      deliver(turn, { _tag: "Ua", event });
      return;
    default:
      absurd(notice);
  }
};

/** The owner's commands. */
const commanded = (turn: Turn, c: FocusCommand): void => {
  switch (c._tag) {
    case "MediaAllocated":
      mediaAllocated(turn, c.conference, c.participant, { address: c.address, port: c.port });
      return;
    case "Ua":
      command(turn, c.command);
      return;
    default:
      absurd(c);
  }
};

/**
 * A conference's deadline came: participants whose media was never allocated are dropped (503,
 * RFC 3261 §21.5.4); a referrer not yet told how its request ended hears it now (referral-deadline.ts).
 */
const ticked = (turn: Turn, name: string): void => {
  for (const p of participantsOf(turn, name)) {
    if (p.mediaBy === null || p.mediaBy > turn.now) {
      reportOverdue(turn, name, p);
      continue;
    }
    if (p.call !== null && p.joining === "dialed-in") command(turn, { _tag: "Reject", call: p.call as UsageKey, status: 503 });
    removeParticipant(turn, name, p, { method: "failed", status: 503, reason: "no media was allocated in time" }, 503);
  }
};

/** The earliest deadline of a conference's participants: media to be allocated, a referrer to be told. */
const nextDeadline = (entry: ConferenceEntry): O.Option<number> => {
  const due = entry.participants.flatMap((p) => [p.mediaBy, reportDue(p)].filter((d): d is number => d !== null));
  return due.length === 0 ? O.none : O.some(Math.min(...due));
};

/** A focus for `config`, to compose with the UA core by `withApplication`. */
export const focusApplication = (config: FocusConfig): FocusApplication => ({
  step: (registry: Registry<ConferenceEntry>, state: FocusState, input: ApplicationInput<AppEvent, FocusCommand>): readonly [FocusState, ReadonlyArray<FocusOutput>] => {
    const turn = startTurn(config, input.now, registry, state);
    switch (input._tag) {
      case "Delivered":
        delivered(turn, input.event);
        break;
      case "Command":
        commanded(turn, input.command);
        break;
      case "Tick":
        ticked(turn, input.key);
        break;
      default:
        absurd(input);
    }
    return finishTurn(turn);
  },
  nextDeadline,
  codec: { state: FocusStateCodec, entry: ConferenceEntryCodec },
});
