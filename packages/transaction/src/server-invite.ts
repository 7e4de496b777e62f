// RFC 3261 §17.2.1 INVITE server transaction, with RFC 6026's Accepted state, Timer L and
// "remain in the current state" on transport errors (§8.8).
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import type { SipRequest, SipResponse } from "@puresip/message";
import { Methods } from "@puresip/message";
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
import type { Retransmit, TimerConfig } from "./timers.js";
import { defaultTimers, doubledCapped, earliest, firstRetransmit, sixtyFourT1, timerT4 } from "./timers.js";
import { tryingFor } from "./trying.js";

/**
 * A 100 (Trying) due at `at` unless the TU answers first. It is built from `request` only when
 * it goes out: most TUs answer in time, and building it for nothing would cost every INVITE.
 */
export interface PendingTrying {
  readonly at: number;
  readonly request: SipRequest;
}

/** "Proceeding": the INVITE is with the TU; the last provisional answers retransmissions. */
export interface InviteServerProceeding {
  readonly _tag: "Proceeding";
  readonly destination: Peer;
  readonly reliable: boolean;
  readonly timers: TimerConfig;
  readonly provisional: SipResponse | null;
  readonly trying: PendingTrying | null;
}

/** "Completed": a 300-699 is out; Timer G retransmits it until the ACK, Timer H gives up. */
export interface InviteServerCompleted {
  readonly _tag: "Completed";
  readonly response: SipResponse;
  readonly destination: Peer;
  readonly reliable: boolean;
  readonly timers: TimerConfig;
  readonly timerG: Retransmit | null;
  readonly timerH: number;
}

/** "Confirmed": the ACK arrived; Timer I absorbs its retransmissions. */
export interface InviteServerConfirmed {
  readonly _tag: "Confirmed";
  readonly timerI: number;
}

/** RFC 6026 "Accepted": a 2xx is out; INVITE retransmissions are absorbed until Timer L. */
export interface InviteServerAccepted {
  readonly _tag: "Accepted";
  readonly destination: Peer;
  readonly timerL: number;
}

/** The INVITE server transaction's states (RFC 3261 Figure 7, RFC 6026 Figure 5). */
export type InviteServerState =
  | InviteServerProceeding
  | InviteServerCompleted
  | InviteServerConfirmed
  | InviteServerAccepted
  | Terminated;

/** What starts a server transaction: the request, where it came from, whether the transport is reliable, and the timers. */
export interface ServerStart {
  readonly now: number;
  readonly request: SipRequest;
  /** Where the request came from: responses go back there (the adapter applies §18.2.2). */
  readonly source: Peer;
  readonly timers?: TimerConfig;
  /** Defaults to the source's transport: everything but UDP is reliable. */
  readonly reliable?: boolean;
  /**
   * INVITE only: how long the TU may take before the transaction sends 100 (Trying) itself
   * (§17.2.1: "send 100 if TU won't in 200 ms"). 0 sends it at once. Default 200 ms.
   */
  readonly tryingDelay?: number;
}

/**
 * §17.2.1: "When a server transaction is constructed for a request, it enters the "Proceeding"
 * state. The server transaction MUST generate a 100 (Trying) response unless it knows that the
 * TU will generate a provisional or final response within 200 ms ... The request MUST be
 * passed to the TU."
 */
export const start = (params: ServerStart): Step<InviteServerState> => {
  const timers = params.timers ?? defaultTimers;
  const reliable = params.reliable ?? isReliableTransport(params.source.transport);
  const delay = params.tryingDelay ?? 200;
  const destination = params.source;
  if (delay > 0) {
    const trying = { at: params.now + delay, request: params.request };
    return [{ _tag: "Proceeding", destination, reliable, timers, provisional: null, trying }, [passUp(params.request)]];
  }
  const trying = tryingFor(params.request);
  return [
    { _tag: "Proceeding", destination, reliable, timers, provisional: trying, trying: null },
    [passUp(params.request), transmit(trying, destination)],
  ];
};

