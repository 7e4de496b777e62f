// The transaction layer (§17, §18.1.2, §18.2.1 as amended by RFC 6026 §8.9-8.10): one reducer
// that routes each inbound message and each TU request to its transaction. The map of live
// transactions belongs to the caller; the layer reads it and answers with effects that say
// which entries to store or forget, so no event copies the registry.
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import type { ClientTransports } from "@puresip/kernel";
import { isOwnSentBy, outboundRequest } from "@puresip/kernel";
import type { SipMessage, SipRequest, SipResponse } from "@puresip/message";
import { Methods } from "@puresip/message";
import * as InviteClient from "./client-invite.js";
import * as NonInviteClient from "./client-non-invite.js";
import type { TransactionKey } from "./key.js";
import {
  ackMatchesResponse,
  cancelledKey,
  clientKeyOfRequest,
  clientKeyOfResponse,
  hasMagicCookie,
  serverKeyOfRequest,
} from "./key.js";
import type { ClientEvent, Peer, ServerEvent, TransactionEffect } from "./machine.js";
import * as InviteServer from "./server-invite.js";
import * as NonInviteServer from "./server-non-invite.js";
import type { TimerConfig, TimerName } from "./timers.js";
import { defaultTimers } from "./timers.js";

/** A live transaction: which machine, and its state. */
export type Transaction =
  | { readonly _tag: "InviteClient"; readonly state: InviteClient.InviteClientState }
  | { readonly _tag: "NonInviteClient"; readonly state: NonInviteClient.NonInviteClientState }
  | { readonly _tag: "InviteServer"; readonly state: InviteServer.InviteServerState }
  | { readonly _tag: "NonInviteServer"; readonly state: NonInviteServer.NonInviteServerState };

/** The live transactions as the layer reads them. A `Map` is one; the layer never writes it. */
export type TransactionStore = Pick<ReadonlyMap<TransactionKey, Transaction>, "get">;

/** The transaction layer's settings: the timer values and how long before an INVITE server transaction sends 100 itself (§17.2.1). */
export interface LayerConfig {
  readonly timers: TimerConfig;
  /** §17.2.1: how long the TU may take before an INVITE server transaction sends 100 itself. */
  readonly tryingDelay: number;
  /**
   * §18.1.1: the element's transports and their sent-by. When given, a request the TU sends
   * gets the top Via of the transport that carries it here, once, before its transaction
   * stores it: every transmission and retransmission is that request as it is. A response
   * whose top Via names none of these sent-by addresses is discarded (§18.1.2).
   */
  readonly transports?: ClientTransports;
}
/** RFC 3261's default timers, and 200 ms before the 100 (Trying) of §17.2.1. */
export const defaultLayerConfig: LayerConfig = { timers: defaultTimers, tryingDelay: 200 };

/**
 * What enters the layer.
 * - `Received`: a message from the transport, and the address it came from.
 * - `SendRequest`: the TU starts a client transaction (its top Via carries a fresh branch),
 *   or sends the ACK for a 2xx, which is not a transaction (§17.1.1.1) and is just sent.
 * - `SendResponse`: the TU answers the server transaction `key` (from `NewRequest`).
 * - `Tick`: the deadline of `key` has come (a late or spurious tick is harmless).
 * - `TransportError`: sending for `key` failed (§17.1.4, §17.2.4).
 * - `Destroy`: the TU gives up on client transaction `key` (§9.1: with no final response 64*T1
 *   after the CANCEL's 200, the UAC "SHOULD destroy the client transaction handling the
 *   original request"). An INVITE client in Proceeding has no timer of its own.
 */
export type LayerEvent =
  | { readonly _tag: "Received"; readonly now: number; readonly message: SipMessage; readonly source: Peer }
  | { readonly _tag: "SendRequest"; readonly now: number; readonly request: SipRequest; readonly destination: Peer }
  | { readonly _tag: "SendResponse"; readonly now: number; readonly key: TransactionKey; readonly response: SipResponse }
  | { readonly _tag: "Tick"; readonly now: number; readonly key: TransactionKey }
  | { readonly _tag: "TransportError"; readonly now: number; readonly key: TransactionKey }
  | { readonly _tag: "Destroy"; readonly now: number; readonly key: TransactionKey };

