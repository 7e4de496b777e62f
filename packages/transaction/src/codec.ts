// io-ts codecs for every transaction state, so a live transaction can be stored (JSON), sent to
// another process and restored: deadlines are absolute times in the state, so a restored
// transaction still knows its timers.
import * as E from "fp-ts/lib/Either.js";
import type * as O from "fp-ts/lib/Option.js";
import * as t from "io-ts";
import type { SipMessageJson, SipRequest, SipResponse } from "@puresip/message";
import { SipMessageCodec } from "@puresip/message";
import type { InviteClientState } from "./client-invite.js";
import type { NonInviteClientState } from "./client-non-invite.js";
import type { TransactionKey } from "./key.js";
import type { LayerEffect, LayerEvent, Transaction } from "./layer.js";
import type { Peer } from "./machine.js";
import { PeerCodec as KernelPeerCodec } from "@puresip/kernel";
import type { InviteServerState } from "./server-invite.js";
import type { NonInviteServerState } from "./server-non-invite.js";
import type { Retransmit, TimerConfig } from "./timers.js";

/** @puresip/message's SipMessageCodec, narrowed to requests (the JSON form is the same). */
export const SipRequestCodec: t.Type<SipRequest, SipMessageJson> = new t.Type<SipRequest, SipMessageJson>(
  "SipRequest",
  (u): u is SipRequest => SipMessageCodec.is(u) && u._tag === "Request",
  (u, c) => E.flatMap(SipMessageCodec.validate(u, c), (m) => (m._tag === "Request" ? t.success(m) : t.failure(u, c, "expected a request"))),
  SipMessageCodec.encode,
);

/** @puresip/message's SipMessageCodec, narrowed to responses. */
export const SipResponseCodec: t.Type<SipResponse, SipMessageJson> = new t.Type<SipResponse, SipMessageJson>(
  "SipResponse",
  (u): u is SipResponse => SipMessageCodec.is(u) && u._tag === "Response",
  (u, c) => E.flatMap(SipMessageCodec.validate(u, c), (m) => (m._tag === "Response" ? t.success(m) : t.failure(u, c, "expected a response"))),
  SipMessageCodec.encode,
);

/** io-ts codec for Peer (the kernel's). */
export const PeerCodec: t.Type<Peer, unknown> = KernelPeerCodec;
/** io-ts codec for TimerConfig. */
export const TimerConfigCodec: t.Type<TimerConfig, unknown> = t.type({ t1: t.number, t2: t.number, t4: t.number });
const RetransmitCodec: t.Type<Retransmit | null, unknown> = t.union([t.type({ at: t.number, interval: t.number }), t.null]);
const TerminatedCodec = t.type({ _tag: t.literal("Terminated") });

const clientActive = {
  request: SipRequestCodec,
  destination: PeerCodec,
  reliable: t.boolean,
  timers: TimerConfigCodec,
};

/** io-ts codec for InviteClientState. */
export const InviteClientStateCodec: t.Type<InviteClientState, unknown> = t.union([
  t.type({ _tag: t.literal("Calling"), ...clientActive, timerA: RetransmitCodec, timerB: t.number }),
  t.type({ _tag: t.literal("Proceeding"), ...clientActive }),
  t.type({ _tag: t.literal("Completed"), ack: SipRequestCodec, destination: PeerCodec, timerD: t.number }),
  t.type({ _tag: t.literal("Accepted"), timerM: t.number }),
  TerminatedCodec,
]);

/** io-ts codec for NonInviteClientState. */
export const NonInviteClientStateCodec: t.Type<NonInviteClientState, unknown> = t.union([
  t.type({ _tag: t.literal("Trying"), ...clientActive, timerE: RetransmitCodec, timerF: t.number }),
  t.type({ _tag: t.literal("Proceeding"), ...clientActive, timerE: RetransmitCodec, timerF: t.number }),
  t.type({ _tag: t.literal("Completed"), timerK: t.number }),
  TerminatedCodec,
]);

const serverBase = { destination: PeerCodec, reliable: t.boolean, timers: TimerConfigCodec };

/** io-ts codec for InviteServerState. */
export const InviteServerStateCodec: t.Type<InviteServerState, unknown> = t.union([
  t.type({
    _tag: t.literal("Proceeding"),
    ...serverBase,
    provisional: t.union([SipResponseCodec, t.null]),
    trying: t.union([t.type({ at: t.number, request: SipRequestCodec }), t.null]),
  }),
  t.type({ _tag: t.literal("Completed"), ...serverBase, response: SipResponseCodec, timerG: RetransmitCodec, timerH: t.number }),
  t.type({ _tag: t.literal("Confirmed"), timerI: t.number }),
  t.type({ _tag: t.literal("Accepted"), destination: PeerCodec, timerL: t.number }),
  TerminatedCodec,
]);

