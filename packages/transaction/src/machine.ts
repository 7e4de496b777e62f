// What the four machines share: where messages go, and the effects a step can ask for.
import type { Peer } from "@puresip/kernel";
import type { SipMessage, SipRequest, SipResponse } from "@puresip/message";
import type { TimerName } from "./timers.js";

// Peer and §18's reliability rule are the kernel's: one rule for every package.
export type { Peer } from "@puresip/kernel";
export { isReliableTransport } from "@puresip/kernel";

/**
 * An effect of one transaction step. The adapter interprets them in order.
 * - `Transmit`: hand the message to the transport layer, addressed to `destination`.
 * - `PassUp`: deliver to the TU (a response on the client side, an ACK in RFC 6026 Accepted).
 * - `Timeout`: "inform the TU that a timeout has occurred" (Timers B, F, H).
 * - `TransportFailure`: §17.1.4 / §17.2.4, "inform the TU that a transport failure has occurred".
 * - `Discarded`: the event was not valid in this state; nothing changed. Says why.
 */
export type TransactionEffect =
  | { readonly _tag: "Transmit"; readonly message: SipMessage; readonly destination: Peer }
  | { readonly _tag: "PassUp"; readonly message: SipMessage }
  | { readonly _tag: "Timeout"; readonly timer: Extract<TimerName, "B" | "F" | "H"> }
  | { readonly _tag: "TransportFailure" }
  | { readonly _tag: "Discarded"; readonly reason: string };

export const transmit = (message: SipMessage, destination: Peer): TransactionEffect => ({
  _tag: "Transmit",
  message,
  destination,
});
export const passUp = (message: SipMessage): TransactionEffect => ({ _tag: "PassUp", message });
export const discarded = (reason: string): TransactionEffect => ({ _tag: "Discarded", reason });
export const transportFailure: TransactionEffect = { _tag: "TransportFailure" };

/** A reducer step: the next state and the effects to run, in order. */
export type Step<S> = readonly [state: S, effects: ReadonlyArray<TransactionEffect>];

/** The end of every machine: "destroyed the instant it enters the Terminated state". */
export interface Terminated {
  readonly _tag: "Terminated";
}
export const terminated: Terminated = { _tag: "Terminated" };

/** Events of a client transaction: a matching response, time passing, a failed send. */
export type ClientEvent =
  | { readonly _tag: "Response"; readonly now: number; readonly response: SipResponse }
  | { readonly _tag: "Tick"; readonly now: number }
  | { readonly _tag: "TransportError"; readonly now: number };

/**
 * Events of a server transaction: a matching request from the network (a retransmission, or
 * the ACK of an INVITE), a response from the TU, time passing, a failed send.
 */
export type ServerEvent =
  | { readonly _tag: "Request"; readonly now: number; readonly request: SipRequest }
  | { readonly _tag: "Respond"; readonly now: number; readonly response: SipResponse }
  | { readonly _tag: "Tick"; readonly now: number }
  | { readonly _tag: "TransportError"; readonly now: number };

/** Status classes the machines branch on (§7.2, §21). */
export type StatusClass = "provisional" | "success" | "final-failure" | "invalid";

export const statusClass = (status: number): StatusClass =>
  !Number.isInteger(status) || status < 100 || status > 699
    ? "invalid"
    : status < 200
      ? "provisional"
      : status < 300
        ? "success"
        : "final-failure";
