// The UA reducer (issue #7): one event in, the UA's next state and the effects to run, in
// order. It composes the transaction layer (whose machines live in the shell's registry), the
// INVITE sessions, the registration client, MESSAGE/OPTIONS and digest retry.
import { absurd } from "fp-ts/lib/function.js";
import * as E from "fp-ts/lib/Either.js";
import { step as layerStep } from "@puresip/transaction";
import type { LayerEffect, LayerEvent, TransactionKey } from "@puresip/transaction";
import { stampTopVia } from "../response-route.js";
import { runSession } from "../usages/call/call.js";
import { clientGiveUp, clientResponse, clientTimeout, clientTransportFailure, declineCredentials, uacCallOf } from "../uac/client-responses.js";
import { withAgent } from "./agent.js";
import { runCommand } from "./commands.js";
import type { Ctx } from "./context.js";
import { problem } from "./context.js";
import { inboundAck, inboundRequest } from "./inbound.js";
import { isUsageKey } from "./keys.js";
import { resolved } from "../uac/send.js";
import { scratch } from "./scratch.js";
import type { UaConfig, UaEvent, UaState, UaStep, UaStore } from "./types.js";
import { kindOf } from "./usages.js";

const layerEffect = (ctx: Ctx, e: LayerEffect): void => {
  switch (e._tag) {
    case "Store":
      ctx.store.put(e.key, { _tag: "Transaction", transaction: e.transaction });
      return;
    case "Forget":
      ctx.store.forget(e.key);
      return;
    case "Transmit":
      ctx.out.push({ _tag: "Transmit", message: e.message, destination: e.destination });
      return;
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

const tick = (ctx: Ctx, key: string): void => {
  const entry = ctx.store.get(key);
  if (entry === undefined) return;
  switch (entry._tag) {
    case "Transaction":
      // Only the transaction layer files entries of this kind, under its own keys.
      ctx.layer({ _tag: "Tick", now: ctx.now, key: key as TransactionKey });
      return;
    case "Usage":
      if (isUsageKey(key)) kindOf(entry.usage).tick(ctx, key);
      return;
    case "ClientRequest":
      clientGiveUp(ctx, key);
      return;
    case "Recent": {
      if (ctx.now < entry.until) return;
      ctx.store.forget(key);
      // A request the application was given (`IncomingRequest`) and never answered: 64*T1 on,
      // its client has given up (Timer F, §17.1.2.2) and no response can matter; the server
      // transaction, which has no timer in Trying or Proceeding (§17.2.2), is destroyed.
      const server = ctx.store.get(entry.serverKey);
      if (server?._tag === "Transaction" && server.transaction._tag === "NonInviteServer" && (server.transaction.state._tag === "Trying" || server.transaction.state._tag === "Proceeding")) {
        problem(ctx, "no answer to a request within 64*T1; its server transaction is destroyed");
        ctx.layer({ _tag: "Destroy", now: ctx.now, key: entry.serverKey });
      }
      return;
    }
    case "Challenged":
      // No credentials came in time: the challenge stands.
      if (ctx.now >= entry.until) declineCredentials(ctx, key);
      return;
    default:
      absurd(entry);
  }
};

/**
 * `step(config)(store, state, event)`: the shell applies the `Put`/`Forget` effects to its
 * registry, then runs the rest in order, feeding `Resolved` and `Tick` back in.
 */
export const step =
  (config: UaConfig) =>
  (store: UaStore, state: UaState, event: UaEvent): UaStep => {
    const layer = layerStep(config.layer);
    const ctx: Ctx = {
      config,
      now: event.now,
      store: scratch(store),
      // One Received per step, so the layer's NewRequest in this step is that message.
      validated: event._tag === "Received" && event.validated === true,
      seed: state.seed,
      closing: state.closing === true,
      out: [],
      layer: (e: LayerEvent) => {
        const effects = layer({ get: (k) => { const entry = ctx.store.get(k); return entry?._tag === "Transaction" ? entry.transaction : undefined; } }, withAgent(config.capabilities, e));
        // The transaction's own sends (an ACK for a non-2xx, a retransmission) go before
        // whatever the core does in reaction, so the wire shows the ACK first (RFC 3665 §3.3).
        for (const effect of effects) if (effect._tag === "Store" || effect._tag === "Forget" || effect._tag === "Transmit") layerEffect(ctx, effect);
        for (const effect of effects) if (effect._tag !== "Store" && effect._tag !== "Forget" && effect._tag !== "Transmit") layerEffect(ctx, effect);
      },
    };
    switch (event._tag) {
      case "Received": {
        const m = event.message;
        if (m._tag === "Request") {
          // §18.2.1: the server transport notes where the request came from (received, rport).
          const stamped = stampTopVia({ host: event.source.host, port: event.source.port })(m);
          ctx.layer({ _tag: "Received", now: event.now, message: E.isRight(stamped) ? stamped.right : m, source: event.source });
        } else ctx.layer({ _tag: "Received", now: event.now, message: m, source: event.source });
        break;
      }
      case "Tick":
        tick(ctx, event.key);
        break;
      case "Resolved":
        resolved(ctx, event.id, event.result);
        break;
      case "TransportError":
        // The shell reports errors under the keys of the transactions that sent (the layer's own).
        ctx.layer({ _tag: "TransportError", now: event.now, key: event.key as TransactionKey });
        break;
      case "Command":
        runCommand(ctx, event.command);
        break;
      default:
        absurd(event);
    }
    const closing = ctx.closing ? ({ closing: true } as const) : {};
    const next: UaState = ctx.seed === state.seed && ctx.closing === (state.closing === true) ? state : { seed: ctx.seed, ...closing };
    return [next, [...ctx.store.changes(), ...ctx.out]];
  };
