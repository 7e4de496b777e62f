// The UA reducer (issue #7): one event in, the UA's next state and the effects to run, in
// order. It composes the transaction layer (whose machines live in the shell's registry), the
// INVITE sessions, the registration client, MESSAGE/OPTIONS and digest retry.
import { absurd } from "fp-ts/lib/function.js";
import * as E from "fp-ts/lib/Either.js";
import { sortLayerEffects, step as layerStep } from "@puresip/transaction";
import { runQueue } from "@puresip/kernel";
import type { Handled } from "@puresip/kernel";
import type { LayerEvent, LayerReport, TransactionFiling, TransactionKey } from "@puresip/transaction";
import { stampTopVia } from "../response-route.js";
import { runSession } from "../usages/call/call.js";
import { clientGiveUp, clientResponse, clientTimeout, clientTransportFailure, declineCredentials, uacCallOf } from "../uac/client-responses.js";
import { agentOf, withAgent } from "./agent.js";
import { runCommand } from "./commands.js";
import type { Ctx } from "./context.js";
import { problem, toLayer } from "./context.js";
import { inboundAck, inboundRequest } from "./inbound.js";
import { isUsageKey } from "./keys.js";
import { refreshInvite } from "../uac/invite-refresh.js";
import { resolved } from "../uac/send.js";
import { withoutRequestUriHeaders } from "../uas/request-uri.js";
import { scratch } from "./scratch.js";
import type { Scratch } from "./scratch.js";
import type { UaConfig, UaEffect, UaEvent, UaState, UaStep, UaStore } from "./types.js";
import { isTransactionEntry } from "./store-entry.js";
import { kindOf } from "./usages.js";
import { UA_QUEUE_LIMIT } from "./work.js";
import type { Work } from "./work.js";

type Reaction = LayerReport;
/** A queue item: the step's own event (`Begin`, always first) or what an item led to. */
type Item = Work | { readonly _tag: "Begin" };

/** What an item that leads to no more items (or no effects) gives: one shared empty list, not a new one per item. */
const NOTHING: ReadonlyArray<never> = [];

/** The core's reaction to what the transaction layer reported (a `Reaction` item). */
const reaction = (ctx: Ctx, e: Reaction): void => {
  switch (e._tag) {
    case "NewRequest":
      inboundRequest(ctx, e.key, e.request, e.source, e.cancels);
      return;
    case "Response":
      clientResponse(ctx, e.key, e.response);
      return;
    case "Ack":
      inboundAck(ctx, e.request);
      return;
    case "StrayResponse": {
      // RFC 6026 §8.9 discards strays at the transaction layer; a 2xx retransmission after the
      // INVITE transaction ended still reaches its call, whose ACK must be sent again (§13.2.2.4).
      const call = uacCallOf(e.response);
      if (call !== undefined && e.response.status >= 200 && e.response.status < 300 && ctx.store.get(call) !== undefined) {
        runSession(ctx, call, { _tag: "Received", now: ctx.now, message: e.response });
      }
      return;
    }
    case "Timeout":
      clientTimeout(ctx, e.key);
      return;
    case "TransportFailure":
      clientTransportFailure(ctx, e.key);
      return;
    case "Discarded":
      problem(ctx, `transaction layer: ${e.reason}`);
      return;
    default:
      absurd(e);
  }
};

/**
 * A `Layer` item: one run of the transaction layer's step. Its entries go into the working
 * registry at once and its own sends go out at once; what it reports to the core joins the
 * queue. So the transaction's own Transmit (an ACK for a non-2xx, a retransmission) leaves
 * before whatever the core does in reaction, and the wire shows the ACK first (RFC 3665 §3.3).
 */
const runLayer = (layer: ReturnType<typeof layerStep>, on: LayerView, event: LayerEvent): Handled<Item, UaEffect> => {
  const effects = layer(on.transactions, event);
  const [sends, reports] = sortLayerEffects(effects, on.filing);
  return [reports.map((effect): Item => ({ _tag: "Reaction", effect })), sends.map((e): UaEffect => ({ _tag: "Transmit", message: e.message, destination: e.destination }))];
};

/** The step's working registry as the transaction layer reads and files it: made once a step, for every `Layer` item. */
interface LayerView {
  readonly transactions: Parameters<ReturnType<typeof layerStep>>[0];
  readonly filing: TransactionFiling;
}

const layerView = (view: Scratch): LayerView => ({
  transactions: {
    get: (k) => {
      const entry = view.get(k);
      return entry !== undefined && isTransactionEntry(entry) ? entry : undefined;
    },
  },
  filing: {
    put: (k, transaction) => {
      view.put(k, transaction);
    },
    forget: (k) => {
      view.forget(k);
    },
  },
});