/**
 * What the layer asks for, in order. `Store`/`Forget` come first, so a TU that reacts to a
 * later effect at once already finds the transaction in the map.
 * - `Store`: put `transaction` under `key`; tick it at `deadline` (none: no timer runs).
 * - `Forget`: the transaction is Terminated; "it MUST be destroyed immediately".
 * - `Transmit`: send `message` to `destination`.
 * - `NewRequest`: a request that created server transaction `key`: the TU answers with
 *   `SendResponse`. For a CANCEL, `cancels` is the live INVITE server transaction it targets.
 * - `Response`: a response for the TU from client transaction `key`.
 * - `Ack`: an ACK for the core: one with no transaction (the ACK of a 2xx, §17.2.3) or one
 *   an Accepted INVITE server transaction passed up (RFC 6026); `key` says which.
 * - `StrayResponse`: a response matching no transaction. RFC 6026 §8.9: "any element other
 *   than a stateless proxy MUST silently discard the response".
 * - `Timeout` / `TransportFailure`: inform the TU (Timers B, F, H; §17.1.4, §17.2.4).
 * - `Discarded`: an event the layer or the transaction could not use, and why.
 */
export type LayerEffect =
  | { readonly _tag: "Store"; readonly key: TransactionKey; readonly transaction: Transaction; readonly deadline: O.Option<number> }
  | { readonly _tag: "Forget"; readonly key: TransactionKey }
  | { readonly _tag: "Transmit"; readonly key: TransactionKey; readonly message: SipMessage; readonly destination: Peer }
  | {
      readonly _tag: "NewRequest";
      readonly key: TransactionKey;
      readonly request: SipRequest;
      readonly source: Peer;
      readonly cancels: O.Option<TransactionKey>;
    }
  | { readonly _tag: "Response"; readonly key: TransactionKey; readonly response: SipResponse }
  | { readonly _tag: "Ack"; readonly key: O.Option<TransactionKey>; readonly request: SipRequest; readonly source: Peer }
  | { readonly _tag: "StrayResponse"; readonly response: SipResponse; readonly source: Peer }
  | { readonly _tag: "Timeout"; readonly key: TransactionKey; readonly timer: Extract<TimerName, "B" | "F" | "H"> }
  | { readonly _tag: "TransportFailure"; readonly key: TransactionKey }
  | { readonly _tag: "Discarded"; readonly key: O.Option<TransactionKey>; readonly reason: string };

const discard = (key: O.Option<TransactionKey>, reason: string): ReadonlyArray<LayerEffect> => [
  { _tag: "Discarded", key, reason },
];

/** When the adapter should tick this transaction next, if ever. */
export const nextDeadline = (tx: Transaction): O.Option<number> => {
  switch (tx._tag) {
    case "InviteClient":
      return InviteClient.nextDeadline(tx.state);
    case "NonInviteClient":
      return NonInviteClient.nextDeadline(tx.state);
    case "InviteServer":
      return InviteServer.nextDeadline(tx.state);
    case "NonInviteServer":
      return NonInviteServer.nextDeadline(tx.state);
    default:
      return absurd(tx);
  }
};

/** Whether a transaction has reached Terminated and can be forgotten. */
export const isTerminated = (tx: Transaction): boolean => tx.state._tag === "Terminated";

/** What `lift` needs besides the effects: the store (for CANCEL) and the inbound request's source. */
interface LiftContext {
  readonly store: TransactionStore;
  readonly source: Peer | null;
  readonly started: boolean;
}

/** The INVITE server transaction a CANCEL targets, when it is live (§9.2). */
const cancelTarget = (store: TransactionStore, request: SipRequest): O.Option<TransactionKey> => {
  if (request.method !== Methods.CANCEL) return O.none;
  const target = cancelledKey(request);
  if (E.isLeft(target)) return O.none;
  return store.get(target.right)?._tag === "InviteServer" ? O.some(target.right) : O.none;
};

/** A machine's effects in the layer's terms. */
const lift = (
  key: TransactionKey,
  effects: ReadonlyArray<TransactionEffect>,
  ctx: LiftContext,
  out: Array<LayerEffect>,
): void => {
  for (const e of effects) {
    switch (e._tag) {
      case "Transmit":
        out.push({ _tag: "Transmit", key, message: e.message, destination: e.destination });
        break;
      case "PassUp":
        if (e.message._tag === "Response") out.push({ _tag: "Response", key, response: e.message });
        else if (ctx.source === null) out.push({ _tag: "Discarded", key: O.some(key), reason: "a request passed up without its source" });
        else if (ctx.started) {
          const cancels = cancelTarget(ctx.store, e.message);
          out.push({ _tag: "NewRequest", key, request: e.message, source: ctx.source, cancels });
        } else out.push({ _tag: "Ack", key: O.some(key), request: e.message, source: ctx.source });
        break;
      case "Timeout":
        out.push({ _tag: "Timeout", key, timer: e.timer });
        break;
      case "TransportFailure":
        out.push({ _tag: "TransportFailure", key });
        break;
      case "Discarded":
        out.push({ _tag: "Discarded", key: O.some(key), reason: e.reason });
        break;
      default:
        absurd(e);
    }
  }
};

