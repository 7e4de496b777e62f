// The proxy as one kernel element: the §17 transaction layer's machines (server transactions
// for what arrives, client transactions for each branch) and the proxy's own entries (response
// contexts with Timer C, the server-transaction index, bindings, stateless requests waiting
// for RFC 3263) in the engine's registry, each with its deadline. Like `layerElement`, what the
// layer passes up goes to the proxy and the proxy's answers go back to the layer through one
// queue inside the step. With `stateless: true` no transaction is made at all (§16.11).
import { absurd } from "fp-ts/lib/function.js";
import * as E from "fp-ts/lib/Either.js";
import type { Element, Event } from "@puresip/kernel";
import { Methods } from "@puresip/message";
import { overlay, runQueue } from "@puresip/kernel";
import type { LayerEvent, Transaction, TransactionKey } from "@puresip/transaction";
import { step as layerStep } from "@puresip/transaction";
import type { ProxyConfig } from "../config.js";
import type { Cursors, ProxyEntry, ProxyState } from "../context/types.js";
import { entryDeadline, ProxyEntryCodec, ProxyStateCodec } from "../context/types.js";
import { onBudgetTick, onNonceTick } from "./authorize.js";
import { onLocated, onLocationUnavailable, onNewRequest } from "./requests.js";
import { onBindingsTick, onRegistered, onRegisteringTick } from "./registrar.js";
import { forwardStatelessResponse, onContextTick, onResolvedBranch, onResponse, onTimeout } from "./responses.js";
import { forwardStateless, onResolvedPending } from "./stateless.js";
import type { ProxyApp, ProxyCommand, ProxyEffect, Work } from "./work.js";
import { dropped, getContext } from "./work.js";
import { STORE_RETRY_AFTER } from "../location/owner.js";

/** The proxy as an element of the kernel's engine: its state, its registry entries, the commands it takes and the events it tells the owner. */
export type ProxyElement = Element<ProxyState, ProxyEntry, ProxyCommand, ProxyApp>;

/** How `proxyElement` runs: stateful (the default) or stateless (§16.11). */
export interface ProxyOptions {
  /** §16.11: forward every request and response without transactions or contexts. */
  readonly stateless: boolean;
}

const isTransaction = (e: ProxyEntry | undefined): e is Transaction =>
  e !== undefined && (e._tag === "InviteClient" || e._tag === "NonInviteClient" || e._tag === "InviteServer" || e._tag === "NonInviteServer");

const branchOfKey = (key: string): string | undefined => key.split(" ")[2];

/** What the layer passes up, handed to the proxy. */
const fromLayer = (w: Work, event: LayerEvent): void => {
  const transactions = {
    get: (k: TransactionKey): Transaction | undefined => {
      const e = w.store.get(k);
      return isTransaction(e) ? e : undefined;
    },
  };
  for (const e of layerStep(w.config.layer)(transactions, event)) {
    switch (e._tag) {
      case "Store":
        w.store.put(e.key, e.transaction);
        break;
      case "Forget":
        w.store.forget(e.key);
        break;
      case "Transmit":
        w.out.push({ _tag: "Transmit", message: e.message, destination: e.destination });
        break;
      case "NewRequest":
        onNewRequest(w, e.key, e.request, e.source, e.cancels);
        break;
      case "Response":
        onResponse(w, e.response);
        break;
      case "Ack":
        forwardStateless(w, e.request, e.source);
        break;
      // RFC 6026 §7.3 (replacing §16.7's first paragraphs): "The proxy MUST NOT forward the
      // response if there is no matching transaction state machine", a late 2xx included: a
      // stateful proxy that relayed strays could be made to send packets wherever a forged Via
      // says (RFC 6026 §3). A CANCEL's answers a CANCEL this proxy forwarded statelessly
      // (§16.10), as a stateless proxy, which RFC 6026 leaves unchanged.
      case "StrayResponse":
        if (e.response.core.cseq?.method === Methods.CANCEL) forwardStatelessResponse(w, e.response);
        else dropped(w, `a ${String(e.response.status)} that matches no client transaction (RFC 6026 §7.3)`);
        break;
      case "Timeout":
        onTimeout(w, branchOfKey(e.key), 408);
        break;
      case "TransportFailure":
        onTimeout(w, branchOfKey(e.key), 503);
        break;
      case "Discarded":
        break;
      default:
        absurd(e);
    }
  }
};

