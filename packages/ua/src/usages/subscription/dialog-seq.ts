// One dialog, several usages (RFC 5057): a REFER's subscription shares its call's dialog, and
// each holds a copy of it. RFC 3261 §12.2.1.1 wants the local sequence number of the dialog to
// grow with every request, whoever sends it, so the shell raises a usage's copy to the highest
// number used in the dialog before the usage sends anything.
import * as O from "fp-ts/lib/Option.js";
import { absurd } from "fp-ts/lib/function.js";
import type { Dialog } from "@puresip/dialog";
import type { NotifierState, SubscriberState } from "./types.js";

/** The dialog a subscriber or notifier holds, if it has one yet. */
export const usageDialog = (state: SubscriberState | NotifierState): O.Option<Dialog> => {
  switch (state._tag) {
    case "Subscribed":
    case "Serving":
      return O.some(state.dialog);
    case "Deciding":
      return O.fromNullable(state.dialog);
    case "Subscribing":
    case "Ended":
      return O.none;
    default:
      return absurd(state);
  }
};

const raised = (dialog: Dialog, seq: number): Dialog =>
  O.isSome(dialog.localSeq) && dialog.localSeq.value >= seq ? dialog : { ...dialog, localSeq: O.some(seq) };

/** The subscriber with its dialog's local sequence number at least `seq`. */
export const raiseSubscriberSeq = (state: SubscriberState, seq: number): SubscriberState =>
  state._tag === "Subscribed" ? { ...state, dialog: raised(state.dialog, seq) } : state;

/** The notifier with its dialog's local sequence number at least `seq`. */
export const raiseNotifierSeq = (state: NotifierState, seq: number): NotifierState => {
  switch (state._tag) {
    case "Serving":
      return { ...state, dialog: raised(state.dialog, seq) };
    case "Deciding":
      return state.dialog === null ? state : { ...state, dialog: raised(state.dialog, seq) };
    case "Ended":
      return state;
    default:
      return absurd(state);
  }
};