/**
 * The effects of one transaction step: Store when the state changed, Forget when it ended
 * ("destroyed the instant it enters the Terminated state"), then the machine's own effects.
 */
const commit = (
  key: TransactionKey,
  before: Transaction | undefined,
  after: Transaction,
  effects: ReadonlyArray<TransactionEffect>,
  ctx: LiftContext,
): ReadonlyArray<LayerEffect> => {
  const out: Array<LayerEffect> = [];
  if (isTerminated(after)) {
    if (before !== undefined) out.push({ _tag: "Forget", key });
  } else if (before === undefined || before.state !== after.state) {
    out.push({ _tag: "Store", key, transaction: after, deadline: nextDeadline(after) });
  }
  lift(key, effects, ctx, out);
  return out;
};

type ClientTransaction = Extract<Transaction, { _tag: "InviteClient" | "NonInviteClient" }>;
type ServerTransaction = Extract<Transaction, { _tag: "InviteServer" | "NonInviteServer" }>;

const runClient = (tx: ClientTransaction, event: ClientEvent): readonly [Transaction, ReadonlyArray<TransactionEffect>] => {
  if (tx._tag === "InviteClient") {
    const [state, effects] = InviteClient.step(tx.state, event);
    return [state === tx.state ? tx : { _tag: "InviteClient", state }, effects];
  }
  const [state, effects] = NonInviteClient.step(tx.state, event);
  return [state === tx.state ? tx : { _tag: "NonInviteClient", state }, effects];
};

const runServer = (tx: ServerTransaction, event: ServerEvent): readonly [Transaction, ReadonlyArray<TransactionEffect>] => {
  if (tx._tag === "InviteServer") {
    const [state, effects] = InviteServer.step(tx.state, event);
    return [state === tx.state ? tx : { _tag: "InviteServer", state }, effects];
  }
  const [state, effects] = NonInviteServer.step(tx.state, event);
  return [state === tx.state ? tx : { _tag: "NonInviteServer", state }, effects];
};

const isClient = (tx: Transaction): tx is ClientTransaction => tx._tag === "InviteClient" || tx._tag === "NonInviteClient";

const noSource = (store: TransactionStore): LiftContext => ({ store, source: null, started: false });

/** An event for one existing transaction (ticks, transport errors, TU responses). */
const toExisting = (
  store: TransactionStore,
  key: TransactionKey,
  event: Extract<ClientEvent, { _tag: "Tick" | "TransportError" }>,
): ReadonlyArray<LayerEffect> => {
  const tx = store.get(key);
  // A tick for a transaction that is gone is the harmless late tick of the reducer contract.
  if (tx === undefined) return [];
  const [after, effects] = isClient(tx) ? runClient(tx, event) : runServer(tx, event);
  return commit(key, tx, after, effects, noSource(store));
};

/** §18.1.2 as amended by RFC 6026 §8.9: match the response to a client transaction or call it stray. */
const receivedResponse = (config: LayerConfig, store: TransactionStore, response: SipResponse, source: Peer, now: number): ReadonlyArray<LayerEffect> => {
  // §18.1.2: a response whose top Via names a sent-by this element never writes is not for it.
  const top = response.core.via[0];
  if (config.transports !== undefined && top !== undefined && !isOwnSentBy(config.transports, top)) {
    return discard(O.none, `the top Via's sent-by ${top.host.value}${top.port === undefined ? "" : `:${String(top.port)}`} is not this element's: response discarded (§18.1.2)`);
  }
  const key = clientKeyOfResponse(response);
  const tx = E.isRight(key) ? store.get(key.right) : undefined;
  if (E.isLeft(key) || tx === undefined || !isClient(tx)) return [{ _tag: "StrayResponse", response, source }];
  const [after, effects] = runClient(tx, { _tag: "Response", now, response });
  return commit(key.right, tx, after, effects, noSource(store));
};

