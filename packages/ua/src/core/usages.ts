// The usages of the UA core (RFC 5057 §5: "a dialog usage" is what a dialog-creating method
// set up: an INVITE session, a subscription, ...), and the one table through which the core
// reaches each kind. Everything the core does to "any usage" — tick it at its deadline, give it
// the final response or the timeout of a request it sent, swap in a resent request, close it
// on Shutdown — goes through a row here; adding a kind of usage is one row (and its variant in
// types.ts, its codec in codec.ts). Rows call into their modules only from inside functions:
// those modules import the core's plumbing, which imports this table.
import { inDialogDone } from "../usages/call/in-dialog.js";
import * as O from "fp-ts/lib/Option.js";
import { sessionDialog } from "@puresip/dialog";
import type { Dialog } from "@puresip/dialog";
import { usageDialog } from "../usages/subscription/dialog-seq.js";
import type { SipRequest, SipResponse } from "@puresip/message";
import { callDeadline, callOf, runSession } from "../usages/call/call.js";
import type { Ctx } from "./context.js";
import { nextRegistrationDeadline } from "../usages/registration/client.js";
import { nextNotifierDeadline } from "../usages/subscription/notifier.js";
import { nextSubscriberDeadline } from "../usages/subscription/subscriber.js";
import { toRegistration, unregister } from "../usages/registration/usage.js";
import { adoptCallRequest } from "../uac/resend.js";
import { adoptRetry, endSubscription, toSubscription } from "../usages/subscription/usage.js";
import { endsSubscription } from "../usages/subscription/usage-end.js";
import type { UsageEnd } from "../usages/subscription/usage-end.js";
import { Methods } from "@puresip/message";
import type { Usage, UsageKey } from "./types.js";

export interface UsageKind<U extends Usage> {
  /** The dialog the usage is in (RFC 5057 §5), which files it under that dialog's entry (dialogs.ts); none outside any dialog. */
  readonly dialog: (usage: U) => O.Option<Dialog>;
  /** When the usage wants `Tick`; none while it waits only for messages. */
  readonly deadline: (usage: U) => O.Option<number>;
  readonly tick: (ctx: Ctx, key: UsageKey) => void;
  /** A response to a request the usage sent (a 1xx too, for the kinds that want one). */
  readonly response: (ctx: Ctx, key: UsageKey, response: SipResponse) => void;
  /** The request got no response (Timer B/F, §8.1.3.1) or could not be sent. */
  readonly timeout: (ctx: Ctx, key: UsageKey, request: SipRequest) => void;
  /**
   * `old` goes again as `next` (CSeq `seq`): §22.2's retry or RFC 3263 §4.3's failover. False
   * when the usage no longer waits for `old`, and nothing must be sent.
   */
  readonly adopt: (ctx: Ctx, key: UsageKey, usage: U, old: SipRequest, next: SipRequest, seq: number) => boolean;
  /** The core answers the usage's 401/407 (§22.2); false: the usage answers its own. */
  readonly coreDigest: boolean;
  /** `Shutdown`: what closing the UA does to it (`unregister`: remove the bindings we made). */
  readonly close: (ctx: Ctx, key: UsageKey, usage: U, unregister: boolean) => void;
  /**
   * RFC 5057 §5.3: the methods of the requests that belong to the usage, its own; §5.1 note 3
   * reads a 405 or 501 to any other (an INFO in an INVITE usage) as the transaction's alone.
   */
  readonly methods: ReadonlySet<string>;
  /** RFC 5057 §5.1 notes 13 and 17: `request` was "an attempt to gracefully terminate this usage". */
  readonly ending: (request: SipRequest) => boolean;
  /** RFC 5057 §5.1: a failure response destroyed the usage (`scope` Usage) or its whole dialog (Dialog): the usage ends. */
  readonly end: (ctx: Ctx, key: UsageKey, end: UsageEnd) => void;
}

type UsageTable = { readonly [K in Usage["_tag"]]: UsageKind<Extract<Usage, { readonly _tag: K }>> };

