// RFC 3261 §13–15: the INVITE session of one call as a reducer, for either side. The UAC core
// sends the INVITE, collects early dialogs per remote tag, ACKs every 2xx itself (§13.2.2.4),
// cancels only after a provisional (§9.1), and BYEs extra forks. The UAS core answers, and
// retransmits its 2xx until the ACK (§13.3.1.4). Both sides re-INVITE with glare handling
// (§14) and hang up with BYE (§15).
import { absurd } from "fp-ts/lib/function.js";
import * as O from "fp-ts/lib/Option.js";
import type { Dialog } from "../dialog.js";
import { timerDeadline } from "../session-timer.js";
import type { InviteSession, SessionEvent, SessionStep } from "./types.js";
import { established, terminating } from "./established.js";
import { calling } from "./uac.js";
import { incoming, incomingDeadline } from "./uas.js";

/** The session reducer: `step(state, event)` gives the next state and the effects to run in order. */
export const step = (state: InviteSession, event: SessionEvent): SessionStep => {
  switch (state._tag) {
    case "Calling":
      return calling(state, event);
    case "Incoming":
      return incoming(state, event);
    case "Established":
      return established(state, event);
    case "Terminating":
      return terminating(state, event);
    case "Ended":
      return [state, []];
    default:
      return absurd(state);
  }
};

/** When the shell should send `Tick` next (DESIGN.md: deadlines live in the state). */
export const nextDeadline = (state: InviteSession): O.Option<number> => {
  switch (state._tag) {
    case "Calling":
      return state.cancel._tag === "Sent" ? O.some(state.cancel.giveUpAt) : O.none;
    case "Incoming":
      return incomingDeadline(state);
    case "Ended":
      return O.none;
    case "Established": {
      const p = state.pending;
      const own = p._tag === "AwaitingAck" ? (state.config.reliable ? p.giveUpAt : Math.min(p.retransmitAt, p.giveUpAt)) : p._tag === "RetryAt" ? p.at : Infinity;
      const at = Math.min(own, state.timer === null ? Infinity : timerDeadline(state.timer));
      return at === Infinity ? O.none : O.some(at);
    }
    case "Terminating":
      return O.some(state.giveUpAt);
    default:
      return absurd(state);
  }
};

/** The dialog ID this session answers to, for the shell's registry (§12); none before a dialog exists. */
export const sessionDialog = (state: InviteSession): O.Option<Dialog> =>
  state._tag === "Established" || state._tag === "Terminating" ? O.some(state.dialog) : state._tag === "Incoming" && state.early !== null ? O.some(state.early) : O.none;
