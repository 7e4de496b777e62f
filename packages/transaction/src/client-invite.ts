// RFC 3261 §17.1.1 INVITE client transaction, with RFC 6026's Accepted state and Timer M.
import type { SipRequest, SipResponse } from "@puresip/message";
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import { ackFor } from "./ack.js";
import type { ClientEvent, Peer, Step, Terminated } from "./machine.js";
import {
  discarded,
  isReliableTransport,
  passUp,
  statusClass,
  terminated,
  transmit,
  transportFailure,
} from "./machine.js";
import type { Retransmit, TimerConfig } from "./timers.js";
import { defaultTimers, doubled, firstRetransmit, sixtyFourT1, timerD } from "./timers.js";

/** "Calling": the INVITE is out; Timer A retransmits it (unreliable only), Timer B gives up. */
export interface InviteCalling {
  readonly _tag: "Calling";
  readonly request: SipRequest;
  readonly destination: Peer;
  readonly reliable: boolean;
  readonly timers: TimerConfig;
  readonly timerA: Retransmit | null;
  readonly timerB: number;
}

/** "Proceeding": a provisional arrived; no retransmissions, no timers (Timer C is the proxy's). */
export interface InviteProceeding {
  readonly _tag: "Proceeding";
  readonly request: SipRequest;
  readonly destination: Peer;
  readonly reliable: boolean;
  readonly timers: TimerConfig;
}

/** "Completed": a 300-699 arrived and was ACKed; Timer D absorbs its retransmissions. */
export interface InviteCompleted {
  readonly _tag: "Completed";
  readonly ack: SipRequest;
  readonly destination: Peer;
  readonly timerD: number;
}

/** RFC 6026 "Accepted": a 2xx arrived; further 2xx go to the TU until Timer M. */
export interface InviteAccepted {
  readonly _tag: "Accepted";
  readonly timerM: number;
}

/** The INVITE client transaction's states (RFC 3261 Figure 5, RFC 6026 Figure 3). */
export type InviteClientState = InviteCalling | InviteProceeding | InviteCompleted | InviteAccepted | Terminated;

/** What starts a client transaction: the request, where it goes, whether the transport is reliable, and the timers. */
export interface ClientStart {
  readonly now: number;
  readonly request: SipRequest;
  readonly destination: Peer;
  readonly timers?: TimerConfig;
  /** Defaults to the destination's transport: everything but UDP is reliable. */
  readonly reliable?: boolean;
}

/**
 * §17.1.1.2: "The initial state, "calling", MUST be entered when the TU initiates a new client
 * transaction with an INVITE request. The client transaction MUST pass the request to the
 * transport layer for transmission. If an unreliable transport is being used, the client
 * transaction MUST start timer A with a value of T1. ... For any transport, the client
 * transaction MUST start timer B with a value of 64*T1 seconds."
 */
export const start = (params: ClientStart): Step<InviteClientState> => {
  const timers = params.timers ?? defaultTimers;
  const reliable = params.reliable ?? isReliableTransport(params.destination.transport);
  const state: InviteCalling = {
    _tag: "Calling",
    request: params.request,
    destination: params.destination,
    reliable,
    timers,
    timerA: firstRetransmit(params.now, timers, reliable),
    timerB: params.now + sixtyFourT1(timers),
  };
  return [state, [transmit(params.request, params.destination)]];
};

/** When the adapter should tick next, if ever. */
export const nextDeadline = (state: InviteClientState): O.Option<number> => {
  switch (state._tag) {
    case "Calling":
      return O.some(state.timerA === null ? state.timerB : Math.min(state.timerA.at, state.timerB));
    case "Proceeding":
      return O.none;
    case "Completed":
      return O.some(state.timerD);
    case "Accepted":
      return O.some(state.timerM);
    case "Terminated":
      return O.none;
    default:
      return absurd(state);
  }
};

