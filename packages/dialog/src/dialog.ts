// The dialog state of RFC 3261 §12 and its creation on either side (§12.1.1, §12.1.2).
// A dialog is a value; the INVITE session reducer (session/) drives it. Terminated dialogs
// are not a state: the shell forgets them when a usage says so.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { CallId, NameAddr, SipRequest, SipResponse, Uri } from "@puresip/message";
import type { DialogId } from "./dialog-id.js";
import { tagOf } from "./tags.js";

interface DialogFields {
  readonly id: DialogId;
  /** §12: "a local sequence number (used to order requests from the UA to its peer)". None until the UA sends one. */
  readonly localSeq: O.Option<number>;
  /** None until the peer sends a request in the dialog (§12.1.2). */
  readonly remoteSeq: O.Option<number>;
  readonly localUri: Uri;
  readonly remoteUri: Uri;
  readonly remoteTarget: Uri;
  readonly secure: boolean;
  /** Route set in the order the UA uses it (reversed already on the UAC side, §12.1.2). */
  readonly routeSet: ReadonlyArray<NameAddr>;
}

/** §12: "A dialog can also be in the "early" state, which occurs when it is created with a provisional response". */
export interface EarlyDialog extends DialogFields {
  readonly _tag: "Early";
}

/** A dialog established by a 2xx (RFC 3261 §12.1): its route set and remote target are fixed until a target refresh. */
export interface ConfirmedDialog extends DialogFields {
  readonly _tag: "Confirmed";
}

/** A dialog, early (created by a 1xx with a To tag) or confirmed (RFC 3261 §12). */
export type Dialog = EarlyDialog | ConfirmedDialog;

/** Why a message could not create a dialog (RFC 3261 §12.1): it is not a dialog-creating message, or a header the dialog state is built from is missing. */
export type DialogError =
  | { readonly _tag: "NotDialogCreating"; readonly reason: string }
  | { readonly _tag: "MissingHeader"; readonly header: "Call-ID" | "From" | "To" | "CSeq" | "Contact" | "From tag" | "To tag" };

/** Whether the transport the request travelled on was TLS (the "secure" flag needs both, §12.1.1/§12.1.2). */
export interface Transport {
  readonly overTls: boolean;
}

const missing = (header: Extract<DialogError, { _tag: "MissingHeader" }>["header"]): DialogError => ({ _tag: "MissingHeader", header });

/** The URI of the first Contact value; `*` is not a target. */
const contactUri = (message: SipRequest | SipResponse): O.Option<Uri> => {
  const first = message.core.contact[0];
  return first !== undefined && first._tag === "NameAddr" ? O.some(first.uri) : O.none;
};

const isSips = (uri: Uri): boolean => uri._tag === "SipUri" && uri.scheme === "sips";

/**
 * §12.1: "only 2xx and 101-199 responses with a To tag, where the request was INVITE, will
 * establish a dialog." Extensions (SUBSCRIBE, REFER) create dialogs too, so the method is the
 * caller's decision; the status rule is enforced here.
 */
const checkDialogCreating = (response: SipResponse): E.Either<DialogError, SipResponse> =>
  response.status > 100 && response.status < 300
    ? E.right(response)
    : E.left({ _tag: "NotDialogCreating", reason: `status ${response.status} does not create a dialog (§12.1)` });

const stateFor = (response: SipResponse): "Early" | "Confirmed" => (response.status < 200 ? "Early" : "Confirmed");

/** What both sides read from the request and the dialog-creating response (§12.1.1, §12.1.2). */
interface DialogSources {
  readonly callId: CallId;
  readonly from: NameAddr;
  readonly to: NameAddr;
  readonly seq: number;
  readonly response: SipResponse;
}

const sources = (request: SipRequest, response: SipResponse): E.Either<DialogError, DialogSources> =>
  E.chain((res: SipResponse): E.Either<DialogError, DialogSources> => {
    const { callId, from, cseq } = request.core;
    const to = res.core.to;
    if (callId === undefined) return E.left(missing("Call-ID"));
    if (from === undefined) return E.left(missing("From"));
    if (to === undefined) return E.left(missing("To"));
    if (cseq === undefined) return E.left(missing("CSeq"));
    return E.right({ callId, from, to, seq: cseq.seq, response: res });
  })(checkDialogCreating(response));

/**
 * §12.1.2 UAC behavior: the dialog a UAC builds from a response to its request. Route set from
 * the response's Record-Route "taken in reverse order", remote target from its Contact, local
 * sequence number from the request's CSeq, remote sequence number empty.
 */
export const createUacDialog =
  (request: SipRequest, transport: Transport) =>
  (response: SipResponse): E.Either<DialogError, Dialog> =>
    E.chain(({ callId, from, to, seq, response: res }: DialogSources): E.Either<DialogError, Dialog> => {
      const localTag = tagOf(from);
      if (O.isNone(localTag)) return E.left(missing("From tag"));
      const target = contactUri(res);
      if (O.isNone(target)) return E.left(missing("Contact"));
      return E.right({
        _tag: stateFor(res),
        id: { callId, localTag: localTag.value, remoteTag: tagOf(to) },
        localSeq: O.some(seq),
        remoteSeq: O.none,
        localUri: from.uri,
        remoteUri: to.uri,
        remoteTarget: target.value,
        secure: transport.overTls && isSips(request.uri),
        routeSet: [...res.core.recordRoute].reverse(),
      });
    })(sources(request, response));

/**
 * §12.1.1 UAS behavior: the dialog a UAS builds when it sends a dialog-creating response.
 * Route set from the request's Record-Route in order, remote target from the request's
 * Contact, remote sequence number from its CSeq, local sequence number empty, local tag from
 * the response's To (which "always includes a tag").
 */
export const createUasDialog =
  (request: SipRequest, transport: Transport) =>
  (response: SipResponse): E.Either<DialogError, Dialog> =>
    E.chain(({ callId, from, to, seq, response: res }: DialogSources): E.Either<DialogError, Dialog> => {
      const localTag = tagOf(to);
      if (O.isNone(localTag)) return E.left(missing("To tag"));
      const target = contactUri(request);
      if (O.isNone(target)) return E.left(missing("Contact"));
      return E.right({
        _tag: stateFor(res),
        id: { callId, localTag: localTag.value, remoteTag: tagOf(from) },
        localSeq: O.none,
        remoteSeq: O.some(seq),
        localUri: to.uri,
        remoteUri: from.uri,
        remoteTarget: target.value,
        secure: transport.overTls && isSips(request.uri),
        routeSet: request.core.recordRoute,
      });
    })(sources(request, response));
