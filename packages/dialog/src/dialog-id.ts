// RFC 3261 §12: "A dialog is identified at each UA with a dialog ID, which consists of a
// Call-ID value, a local tag and a remote tag." The two ends compute mirror-image IDs.
import * as O from "fp-ts/lib/Option.js";
import type { CallId, NameAddr, SipMessage, Tag } from "@puresip/message";
import { tagOf } from "./tags.js";

/** A dialog's identifier (RFC 3261 §12): Call-ID, local tag and remote tag. */
export interface DialogId {
  readonly callId: CallId;
  readonly localTag: Tag;
  /** None for an RFC 2543 peer that sent no tag (§12.1.1, §12.1.2: "considered to have a value of null"). */
  readonly remoteTag: O.Option<Tag>;
}

/** The ID of a message as seen by one side; None when Call-ID, From or To is missing. */
export type Side = "UAC" | "UAS";

const idFrom = (callId: CallId, local: NameAddr, remote: NameAddr): O.Option<DialogId> =>
  O.map((localTag: Tag) => ({ callId, localTag, remoteTag: tagOf(remote) }))(tagOf(local));

/**
 * §12: "For a UAC, ... the remote tag is set to the tag in the To field of the message, and
 * the local tag is set to the tag in the From field ... As one would expect for a UAS, ...
 * the remote tag is set to the tag in the From field ..., and the local tag is set to the tag
 * in the To field." None when the message lacks Call-ID, From, To or the local tag.
 */
export const dialogIdOf =
  (side: Side) =>
  (message: SipMessage): O.Option<DialogId> => {
    const { callId, from, to } = message.core;
    if (callId === undefined || from === undefined || to === undefined) return O.none;
    return side === "UAC" ? idFrom(callId, from, to) : idFrom(callId, to, from);
  };

/**
 * A string key for the shell's registry of live dialogs. Tags are tokens and Call-IDs are
 * words, neither contains a NUL, so the join is unambiguous.
 */
export const dialogKey = (id: DialogId): string =>
  `${id.callId}\u0000${id.localTag}\u0000${O.isSome(id.remoteTag) ? id.remoteTag.value : ""}`;

/** Call-ID and tags compare case-sensitively (§19.3: tags are compared exactly; §20.8 Call-ID too). */
export const dialogIdEquals = (a: DialogId, b: DialogId): boolean =>
  a.callId === b.callId &&
  a.localTag === b.localTag &&
  (O.isSome(a.remoteTag) ? O.isSome(b.remoteTag) && a.remoteTag.value === b.remoteTag.value : O.isNone(b.remoteTag));