/** When the transaction next needs a timer event (Timer G, H, I or L), if ever. */
export const nextDeadline = (state: InviteServerState): O.Option<number> => {
  switch (state._tag) {
    case "Proceeding":
      return state.trying === null ? O.none : O.some(state.trying.at);
    case "Completed":
      return O.some(earliest(state.timerG === null ? null : state.timerG.at, state.timerH) ?? state.timerH);
    case "Confirmed":
      return O.some(state.timerI);
    case "Accepted":
      return O.some(state.timerL);
    case "Terminated":
      return O.none;
    default:
      return absurd(state);
  }
};

const respond = (state: InviteServerProceeding, now: number, response: SipResponse): Step<InviteServerState> => {
  const cls = statusClass(response.status);
  const { destination, reliable, timers } = state;
  switch (cls) {
    case "provisional":
      // "The TU passes any number of provisional responses to the server transaction. So long
      // as the server transaction is in the "Proceeding" state, each of these MUST be passed
      // to the transport layer for transmission."
      return [
        { _tag: "Proceeding", destination, reliable, timers, provisional: response, trying: null },
        [transmit(response, destination)],
      ];
    case "success":
      // RFC 6026 §8.5: "the server transaction MUST pass this response to the transport layer
      // for transmission. ... The server transaction MUST then transition to the "Accepted"
      // state." §8.7: "Timer L MUST be set to fire in 64*T1 for all transports."
      return [{ _tag: "Accepted", destination, timerL: now + sixtyFourT1(timers) }, [transmit(response, destination)]];
    case "final-failure":
      // "If, while in the "Proceeding" state, the TU passes a response with status code from
      // 300 to 699 to the server transaction, the response MUST be passed to the transport
      // layer for transmission, and the state machine MUST enter the "Completed" state. For
      // unreliable transports, timer G is set to fire in T1 seconds ... When the "Completed"
      // state is entered, timer H MUST be set to fire in 64*T1 seconds for all transports."
      return [
        {
          _tag: "Completed",
          response,
          destination,
          reliable,
          timers,
          timerG: firstRetransmit(now, timers, reliable),
          timerH: now + sixtyFourT1(timers),
        },
        [transmit(response, destination)],
      ];
    case "invalid":
      return [state, [discarded(`status ${response.status} is not a SIP status code`)]];
    default:
      return absurd(cls);
  }
};

/** The pending 100 (Trying) goes out and becomes the provisional that answers retransmissions. */
const sendTrying = (state: InviteServerProceeding, pending: PendingTrying): Step<InviteServerState> => {
  const trying = tryingFor(pending.request);
  const { destination, reliable, timers } = state;
  return [{ _tag: "Proceeding", destination, reliable, timers, provisional: trying, trying: null }, [transmit(trying, destination)]];
};

const proceeding = (state: InviteServerProceeding, event: ServerEvent): Step<InviteServerState> => {
  switch (event._tag) {
    case "Request":
      if (event.request.method !== Methods.INVITE) {
        return [state, [discarded(`${event.request.method} before a final response: nothing to acknowledge`)]];
      }
      // "If a request retransmission is received while in the "Proceeding" state, the most
      // recent provisional response that was received from the TU MUST be passed to the
      // transport layer for retransmission." A retransmission before any provisional means
      // the client is waiting: the pending 100 (Trying) goes out now.
      if (state.provisional !== null) return [state, [transmit(state.provisional, state.destination)]];
      return state.trying === null ? [state, []] : sendTrying(state, state.trying);
    case "Respond":
      return respond(state, event.now, event.response);
    case "Tick":
      // The TU was slow: the transaction sends the 100 (Trying) itself.
      return state.trying !== null && event.now >= state.trying.at ? sendTrying(state, state.trying) : [state, []];
    case "TransportError":
      // RFC 6026 §8.8: "inform the TU that a failure has occurred, and MUST remain in the
      // current state."
      return [state, [transportFailure]];
    default:
      return absurd(event);
  }
};