/** io-ts codec for NonInviteServerState. */
export const NonInviteServerStateCodec: t.Type<NonInviteServerState, unknown> = t.union([
  t.type({ _tag: t.literal("Trying"), ...serverBase }),
  t.type({ _tag: t.literal("Proceeding"), ...serverBase, provisional: SipResponseCodec }),
  t.type({ _tag: t.literal("Completed"), response: t.string, destination: PeerCodec, timerJ: t.number }),
  TerminatedCodec,
]);

/** Any live transaction as the layer stores it. */
export const TransactionCodec: t.Type<Transaction, unknown> = t.union([
  t.type({ _tag: t.literal("InviteClient"), state: InviteClientStateCodec }),
  t.type({ _tag: t.literal("NonInviteClient"), state: NonInviteClientStateCodec }),
  t.type({ _tag: t.literal("InviteServer"), state: InviteServerStateCodec }),
  t.type({ _tag: t.literal("NonInviteServer"), state: NonInviteServerStateCodec }),
]);

/** A transaction key as stored: the string itself. */
export const TransactionKeyCodec: t.Type<TransactionKey, string> = new t.Type<TransactionKey, string>(
  "TransactionKey",
  (u): u is TransactionKey => typeof u === "string",
  (u, c) => (typeof u === "string" ? t.success(u as TransactionKey) : t.failure(u, c, "expected a transaction key")),
  (k) => k,
);

/** fp-ts Option in its own JSON shape ({ _tag: "None" } | { _tag: "Some", value }). */
const optionOf = <A, J>(codec: t.Type<A, J>): t.Type<O.Option<A>, O.None | { readonly _tag: "Some"; readonly value: J }> =>
  t.union([t.type({ _tag: t.literal("None") }), t.type({ _tag: t.literal("Some"), value: codec })]);

const now = t.number;

/** Every event the layer takes, so an adapter can queue or ship them as JSON. */
export const LayerEventCodec: t.Type<LayerEvent, unknown> = t.union([
  t.type({ _tag: t.literal("Received"), now, message: SipMessageCodec, source: PeerCodec }),
  t.type({ _tag: t.literal("SendRequest"), now, request: SipRequestCodec, destination: PeerCodec }),
  t.type({ _tag: t.literal("SendResponse"), now, key: TransactionKeyCodec, response: SipResponseCodec }),
  t.type({ _tag: t.literal("Tick"), now, key: TransactionKeyCodec }),
  t.type({ _tag: t.literal("TransportError"), now, key: TransactionKeyCodec }),
  t.type({ _tag: t.literal("Destroy"), now, key: TransactionKeyCodec }),
]);

/** Every effect the layer asks for, so an adapter can journal them as JSON. */
export const LayerEffectCodec: t.Type<LayerEffect, unknown> = t.union([
  t.type({ _tag: t.literal("Store"), key: TransactionKeyCodec, transaction: TransactionCodec, deadline: optionOf(t.number) }),
  t.type({ _tag: t.literal("Forget"), key: TransactionKeyCodec }),
  t.type({ _tag: t.literal("Transmit"), key: TransactionKeyCodec, message: SipMessageCodec, destination: PeerCodec }),
  t.type({
    _tag: t.literal("NewRequest"),
    key: TransactionKeyCodec,
    request: SipRequestCodec,
    source: PeerCodec,
    cancels: optionOf(TransactionKeyCodec),
  }),
  t.type({ _tag: t.literal("Response"), key: TransactionKeyCodec, response: SipResponseCodec }),
  t.type({ _tag: t.literal("Ack"), key: optionOf(TransactionKeyCodec), request: SipRequestCodec, source: PeerCodec }),
  t.type({ _tag: t.literal("StrayResponse"), response: SipResponseCodec, source: PeerCodec }),
  t.type({ _tag: t.literal("Timeout"), key: TransactionKeyCodec, timer: t.union([t.literal("B"), t.literal("F"), t.literal("H")]) }),
  t.type({ _tag: t.literal("TransportFailure"), key: TransactionKeyCodec }),
  t.type({ _tag: t.literal("Discarded"), key: optionOf(TransactionKeyCodec), reason: t.string }),
]);