/** §18.2.1 as amended by RFC 6026 §8.10: match the request to a server transaction or start one. */
const receivedRequest = (
  config: LayerConfig,
  store: TransactionStore,
  request: SipRequest,
  source: Peer,
  now: number,
): ReadonlyArray<LayerEffect> => {
  const key = serverKeyOfRequest(request);
  if (E.isLeft(key)) return discard(O.none, key.left.reason);
  const tx = store.get(key.right);
  const isAck = request.method === Methods.ACK;
  if (tx !== undefined && !isClient(tx)) {
    // RFC 2543 peers: the ACK matches only if its To tag is the one of the response it acknowledges.
    const stale =
      isAck && !hasMagicCookie(request) && tx._tag === "InviteServer" && tx.state._tag === "Completed" &&
      !ackMatchesResponse(request, tx.state.response);
    if (!stale) {
      const [after, effects] = runServer(tx, { _tag: "Request", now, request });
      return commit(key.right, tx, after, effects, { store, source, started: false });
    }
  }
  // "The ACK for a 2xx response ... is not part of the transaction": it goes to the core.
  if (isAck) return [{ _tag: "Ack", key: O.none, request, source }];
  const params = { now, request, source, timers: config.timers, tryingDelay: config.tryingDelay };
  if (request.method === Methods.INVITE) {
    const [state, effects] = InviteServer.start(params);
    return commit(key.right, undefined, { _tag: "InviteServer", state }, effects, { store, source, started: true });
  }
  const [state, effects] = NonInviteServer.start(params);
  return commit(key.right, undefined, { _tag: "NonInviteServer", state }, effects, { store, source, started: true });
};

/** The TU sends a request: a new client transaction, or a 2xx ACK sent as is. */
const sendRequest = (config: LayerConfig, store: TransactionStore, asked: SipRequest, destination: Peer, now: number): ReadonlyArray<LayerEffect> => {
  const decided = config.transports === undefined ? E.right(asked) : outboundRequest(config.transports, asked, destination);
  if (E.isLeft(decided)) return discard(O.none, decided.left);
  const request = decided.right;
  const key = clientKeyOfRequest(request);
  if (E.isLeft(key)) return discard(O.none, key.left.reason);
  // §17.1.1.3 / §13.2.2.4: the ACK of a 2xx is the TU's and no transaction: just send it.
  if (request.method === Methods.ACK) return [{ _tag: "Transmit", key: key.right, message: request, destination }];
  if (store.get(key.right) !== undefined) {
    return discard(O.some(key.right), `a ${request.method} transaction with this branch is live: each request needs a fresh branch (§8.1.1.7)`);
  }
  const params = { now, request, destination, timers: config.timers };
  if (request.method === Methods.INVITE) {
    const [state, effects] = InviteClient.start(params);
    return commit(key.right, undefined, { _tag: "InviteClient", state }, effects, noSource(store));
  }
  const [state, effects] = NonInviteClient.start(params);
  return commit(key.right, undefined, { _tag: "NonInviteClient", state }, effects, noSource(store));
};

/** The TU answers server transaction `key`. */
const sendResponse = (store: TransactionStore, key: TransactionKey, response: SipResponse, now: number): ReadonlyArray<LayerEffect> => {
  const tx = store.get(key);
  if (tx === undefined || isClient(tx)) {
    return discard(O.some(key), `no server transaction for this ${response.status}: it ended or never existed`);
  }
  const [after, effects] = runServer(tx, { _tag: "Respond", now, response });
  return commit(key, tx, after, effects, noSource(store));
};

/**
 * The transaction layer as one reducer over the caller's map: `step(config)(store, event)`
 * gives the effects to run in order. The layer never writes `store`; apply `Store`/`Forget`.
 */
export const step =
  (config: LayerConfig) =>
  (store: TransactionStore, event: LayerEvent): ReadonlyArray<LayerEffect> => {
    switch (event._tag) {
      case "Received":
        return event.message._tag === "Response"
          ? receivedResponse(config, store, event.message, event.source, event.now)
          : receivedRequest(config, store, event.message, event.source, event.now);
      case "SendRequest":
        return sendRequest(config, store, event.request, event.destination, event.now);
      case "SendResponse":
        return sendResponse(store, event.key, event.response, event.now);
      case "Tick":
        return toExisting(store, event.key, { _tag: "Tick", now: event.now });
      case "TransportError":
        return toExisting(store, event.key, { _tag: "TransportError", now: event.now });
      case "Destroy":
        return store.get(event.key) === undefined ? [] : [{ _tag: "Forget", key: event.key }];
      default:
        return absurd(event);
    }
  };