const completed = (state: InviteServerCompleted, event: ServerEvent): Step<InviteServerState> => {
  switch (event._tag) {
    case "Request":
      if (event.request.method === Methods.ACK) {
        // "If an ACK is received while the server transaction is in the "Completed" state, the
        // server transaction MUST transition to the "Confirmed" state." Timer I: "T4 seconds
        // for unreliable transports, and zero seconds for reliable transports".
        const wait = timerT4(state.timers, state.reliable);
        return [wait === 0 ? terminated : { _tag: "Confirmed", timerI: event.now + wait }, []];
      }
      // "while in the "Completed" state, if a request retransmission is received, the server
      // SHOULD pass the response to the transport for retransmission."
      return [state, [transmit(state.response, state.destination)]];
    case "Respond":
      return [state, [discarded(`${event.response.status} from the TU after the final response`)]];
    case "Tick":
      // "If timer H fires while in the "Completed" state, it implies that the ACK was never
      // received. In this case, the server transaction MUST transition to the "Terminated"
      // state, and MUST indicate to the TU that a transaction failure has occurred."
      if (event.now >= state.timerH) return [terminated, [{ _tag: "Timeout", timer: "H" }]];
      // "If timer G fires, the response is passed to the transport layer once more for
      // retransmission, and timer G is set to fire in MIN(2*T1, T2) seconds."
      if (state.timerG !== null && event.now >= state.timerG.at) {
        return [
          {
            _tag: "Completed",
            response: state.response,
            destination: state.destination,
            reliable: state.reliable,
            timers: state.timers,
            timerG: doubledCapped(event.now, state.timerG, state.timers),
            timerH: state.timerH,
          },
          [transmit(state.response, state.destination)],
        ];
      }
      return [state, []];
    case "TransportError":
      return [state, [transportFailure]];
    default:
      return absurd(event);
  }
};

const confirmed = (state: InviteServerConfirmed, event: ServerEvent): Step<InviteServerState> => {
  switch (event._tag) {
    case "Request":
      // "The purpose of the "Confirmed" state is to absorb any additional ACK messages".
      return [state, []];
    case "Respond":
      return [state, [discarded(`${event.response.status} from the TU after the ACK`)]];
    case "Tick":
      // "Once timer I fires, the server MUST transition to the "Terminated" state."
      return event.now >= state.timerI ? [terminated, []] : [state, []];
    case "TransportError":
      return [state, []];
    default:
      return absurd(event);
  }
};

const accepted = (state: InviteServerAccepted, event: ServerEvent): Step<InviteServerState> => {
  switch (event._tag) {
    case "Request":
      // RFC 6026: "any retransmissions of the INVITE received will match this transaction
      // state machine and will be absorbed ... Any ACKs received from the network while in the
      // "Accepted" state MUST be passed directly to the TU and not absorbed."
      return event.request.method === Methods.ACK ? [state, [passUp(event.request)]] : [state, []];
    case "Respond":
      // "Any retransmission of the 2xx response passed from the TU to the transaction while in
      // the "Accepted" state MUST be passed to the transport layer for transmission."
      return statusClass(event.response.status) === "success"
        ? [state, [transmit(event.response, state.destination)]]
        : [state, [discarded(`${event.response.status} from the TU after a 2xx`)]];
    case "Tick":
      // "If Timer L fires while the INVITE server transaction is in the "Accepted" state, the
      // transaction MUST transition to the "Terminated" state."
      return event.now >= state.timerL ? [terminated, []] : [state, []];
    case "TransportError":
      return [state, [transportFailure]];
    default:
      return absurd(event);
  }
};

/** One event into an INVITE server transaction. Terminated ignores everything. */
export const step = (state: InviteServerState, event: ServerEvent): Step<InviteServerState> => {
  switch (state._tag) {
    case "Proceeding":
      return proceeding(state, event);
    case "Completed":
      return completed(state, event);
    case "Confirmed":
      return confirmed(state, event);
    case "Accepted":
      return accepted(state, event);
    case "Terminated":
      return [state, []];
    default:
      return absurd(state);
  }
};