/** The first thing an engine event does. */
const dispatch = (w: Work, stateless: boolean, event: Event<ProxyCommand>): void => {
  switch (event._tag) {
    case "Received":
      if (!stateless) return void w.layer.push(event);
      if (event.message._tag === "Request") {
        forwardStateless(w, event.message, event.source);
        return;
      }
      forwardStatelessResponse(w, event.message);
      return;
    case "Tick": {
      const tag = w.store.get(event.key)?._tag;
      if (tag === "Context") {
        const id = event.key.slice(2);
        // The owner's location service never answered: the same 503 as when it says it failed.
        const c = getContext(w, id);
        if (c?.phase === "Locating" && c.locateBy !== undefined && c.locateBy <= w.now && w.now < c.endsAt) onLocationUnavailable(w, id, STORE_RETRY_AFTER);
        else onContextTick(w, id);
        return;
      }
      if (tag === "Bindings") {
        onBindingsTick(w, event.key);
        return;
      }
      if (tag === "Pending") {
        const p = w.store.get(event.key);
        if (p?._tag === "Pending" && p.until <= w.now) {
          w.store.forget(event.key);
          dropped(w, "no RFC 3263 answer for a stateless request");
        }
        return;
      }
      if (tag === "NonceUse") {
        onNonceTick(w, event.key);
        return;
      }
      if (tag === "FailureBudget") {
        onBudgetTick(w, event.key);
        return;
      }
      if (tag === "Registering") {
        onRegisteringTick(w, event.key);
        return;
      }
      if (tag === undefined || tag === "ServerIndex" || tag === "Slot") return;
      return void w.layer.push({ _tag: "Tick", now: event.now, key: event.key as TransactionKey });
    }
    case "TransportError":
      return void w.layer.push({ _tag: "TransportError", now: event.now, key: event.key as TransactionKey });
    case "Resolved":
      if (event.id.startsWith("R ")) {
        onResolvedBranch(w, event.id, event.result);
        return;
      }
      onResolvedPending(w, event.id, event.result);
      return;
    case "Command":
      switch (event.command._tag) {
        case "Located":
          onLocated(w, event.command.context, event.command.bindings);
          return;
        case "LocationUnavailable":
          onLocationUnavailable(w, event.command.context, event.command.retryAfter);
          return;
        case "Registered":
          onRegistered(w, event.command.context, event.command.response);
          return;
        default:
          absurd(event.command);
          return;
      }
    default:
      absurd(event);
      return;
  }
};

const NO_CURSORS: Cursors = {};

/** The §16 proxy over the §17 transaction layer, as an element the kernel's engine runs. */
export const proxyElement = (config: ProxyConfig, options: ProxyOptions = { stateless: false }): ProxyElement => ({
  nextDeadline: entryDeadline,
  codec: { state: ProxyStateCodec, entry: ProxyEntryCodec },
  step: (registry, state, event) => {
    const w: Work = { config, now: event.now, store: overlay(registry, entryDeadline), seed: state.seed, aors: state.aors, cursors: state.cursors ?? NO_CURSORS, forgottenBefore: state.forgottenBefore ?? 0, layer: [], out: [] };
    dispatch(w, options.stateless, event);
    const first = w.out.splice(0);
    const rest = runQueue(w.layer.splice(0), (item: LayerEvent): readonly [ReadonlyArray<LayerEvent>, ReadonlyArray<ProxyEffect>] => {
      fromLayer(w, item);
      return [w.layer.splice(0), w.out.splice(0)];
    });
    // A wiring that never settles is a bug: the event is dropped whole.
    if (E.isLeft(rest)) return [state, [{ _tag: "Deliver", event: { _tag: "Dropped", reason: rest.left } }]];
    const same = w.seed === state.seed && w.aors === state.aors && w.cursors === (state.cursors ?? NO_CURSORS) && w.forgottenBefore === (state.forgottenBefore ?? 0);
    const next: ProxyState = same ? state : { seed: w.seed, aors: w.aors, ...(w.cursors === NO_CURSORS ? {} : { cursors: w.cursors }), ...(w.forgottenBefore === 0 ? {} : { forgottenBefore: w.forgottenBefore }) };
    return [next, [...w.store.changes(), ...first, ...rest.right]];
  },
});

