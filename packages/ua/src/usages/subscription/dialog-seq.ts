// One dialog, several usages (RFC 5057): a REFER's subscription shares its call's dialog. The
// dialog's state is its entry's (core/dialogs.ts): before a subscriber or notifier runs, the
// dialog value its machine holds is replaced by the entry's view of it (local and remote CSeq,
// remote target, route set), so what another usage of the dialog sent, received or refreshed
// counts for this one too (RFC 3261 §12.2.1.1, §12.2.2; RFC 5057 §5.4).
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

/** The subscriber with its dialog as `f` makes it (the dialog's entry's view of it, core/dialogs.ts). */
export const withSubscriberDialog = (state: SubscriberState, f: (dialog: Dialog) => Dialog): SubscriberState => {
  if (state._tag !== "Subscribed") return state;
  const dialog = f(state.dialog);
  return dialog === state.dialog ? state : { ...state, dialog };
};

/** The notifier with its dialog as `f` makes it. */
export const withNotifierDialog = (state: NotifierState, f: (dialog: Dialog) => Dialog): NotifierState => {
  switch (state._tag) {
    case "Serving": {
      const dialog = f(state.dialog);
      return dialog === state.dialog ? state : { ...state, dialog };
    }
    case "Deciding": {
      const dialog = state.dialog === null ? null : f(state.dialog);
      return dialog === state.dialog ? state : { ...state, dialog };
    }
    case "Ended":
      return state;
    default:
      return absurd(state);
  }
};

const raised = (seq: number) => (dialog: Dialog): Dialog =>
  O.isSome(dialog.localSeq) && dialog.localSeq.value >= seq ? dialog : { ...dialog, localSeq: O.some(seq) };

/** The subscriber with its dialog's local sequence number at least `seq`. */
export const raiseSubscriberSeq = (state: SubscriberState, seq: number): SubscriberState => withSubscriberDialog(state, raised(seq));

/** The notifier with its dialog's local sequence number at least `seq`. */
export const raiseNotifierSeq = (state: NotifierState, seq: number): NotifierState => withNotifierDialog(state, raised(seq));
