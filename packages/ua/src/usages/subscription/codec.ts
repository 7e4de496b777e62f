// io-ts codecs for every subscriber and notifier state, so a subscription can be stored in a
// shared registry and restored between events (DESIGN.md). Messages travel in
// @puresip/message's JSON form, dialogs through @puresip/dialog's codec, bodies as base64.
import { SeedCodec } from "@puresip/kernel";
import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import { DialogCodec, SipRequestCodec } from "@puresip/dialog";
import type { Body } from "@puresip/dialog";
import { NameAddrFromString, ViaFromString, decodeBase64, encodeBase64, tag } from "@puresip/message";
import type { Tag } from "@puresip/message";
import type { NotifierState, SubscriberState } from "./types.js";

const TagCodec = new t.Type<Tag, string>(
  "Tag",
  (u): u is Tag => typeof u === "string" && E.isRight(tag(u)),
  (u, c) => {
    if (typeof u !== "string") return t.failure(u, c, "not a string");
    const made = tag(u);
    return E.isRight(made) ? t.success(made.right) : t.failure(u, c, "not a tag (a token, RFC 3261 §19.3)");
  },
  (x) => x,
);

const Bytes = new t.Type<Uint8Array, string>(
  "Base64Bytes",
  (u): u is Uint8Array => u instanceof Uint8Array,
  (u, c) => {
    if (typeof u !== "string") return t.failure(u, c, "not a base64 string");
    const bytes = decodeBase64(u);
    return bytes === undefined ? t.failure(u, c, "not base64") : t.success(bytes);
  },
  encodeBase64,
);

const BodyCodec: t.Type<Body, { readonly type: string; readonly content: string }> = t.readonly(t.type({ type: t.string, content: Bytes }), "Body");

const nullable = <A, O>(codec: t.Type<A, O>): t.Type<A | null, O | null> => t.union([codec, t.null]);

const EventCodec = t.readonly(t.type({ type: t.string, id: nullable(t.string) }), "EventPackage");

const usageFields = {
  event: EventCodec,
  method: t.union([t.literal("SUBSCRIBE"), t.literal("REFER")]),
  t1: t.number,
  overTls: t.boolean,
  localContact: NameAddrFromString,
  localVia: ViaFromString,
};

const SubscriberConfigCodec = t.readonly(t.intersection([t.type({ ...usageFields, expires: t.number, refresh: t.boolean }), t.partial({ nonForking: t.boolean })]), "SubscriberConfig");
const NotifierConfigCodec = t.readonly(t.type({ ...usageFields, minExpires: nullable(t.number), maxExpires: t.number }), "NotifierConfig");

const OutstandingCodec = t.readonly(
  t.type({ _tag: t.union([t.literal("Initial"), t.literal("Refresh"), t.literal("Unsubscribe")]), request: SipRequestCodec, expires: t.number }),
  "Outstanding",
);

const ResubscribeCodec = t.union([t.type({ _tag: t.literal("Retry"), afterSeconds: t.number }), t.type({ _tag: t.literal("DoNotRetry") })]);

const SubscriberEndReasonCodec = t.union([
  t.type({ _tag: t.literal("Rejected"), status: t.number }),
  t.type({ _tag: t.literal("NoNotify") }),
  t.type({ _tag: t.literal("Terminated"), reason: nullable(t.string), retryAfter: nullable(t.number), advice: ResubscribeCodec }),
  t.type({ _tag: t.literal("RefreshRejected"), status: t.number }),
  t.type({ _tag: t.literal("Expired") }),
  t.type({ _tag: t.literal("DialogTerminated"), status: t.number }),
]);

const SubscriberStateUnbranded = t.union([
  t.readonly(t.type({ _tag: t.literal("Subscribing"), config: SubscriberConfigCodec, seed: SeedCodec, request: SipRequestCodec, timerN: t.number, unsubscribeWanted: t.boolean }), "Subscribing"),
  t.readonly(
    t.type({
      _tag: t.literal("Subscribed"),
      config: SubscriberConfigCodec,
      seed: SeedCodec,
      dialog: DialogCodec,
      substate: t.union([t.literal("Waiting"), t.literal("Pending"), t.literal("Active")]),
      notified: t.boolean,
      expiresAt: t.number,
      refreshAt: nullable(t.number),
      outstanding: nullable(OutstandingCodec),
      timerN: nullable(t.number),
      unsubscribeWanted: t.boolean,
      unsubscribing: t.boolean,
      forkUntil: nullable(t.number),
    }),
    "Subscribed",
  ),
  t.readonly(t.type({ _tag: t.literal("Ended"), reason: SubscriberEndReasonCodec }), "SubscriberEnded"),
]);

/** SubscriberState ⇄ JSON. */
export const SubscriberStateCodec: t.Type<SubscriberState, t.OutputOf<typeof SubscriberStateUnbranded>> = SubscriberStateUnbranded;

const NotifierEndReasonCodec = t.union([
  t.type({ _tag: t.literal("Rejected"), status: t.number }),
  t.type({ _tag: t.literal("Terminated"), reason: t.string }),
  t.type({ _tag: t.literal("NotifyFailed"), status: t.number }),
  t.type({ _tag: t.literal("DialogTerminated"), status: t.number }),
]);

const NotifierStateUnbranded = t.union([
  t.readonly(
    t.type({ _tag: t.literal("Deciding"), config: NotifierConfigCodec, seed: SeedCodec, request: SipRequestCodec, toTag: TagCodec, dialog: nullable(DialogCodec), expires: t.number, decideBy: t.number }),
    "Deciding",
  ),
  t.readonly(
    t.type({
      _tag: t.literal("Serving"),
      config: NotifierConfigCodec,
      seed: SeedCodec,
      dialog: DialogCodec,
      substate: t.union([t.literal("Pending"), t.literal("Active")]),
      expiresAt: t.number,
      body: nullable(BodyCodec),
      notifying: nullable(t.readonly(t.type({ request: SipRequestCodec, final: t.boolean }))),
      queued: t.boolean,
      ending: nullable(t.readonly(t.type({ reason: t.string, retryAfter: nullable(t.number) }))),
    }),
    "Serving",
  ),
  t.readonly(t.type({ _tag: t.literal("Ended"), reason: NotifierEndReasonCodec }), "NotifierEnded"),
]);

/** NotifierState ⇄ JSON. */
export const NotifierStateCodec: t.Type<NotifierState, t.OutputOf<typeof NotifierStateUnbranded>> = NotifierStateUnbranded;
