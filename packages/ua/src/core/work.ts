// The items of the UA core's one work queue (DESIGN.md: "routed through one queue inside a
// pure step"). A handler never calls back into the transaction layer: it appends what it
// wants done to the queue, in order, and the step's runner (./step.ts, over the kernel's
// `runQueue`) takes the items first in, first out.
import type { LayerEvent, LayerReport } from "@puresip/transaction";
import type { UaEffect } from "./types.js";

/**
 * - `Layer`: an event for the transaction layer (a request or response to send, a Tick, a
 *   Destroy); its step runs when the item is taken.
 * - `Reaction`: what the layer told the core (a new request, a response, a timeout), which
 *   the core reacts to when the item is taken.
 * - `Emit`: an effect for the engine. It waits in the queue behind the layer events queued
 *   before it, so the wire order is the order the core asked for (RFC 3665's ladders).
 */
export type Work =
  | { readonly _tag: "Layer"; readonly event: LayerEvent }
  | { readonly _tag: "Reaction"; readonly effect: LayerReport }
  | { readonly _tag: "Emit"; readonly effect: UaEffect };

/**
 * A generous bound on the items one event may lead to: a wiring that loops is a bug, and the
 * step reports it (`Problem`) instead of running on.
 */
export const UA_QUEUE_LIMIT = 10_000;