const subscription: UsageKind<Extract<Usage, { readonly _tag: "Subscriber" | "Notifier" }>> = {
  dialog: (usage) => usageDialog(usage.state),
  deadline: (usage) => (usage._tag === "Subscriber" ? nextSubscriberDeadline(usage.state) : nextNotifierDeadline(usage.state)),
  tick: (ctx, key) => { toSubscription(ctx, key, { _tag: "Tick" }); },
  response: (ctx, key, response) => { toSubscription(ctx, key, { _tag: "Received", message: response }); },
  timeout: (ctx, key, request) => { toSubscription(ctx, key, { _tag: "Timeout", request }); },
  adopt: (ctx, key, _usage, _old, next) => adoptRetry(ctx, key, next),
  coreDigest: true,
  // RFC 6665 subscriptions end with their dialog, or at their expiry.
  close: () => undefined,
  methods: new Set([Methods.SUBSCRIBE, Methods.NOTIFY, Methods.REFER]),
  ending: endsSubscription,
  end: (ctx, key, end) => { endSubscription(ctx, key, end); },
};

const usages: UsageTable = {
  Call: {
    dialog: (usage) => sessionDialog(usage.session),
    deadline: (usage) => callDeadline(usage),
    tick: (ctx, key) => { runSession(ctx, key, { _tag: "Tick", now: ctx.now }); },
    // A response or timeout of the application's own in-dialog request (SendInDialog) is told to it too.
    response: (ctx, key, response) => { inDialogDone(ctx, key, response); runSession(ctx, key, { _tag: "Received", now: ctx.now, message: response }); },
    timeout: (ctx, key, request) => { inDialogDone(ctx, key, request); runSession(ctx, key, { _tag: "Timeout", now: ctx.now, method: request.method }); },
    adopt: (ctx, key, usage, old, next, seq) => adoptCallRequest(ctx, key, usage, old, next, seq),
    coreDigest: true,
    // §15.1.1 BYE after the 2xx, §9.1 CANCEL before it: what `Hangup` does.
    close: (ctx, key) => { runSession(ctx, key, { _tag: "Hangup", now: ctx.now }); },
    methods: new Set([Methods.INVITE, Methods.ACK, Methods.CANCEL, Methods.UPDATE, Methods.PRACK, Methods.BYE]),
    ending: (request) => request.method === Methods.BYE,
    // The dialog destroyed: the session ends sending nothing in it (`DialogTerminated`). The
    // usage alone: a confirmed call ends as `Hangup` ends it, by BYE (§15), which leaves the
    // dialog to its other usages (RFC 5057 §5.5).
    end: (ctx, key, end) => {
      if (end.scope === "Dialog") runSession(ctx, key, { _tag: "DialogTerminated", now: ctx.now, status: end.status });
      else if (callOf(ctx, key)?.session._tag === "Established") runSession(ctx, key, { _tag: "Hangup", now: ctx.now });
    },
  },
  Registration: {
    dialog: () => O.none,
    deadline: (usage) => nextRegistrationDeadline(usage.registration),
    tick: (ctx, key) => { toRegistration(ctx, key, { _tag: "Tick" }); },
    // The §10.2 client waits for final responses only.
    response: (ctx, key, response) => { if (response.status >= 200) toRegistration(ctx, key, { _tag: "Response", response }); },
    timeout: (ctx, key) => { toRegistration(ctx, key, { _tag: "Timeout" }); },
    // Each REGISTER is built afresh from the client's state; the response finds it by CSeq.
    adopt: () => true,
    // It answers its challenges itself, caching the answers for its refreshes (§22.1).
    coreDigest: false,
    // §10.2.2: our binding removed (Expires: 0), as `Unregister` does.
    close: (ctx, _key, usage, removeBindings) => { if (removeBindings) unregister(ctx, usage.id, false); },
    // Never in a dialog (RFC 5057 §5.3 leaves REGISTER's pseudo-dialog aside), so no in-dialog failure reaches it.
    methods: new Set([Methods.REGISTER]),
    ending: () => false,
    end: () => undefined,
  },
  Subscriber: subscription,
  Notifier: subscription,
};

/**
 * The row for `usage`'s kind. TypeScript cannot see that `usages[usage._tag]` is the row for
 * that very variant (a correlated union), hence the one widening here.
 */
export const kindOf = <U extends Usage>(usage: U): UsageKind<U> => usages[usage._tag] as unknown as UsageKind<U>;

/** The usage filed under `key`, if that key holds one. */
export const usageAt = (ctx: Ctx, key: UsageKey): Usage | undefined => {
  const entry = ctx.store.get(key);
  return entry?._tag === "Usage" ? entry.usage : undefined;
};