/** A response in Calling or Proceeding: the transitions the two states share. */
const onResponse = (
  state: InviteCalling | InviteProceeding,
  now: number,
  response: SipResponse,
): Step<InviteClientState> => {
  const cls = statusClass(response.status);
  switch (cls) {
    case "provisional": {
      // "If the client transaction receives a provisional response while in the "Calling"
      // state, it transitions to the "Proceeding" state ... the provisional response MUST be
      // passed to the TU. Any further provisional responses MUST be passed up to the TU."
      const { request, destination, reliable, timers } = state;
      const next: InviteProceeding = { _tag: "Proceeding", request, destination, reliable, timers };
      return [next, [passUp(response)]];
    }
    case "success":
      // RFC 6026: "the client transaction MUST transition to the "Accepted" state, and Timer M
      // MUST be started with a value of 64*T1. The 2xx response MUST be passed up to the TU.
      // The client transaction MUST NOT generate an ACK to the 2xx response".
      return [{ _tag: "Accepted", timerM: now + sixtyFourT1(state.timers) }, [passUp(response)]];
    case "final-failure": {
      // "reception of a response with status code from 300-699 MUST cause the client
      // transaction to transition to "Completed". The client transaction MUST pass the
      // received response up to the TU, and ... MUST generate an ACK request, even if the
      // transport is reliable". Timer D is zero on a reliable transport: go straight on.
      const ack = ackFor(state.request, response);
      const effects = [passUp(response), transmit(ack, state.destination)];
      const wait = timerD(state.timers, state.reliable);
      if (wait === 0) return [terminated, effects];
      return [{ _tag: "Completed", ack, destination: state.destination, timerD: now + wait }, effects];
    }
    case "invalid":
      return [state, [discarded(`status ${response.status} is not a SIP status code`)]];
    default:
      return absurd(cls);
  }
};

const calling = (state: InviteCalling, event: ClientEvent): Step<InviteClientState> => {
  switch (event._tag) {
    case "Response":
      return onResponse(state, event.now, event.response);
    case "Tick":
      // "If the client transaction is still in the "Calling" state when timer B fires, the
      // client transaction SHOULD inform the TU that a timeout has occurred."
      if (event.now >= state.timerB) return [terminated, [{ _tag: "Timeout", timer: "B" }]];
      // "When timer A fires, the client transaction MUST retransmit the request by passing it
      // to the transport layer, and MUST reset the timer with a value of 2*T1."
      if (state.timerA !== null && event.now >= state.timerA.at) {
        return [
          { _tag: "Calling", request: state.request, destination: state.destination, reliable: state.reliable, timers: state.timers, timerA: doubled(event.now, state.timerA), timerB: state.timerB },
          [transmit(state.request, state.destination)],
        ];
      }
      return [state, []];
    case "TransportError":
      // §17.1.4: "inform the TU that a transport failure has occurred, and ... transition
      // directly to the "Terminated" state."
      return [terminated, [transportFailure]];
    default:
      return absurd(event);
  }
};

const proceeding = (state: InviteProceeding, event: ClientEvent): Step<InviteClientState> => {
  switch (event._tag) {
    case "Response":
      return onResponse(state, event.now, event.response);
    case "Tick":
      return [state, []];
    case "TransportError":
      return [terminated, [transportFailure]];
    default:
      return absurd(event);
  }
};

const completed = (state: InviteCompleted, event: ClientEvent): Step<InviteClientState> => {
  switch (event._tag) {
    case "Response":
      // "Any retransmissions of a response with status code 300-699 that are received while
      // in the "Completed" state MUST cause the ACK to be re-passed to the transport layer for
      // retransmission, but the newly received response MUST NOT be passed up to the TU."
      return statusClass(event.response.status) === "final-failure"
        ? [state, [transmit(state.ack, state.destination)]]
        : [state, [discarded(`${event.response.status} after a final response: absorbed in Completed`)]];
    case "Tick":
      // "If Timer D fires while the client transaction is in the "Completed" state, the client
      // transaction MUST move to the "Terminated" state."
      return event.now >= state.timerD ? [terminated, []] : [state, []];
    case "TransportError":
      // RFC 6026 Figure 5: Completed --Transport Err. / Inform TU--> Terminated.
      return [terminated, [transportFailure]];
    default:
      return absurd(event);
  }
};

const accepted = (state: InviteAccepted, event: ClientEvent): Step<InviteClientState> => {
  switch (event._tag) {
    case "Response":
      // RFC 6026: "Any 2xx responses that match this client transaction and that are received
      // while in the "Accepted" state MUST be passed up to the TU."
      return statusClass(event.response.status) === "success"
        ? [state, [passUp(event.response)]]
        : [state, [discarded(`${event.response.status} after a 2xx: absorbed in Accepted`)]];
    case "Tick":
      // "If Timer M fires while the client transaction is in the "Accepted" state, the client
      // transaction MUST move to the "Terminated" state."
      return event.now >= state.timerM ? [terminated, []] : [state, []];
    case "TransportError":
      return [state, [discarded("nothing is sent in Accepted, so no transport error applies")]];
    default:
      return absurd(event);
  }
};

/** One event into an INVITE client transaction. Terminated ignores everything. */
export const step = (state: InviteClientState, event: ClientEvent): Step<InviteClientState> => {
  switch (state._tag) {
    case "Calling":
      return calling(state, event);
    case "Proceeding":
      return proceeding(state, event);
    case "Completed":
      return completed(state, event);
    case "Accepted":
      return accepted(state, event);
    case "Terminated":
      return [state, []];
    default:
      return absurd(state);
  }
};
