// RFC 3261 §17.2.2 non-INVITE server transaction (transport errors per RFC 6026 §8.8).
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import * as E from "fp-ts/lib/Either.js";
import type { SipResponse } from "@puresip/message";
import { parseWireText, wireText } from "@puresip/message";
import type { Peer, ServerEvent, Step, Terminated } from "./machine.js";
import {
  discarded,
  isReliableTransport,
  passUp,
  statusClass,
  terminated,
  transmit,
  transportFailure,
} from "./machine.js";
import type { ServerStart } from "./server-invite.js";
import type { TimerConfig } from "./timers.js";
import { defaultTimers, timerJ } from "./timers.js";

/** "Trying": the request is with the TU; retransmissions are discarded. */
export interface NonInviteServerTrying {
  readonly _tag: "Trying";
  readonly destination: Peer;
  readonly reliable: boolean;
  readonly timers: TimerConfig;
}

/** "Proceeding": a provisional is out and answers retransmissions. */
export interface NonInviteServerProceeding {
  readonly _tag: "Proceeding";
  readonly destination: Peer;
  readonly reliable: boolean;
  readonly timers: TimerConfig;
  readonly provisional: SipResponse;
}

/**
 * "Completed": the final response answers retransmissions until Timer J. It is kept as its
 * octets (@puresip/message's `wireText`): over UDP this state lasts 64*T1 for every non-INVITE
 * request a server answers, and the parsed response would keep the request's text alive too.
 */
export interface NonInviteServerCompleted {
  readonly _tag: "Completed";
  readonly response: string;
  readonly destination: Peer;
  readonly timerJ: number;
}

/** The non-INVITE server transaction's states (RFC 3261 Figure 8). */
export type NonInviteServerState =
  | NonInviteServerTrying
  | NonInviteServerProceeding
  | NonInviteServerCompleted
  | Terminated;

/**
 * §17.2.2: "The state machine is initialized in the "Trying" state and is passed a request
 * other than INVITE or ACK when initialized. This request is passed up to the TU."
 */
export const start = (params: ServerStart): Step<NonInviteServerState> => {
  const state: NonInviteServerTrying = {
    _tag: "Trying",
    destination: params.source,
    reliable: params.reliable ?? isReliableTransport(params.source.transport),
    timers: params.timers ?? defaultTimers,
  };
  return [state, [passUp(params.request)]];
};

/** When the transaction next needs a timer event (Timer J), if ever. */
export const nextDeadline = (state: NonInviteServerState): O.Option<number> => {
  switch (state._tag) {
    case "Trying":
    case "Proceeding":
      return O.none;
    case "Completed":
      return O.some(state.timerJ);
    case "Terminated":
      return O.none;
    default:
      return absurd(state);
  }
};

const respond = (
  state: NonInviteServerTrying | NonInviteServerProceeding,
  now: number,
  response: SipResponse,
): Step<NonInviteServerState> => {
  const cls = statusClass(response.status);
  const { destination, reliable, timers } = state;
  switch (cls) {
    case "provisional":
      // "While in the "Trying" state, if the TU passes a provisional response to the server
      // transaction, the server transaction MUST enter the "Proceeding" state. ... Any further
      // provisional responses that are received from the TU while in the "Proceeding" state
      // MUST be passed to the transport layer for transmission."
      return [{ _tag: "Proceeding", destination, reliable, timers, provisional: response }, [transmit(response, destination)]];
    case "success":
    case "final-failure": {
      // "If the TU passes a final response (status codes 200-699) to the server while in the
      // "Proceeding" state, the transaction MUST enter the "Completed" state, and the response
      // MUST be passed to the transport layer for transmission." Timer J: "64*T1 seconds for
      // unreliable transports, and zero seconds for reliable transports".
      const wait = timerJ(timers, reliable);
      const next: NonInviteServerState =
        wait === 0 ? terminated : { _tag: "Completed", response: wireText(response), destination, timerJ: now + wait };
      return [next, [transmit(response, destination)]];
    }
    case "invalid":
      return [state, [discarded(`status ${response.status} is not a SIP status code`)]];
    default:
      return absurd(cls);
  }
};

const active = (
  state: NonInviteServerTrying | NonInviteServerProceeding,
  event: ServerEvent,
): Step<NonInviteServerState> => {
  switch (event._tag) {
    case "Request":
      // Trying: "Once in the "Trying" state, any further request retransmissions are
      // discarded." Proceeding: "If a retransmission of the request is received while in the
      // "Proceeding" state, the most recently sent provisional response MUST be passed to the
      // transport layer for retransmission."
      return state._tag === "Trying" ? [state, []] : [state, [transmit(state.provisional, state.destination)]];
    case "Respond":
      return respond(state, event.now, event.response);
    case "Tick":
      return [state, []];
    case "TransportError":
      // RFC 6026 §8.8: inform the TU and "remain in the current state".
      return [state, [transportFailure]];
    default:
      return absurd(event);
  }
};

/** The kept final response, parsed again for the transport layer. */
const retransmission = (state: NonInviteServerCompleted) => {
  const response = parseWireText(state.response);
  return E.isRight(response) ? transmit(response.right, state.destination) : discarded(`the kept final response does not parse: ${response.left.detail}`);
};

const completed = (state: NonInviteServerCompleted, event: ServerEvent): Step<NonInviteServerState> => {
  switch (event._tag) {
    case "Request":
      // "While in the "Completed" state, the server transaction MUST pass the final response
      // to the transport layer for retransmission whenever a retransmission of the request is
      // received."
      return [state, [retransmission(state)]];
    case "Respond":
      // "Any other final responses passed by the TU to the server transaction MUST be
      // discarded while in the "Completed" state."
      return [state, [discarded(`${event.response.status} from the TU after the final response`)]];
    case "Tick":
      // "The server transaction remains in this state until Timer J fires, at which point it
      // MUST transition to the "Terminated" state."
      return event.now >= state.timerJ ? [terminated, []] : [state, []];
    case "TransportError":
      return [state, [transportFailure]];
    default:
      return absurd(event);
  }
};

/** One event into a non-INVITE server transaction. Terminated ignores everything. */
export const step = (state: NonInviteServerState, event: ServerEvent): Step<NonInviteServerState> => {
  switch (state._tag) {
    case "Trying":
    case "Proceeding":
      return active(state, event);
    case "Completed":
      return completed(state, event);
    case "Terminated":
      return [state, []];
    default:
      return absurd(state);
  }
};
