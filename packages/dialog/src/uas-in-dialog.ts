// RFC 3261 §12.2.2: a UAS receiving a request inside an existing dialog.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { SipRequest } from "@puresip/message";
import type { Dialog } from "./dialog.js";
import { isTargetRefresh } from "./target-refresh.js";

/** Why an in-dialog request is refused, and the status the UAS answers with. */
export type InDialogRejection =
  | { readonly _tag: "OutOfOrder"; readonly status: 500; readonly remoteSeq: number; readonly received: number }
  | { readonly _tag: "MissingCSeq"; readonly status: 400 };

/**
 * §12.2.2: "If the remote sequence number was not empty, but the sequence number of the
 * request is lower than the remote sequence number, the request is out of order and MUST be
 * rejected with a 500 (Server Internal Error) response." Gaps are fine. A target refresh with
 * a Contact replaces the remote target. ACK and CANCEL carry the CSeq number of the request
 * they belong to, so they do not move the remote sequence number.
 * Requests are atomic: on a Left nothing in the dialog changes.
 */
export const receiveRequest =
  (request: SipRequest) =>
  (dialog: Dialog): E.Either<InDialogRejection, Dialog> => {
    const cseq = request.core.cseq;
    if (cseq === undefined) return E.left({ _tag: "MissingCSeq", status: 400 });
    const sequenced = request.method !== "ACK" && request.method !== "CANCEL";
    if (sequenced && O.isSome(dialog.remoteSeq) && cseq.seq < dialog.remoteSeq.value) {
      return E.left({ _tag: "OutOfOrder", status: 500, remoteSeq: dialog.remoteSeq.value, received: cseq.seq });
    }
    const contact = request.core.contact[0];
    const refreshed = isTargetRefresh(request.method) && contact !== undefined && contact._tag === "NameAddr";
    return E.right({
      ...dialog,
      remoteSeq: sequenced ? O.some(cseq.seq) : dialog.remoteSeq,
      remoteTarget: refreshed ? contact.uri : dialog.remoteTarget,
    });
  };