const tick = (ctx: Ctx, key: string): void => {
  const entry = ctx.store.get(key);
  if (entry === undefined) return;
  switch (entry._tag) {
    case "InviteClient":
    case "InviteServer":
    case "NonInviteClient":
    case "NonInviteServer":
      // Only the transaction layer files entries of this kind, under its own keys.
      toLayer(ctx, { _tag: "Tick", now: ctx.now, key: key as TransactionKey });
      return;
    case "Usage":
      if (isUsageKey(key)) kindOf(entry.usage).tick(ctx, key);
      return;
    case "ClientRequest":
      clientGiveUp(ctx, key);
      refreshInvite(ctx, key);
      return;
    case "Recent": {
      if (ctx.now < entry.until) return;
      ctx.store.forget(key);
      // A request the application was given (`IncomingRequest`, or `InDialogRequest` under its
      // answerDueKey) and never answered: 64*T1 on,
      // its client has given up (Timer F, §17.1.2.2) and no response can matter; the server
      // transaction, which has no timer in Trying or Proceeding (§17.2.2), is destroyed.
      const server = ctx.store.get(entry.serverKey);
      if (server?._tag === "NonInviteServer" && (server.state._tag === "Trying" || server.state._tag === "Proceeding")) {
        problem(ctx, "no answer to a request within 64*T1; its server transaction is destroyed");
        toLayer(ctx, { _tag: "Destroy", now: ctx.now, key: entry.serverKey });
      }
      return;
    }
    case "Dialog":
      // No deadline of its own (core/deadline.ts): a Tick for it is stale.
      return;
    case "Challenged":
      // No credentials came in time: the challenge stands.
      if (ctx.now >= entry.until) declineCredentials(ctx, key);
      return;
    default:
      absurd(entry);
  }
};

/** The engine's event: where the step's queue starts. */
const begin = (ctx: Ctx, event: UaEvent): void => {
  switch (event._tag) {
    case "Received": {
      const m = event.message;
      if (m._tag === "Request") {
        // §18.2.1: the server transport notes where the request came from (received, rport).
        // §19.1.1: a headers component in the Request-URI is ignored (uas/request-uri.ts).
        const request = withoutRequestUriHeaders(m);
        // A `validated` request was stamped by the adapter that marked it: one stamp, not two.
        const stamped = ctx.validated ? E.right(request) : stampTopVia({ host: event.source.host, port: event.source.port })(request);
        toLayer(ctx, { _tag: "Received", now: event.now, message: E.isRight(stamped) ? stamped.right : request, source: event.source });
      } else if (m.core.via.length > 1) {
        // §8.1.3.3: "If more than one Via header field value is present in a response, the UAC
        // SHOULD discard the message": our requests carry one Via, so it was misrouted.
        problem(ctx, `a ${String(m.status)} response with ${String(m.core.via.length)} Via values discarded (§8.1.3.3)`);
      } else toLayer(ctx, { _tag: "Received", now: event.now, message: m, source: event.source });
      return;
    }
    case "Tick":
      tick(ctx, event.key);
      return;
    case "Resolved":
      resolved(ctx, event.id, event.result);
      return;
    case "TransportError":
      // The shell reports errors under the keys of the transactions that sent (the layer's own).
      toLayer(ctx, { _tag: "TransportError", now: event.now, key: event.key as TransactionKey });
      return;
    case "Command":
      runCommand(ctx, event.command);
      return;
    default:
      absurd(event);
  }
};

/**
 * `step(config)(store, state, event)`: the shell applies the `Put`/`Forget` effects to its
 * registry, then runs the rest in order, feeding `Resolved` and `Tick` back in.
 *
 * Inside, one work queue (the kernel's `runQueue`, ./work.ts): the event is the first item;
 * every item is handled once, first in first out, and appends what it leads to. Nothing calls
 * back into the transaction layer. The seed and the closing flag pass from item to item as
 * values, each handler getting a fresh per-item context (./context.ts).
 */
export const step = (config: UaConfig): ((store: UaStore, state: UaState, event: UaEvent) => UaStep) => {
  const layer = layerStep(config.layer);
  const agent = agentOf(config.capabilities);
  return (store, state, event) => {
    const view = scratch(store);
    const onLayer = layerView(view);
    // One Received per step, so the layer's NewRequest in this step is that message.
    const validated = event._tag === "Received" && event.validated === true;
    let seed = state.seed;
    let closing = state.closing === true;
    const handle = (item: Item): Handled<Item, UaEffect> => {
      switch (item._tag) {
        case "Emit":
          return [NOTHING, [item.effect]];
        case "Layer":
          return runLayer(layer, onLayer, withAgent(agent, item.event));
        case "Begin":
        case "Reaction": {
          const ctx: Ctx = { config, now: event.now, store: view, validated, seed, closing, next: [] };
          if (item._tag === "Begin") begin(ctx, event);
          else reaction(ctx, item.effect);
          seed = ctx.seed;
          closing = ctx.closing;
          return [ctx.next, NOTHING];
        }
        default:
          return absurd(item);
      }
    };
    const ran = runQueue<Item, UaEffect>([{ _tag: "Begin" }], handle, UA_QUEUE_LIMIT);
    if (E.isLeft(ran)) return [state, [{ _tag: "Deliver", event: { _tag: "Problem", reason: `UA core: ${ran.left}` } }]];
    const unchanged = seed === state.seed && closing === (state.closing === true);
    const next: UaState = unchanged ? state : { seed, ...(closing ? ({ closing: true } as const) : {}) };
    return [next, [...view.changes(), ...ran.right]];
  };
};
