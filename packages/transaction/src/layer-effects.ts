// The transaction layer's effects sorted the way every element on top of it needs them (one
// explicit queue inside a pure step): the registry changes applied at once, then the sends and
// what the transaction user must hear, each in order. An element puts the sends on the wire
// before the TU reacts, so a transaction's own ACK for a non-2xx or its retransmission leaves
// before whatever the TU does about the same event (RFC 3665 §3.3 shows the ACK first).
import { absurd } from "fp-ts/lib/function.js";
import type { TransactionKey } from "./key.js";
import type { LayerEffect, Transaction } from "./layer.js";

/** What the layer passes up to its transaction user: neither a registry change nor a send. */
export type LayerReport = Exclude<LayerEffect, { readonly _tag: "Store" | "Forget" | "Transmit" }>;

/** A send the layer asks for. */
export type LayerTransmit = Extract<LayerEffect, { readonly _tag: "Transmit" }>;

/** Where an element files the layer's transactions (its step's working registry). */
export interface TransactionFiling {
  /** Files a transaction the layer stored (`Store`). */
  readonly put: (key: TransactionKey, transaction: Transaction) => void;
  /** Removes a transaction the layer is done with (`Forget`). */
  readonly forget: (key: TransactionKey) => void;
}

/** Applies `Store`/`Forget` to `filing` now; returns the sends and the reports, each in the layer's order. */
export const sortLayerEffects = (effects: ReadonlyArray<LayerEffect>, filing: TransactionFiling): readonly [sends: ReadonlyArray<LayerTransmit>, reports: ReadonlyArray<LayerReport>] => {
  const sends: Array<LayerTransmit> = [];
  const reports: Array<LayerReport> = [];
  for (const e of effects) {
    switch (e._tag) {
      case "Store":
        filing.put(e.key, e.transaction);
        break;
      case "Forget":
        filing.forget(e.key);
        break;
      case "Transmit":
        sends.push(e);
        break;
      case "NewRequest":
      case "Response":
      case "Ack":
      case "StrayResponse":
      case "Timeout":
      case "TransportFailure":
      case "Discarded":
        reports.push(e);
        break;
      default:
        absurd(e);
    }
  }
  return [sends, reports];
};
