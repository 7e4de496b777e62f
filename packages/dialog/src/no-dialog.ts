// RFC 3261 §12.2.2: a request with a To tag that matches no dialog.
import * as E from "fp-ts/lib/Either.js";
import { Methods, createResponse } from "@puresip/message";
import type { HeaderError, SipRequest, SipResponse } from "@puresip/message";
import { tagOf } from "./tags.js";

/** A request is meant for a dialog when its To carries a tag (§12.2: "Requests within a dialog MUST contain ... the To tag"). */
export const isInDialogRequest = (request: SipRequest): boolean => request.core.to !== undefined && tagOf(request.core.to)._tag === "Some";

/** What a UAS does with a request whose To tag matches no dialog (RFC 3261 §12.2.2): answer it (481), drop it (an ACK), or report it invalid. */
export type NoDialogOutcome =
  /** Send this response through the server transaction. */
  | { readonly _tag: "Respond"; readonly response: SipResponse }
  /** An ACK is never answered (§17.1.1.3); one for no dialog is dropped. */
  | { readonly _tag: "Discard"; readonly reason: string }
  | { readonly _tag: "Invalid"; readonly error: HeaderError };

/**
 * §12.2.2: "If the UAS wishes to reject the request because it does not wish to recreate the
 * dialog, it MUST respond to the request with a 481 (Call/Transaction Does Not Exist) status
 * code and pass that to the server transaction." A CANCEL is the transaction layer's (§9.2).
 */
export const rejectNoDialog = (request: SipRequest): NoDialogOutcome => {
  if (request.method === Methods.ACK) return { _tag: "Discard", reason: "an ACK that matches no dialog is absorbed (§12.2.2, §17.2.3)" };
  const response = createResponse(481)(request);
  return E.isRight(response) ? { _tag: "Respond", response: response.right } : { _tag: "Invalid", error: response.left };
};
