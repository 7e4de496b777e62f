// RFC 3261 §17.1.2 non-INVITE client transaction.
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import type { SipRequest, SipResponse } from "@puresip/message";
import type { ClientStart } from "./client-invite.js";
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
import { defaultTimers, doubledCapped, firstRetransmit, sixtyFourT1, timerT4 } from "./timers.js";

/** "Trying": the request is out; Timer E retransmits (unreliable only), Timer F gives up. */
export interface NonInviteTrying {
  readonly _tag: "Trying";
  readonly request: SipRequest;
  readonly destination: Peer;
  readonly reliable: boolean;
  readonly timers: TimerConfig;
  readonly timerE: Retransmit | null;
  readonly timerF: number;
}

/** "Proceeding": a provisional arrived; Timer E keeps retransmitting, now every T2. */
export interface NonInviteProceeding {
  readonly _tag: "Proceeding";
  readonly request: SipRequest;
  readonly destination: Peer;
  readonly reliable: boolean;
  readonly timers: TimerConfig;
  readonly timerE: Retransmit | null;
  readonly timerF: number;
}

/** "Completed": the final response arrived; Timer K buffers its retransmissions. */
export interface NonInviteClientCompleted {
  readonly _tag: "Completed";
  readonly timerK: number;
}

/** The non-INVITE client transaction's states (RFC 3261 Figure 6). */
export type NonInviteClientState = NonInviteTrying | NonInviteProceeding | NonInviteClientCompleted | Terminated;

/**
 * §17.1.2.2: "The "Trying" state is entered when the TU initiates a new client transaction with
 * a request. When entering this state, the client transaction SHOULD set timer F to fire in
 * 64*T1 seconds. The request MUST be passed to the transport layer for transmission. If an
 * unreliable transport is in use, the client transaction MUST set timer E to fire in T1
 * seconds."
 */
export const start = (params: ClientStart): Step<NonInviteClientState> => {
  const timers = params.timers ?? defaultTimers;
  const reliable = params.reliable ?? isReliableTransport(params.destination.transport);
  const state: NonInviteTrying = {
    _tag: "Trying",
    request: params.request,
    destination: params.destination,
    reliable,
    timers,
    timerE: firstRetransmit(params.now, timers, reliable),
    timerF: params.now + sixtyFourT1(timers),
  };
  return [state, [transmit(params.request, params.destination)]];
};

/** When the transaction next needs a timer event (Timer E, F or K), if ever. */
export const nextDeadline = (state: NonInviteClientState): O.Option<number> => {
  switch (state._tag) {
    case "Trying":
    case "Proceeding":
      return O.some(state.timerE === null ? state.timerF : Math.min(state.timerE.at, state.timerF));
    case "Completed":
      return O.some(state.timerK);
    case "Terminated":
      return O.none;
    default:
      return absurd(state);
  }
};

/** Trying or Proceeding with a new Timer E, written out in full: object spread is slow on a hot path. */
const withTimerE = (
  s: NonInviteTrying | NonInviteProceeding,
  tag: "Trying" | "Proceeding",
  timerE: Retransmit | null,
): NonInviteTrying | NonInviteProceeding => ({
  _tag: tag,
  request: s.request,
  destination: s.destination,
  reliable: s.reliable,
  timers: s.timers,
  timerE,
  timerF: s.timerF,
});

const onResponse = (
  state: NonInviteTrying | NonInviteProceeding,
  now: number,
  response: SipResponse,
): Step<NonInviteClientState> => {
  const cls = statusClass(response.status);
  switch (cls) {
    case "provisional":
      // "If a provisional response is received while in the "Trying" state, the response MUST
      // be passed to the TU, and then the client transaction SHOULD move to the "Proceeding"
      // state."
      return [withTimerE(state, "Proceeding", state.timerE), [passUp(response)]];
    case "success":
    case "final-failure": {
      // "If a final response (status codes 200-699) is received while in the "Trying" state,
      // the response MUST be passed to the TU, and the client transaction MUST transition to
      // the "Completed" state." Timer K: "T4 seconds for unreliable transports, and zero
      // seconds for reliable transports" — a zero wait ends the transaction at once.
      const wait = timerT4(state.timers, state.reliable);
      return [wait === 0 ? terminated : { _tag: "Completed", timerK: now + wait }, [passUp(response)]];
    }
    case "invalid":
      return [state, [discarded(`status ${response.status} is not a SIP status code`)]];
    default:
      return absurd(cls);
  }
};

/** Trying and Proceeding differ only in how Timer E is reset. */
const active = (state: NonInviteTrying | NonInviteProceeding, event: ClientEvent): Step<NonInviteClientState> => {
  switch (event._tag) {
    case "Response":
      return onResponse(state, event.now, event.response);
    case "Tick":
      // "If Timer F fires while the client transaction is still in the "Trying" state, the
      // client transaction SHOULD inform the TU about the timeout" (likewise in Proceeding).
      if (event.now >= state.timerF) return [terminated, [{ _tag: "Timeout", timer: "F" }]];
      if (state.timerE !== null && event.now >= state.timerE.at) {
        // Trying: "reset timer E to fire at MIN(4*T1, T2) ... then MIN(8*T1, T2)" — doubling
        // capped at T2. Proceeding: "Timer E MUST be reset with a value of T2 seconds."
        const timerE =
          state._tag === "Trying"
            ? doubledCapped(event.now, state.timerE, state.timers)
            : { at: event.now + state.timers.t2, interval: state.timers.t2 };
        return [withTimerE(state, state._tag, timerE), [transmit(state.request, state.destination)]];
      }
      return [state, []];
    case "TransportError":
      // §17.1.4: inform the TU and go straight to Terminated.
      return [terminated, [transportFailure]];
    default:
      return absurd(event);
  }
};

const completed = (state: NonInviteClientCompleted, event: ClientEvent): Step<NonInviteClientState> => {
  switch (event._tag) {
    case "Response":
      // "The "Completed" state exists to buffer any additional response retransmissions that
      // may be received".
      return [state, []];
    case "Tick":
      // "If Timer K fires while in this state, the client transaction MUST transition to the
      // "Terminated" state."
      return event.now >= state.timerK ? [terminated, []] : [state, []];
    case "TransportError":
      return [state, [discarded("nothing is sent in Completed, so no transport error applies")]];
    default:
      return absurd(event);
  }
};

/** One event into a non-INVITE client transaction. Terminated ignores everything. */
export const step = (state: NonInviteClientState, event: ClientEvent): Step<NonInviteClientState> => {
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
