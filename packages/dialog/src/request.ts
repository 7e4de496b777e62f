// RFC 3261 §12.2.1.1: building a request inside a dialog from the dialog state, with
// @puresip/message's builders. The branch, the initial CSeq number and the body come in as
// data; the dialog that remembers the new local sequence number comes back with the request.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { Methods, createRequest } from "@puresip/message";
import type { ContactValue, HeaderError, HeaderField, Method, NameAddr, SipRequest, Tag, Uri, Via } from "@puresip/message";
import type { Dialog } from "./dialog.js";
import { nextLocalSeq, requestTarget } from "./uac-in-dialog.js";

/** What the caller adds to an in-dialog request; everything else comes from the dialog. */
export interface InDialogRequestSpec {
  readonly method: Method;
  /** §8.1.1.7: the top Via with a fresh branch. */
  readonly via: Via;
  /** §8.1.1.5: used only when the local sequence number is still empty (a UAS's first request). */
  readonly initialSeq: number;
  /** §12.2.1.1: "A UAC SHOULD include a Contact header field in any target refresh requests". */
  readonly contact?: ReadonlyArray<ContactValue>;
  readonly maxForwards?: number;
  readonly headers?: ReadonlyArray<HeaderField>;
  readonly body?: Uint8Array;
}

/** Why a request within a dialog could not be built (RFC 3261 §12.2.1.1). */
export type RequestBuildError =
  | { readonly _tag: "Header"; readonly error: HeaderError }
  /** §8.1.1.8: "If the Request-URI or top Route header field value contains a SIPS URI, the Contact header field MUST contain a SIPS URI as well." */
  | { readonly _tag: "InsecureContact"; readonly contact: Uri }
  /** ACK and CANCEL reuse the CSeq number of their INVITE: use `buildAck` / `buildCancel`. */
  | { readonly _tag: "NotSequenced"; readonly method: Method };

const address = (uri: Uri, tagValue: O.Option<Tag>): NameAddr => ({
  _tag: "NameAddr",
  uri,
  angle: true,
  params: O.isSome(tagValue) ? [{ name: "tag", value: tagValue.value }] : [],
});

const isSips = (uri: Uri): boolean => uri._tag === "SipUri" && uri.scheme === "sips";

/**
 * The secure rule for a Contact in this dialog: §12.1.1/§12.1.2 make the dialog secure when it
 * was set up over TLS with a SIPS Request-URI, and §8.1.1.8 requires a SIPS Contact whenever
 * the Request-URI or top Route is SIPS.
 */
const contactProblem = (dialog: Dialog, requestUri: Uri, route: ReadonlyArray<NameAddr>, contact: ReadonlyArray<ContactValue>): O.Option<Uri> => {
  const top = route[0];
  const needsSips = dialog.secure || isSips(requestUri) || (top !== undefined && isSips(top.uri));
  if (!needsSips) return O.none;
  for (const c of contact) if (c._tag === "NameAddr" && !isSips(c.uri)) return O.some(c.uri);
  return O.none;
};

const headersOf = (dialog: Dialog, method: Method, seq: number, spec: Omit<InDialogRequestSpec, "method" | "initialSeq">): E.Either<RequestBuildError, SipRequest> => {
  const { requestUri, route } = requestTarget(dialog);
  const contact = spec.contact ?? [];
  const insecure = contactProblem(dialog, requestUri, route, contact);
  if (O.isSome(insecure)) return E.left({ _tag: "InsecureContact", contact: insecure.value });
  return E.mapLeft((error: HeaderError): RequestBuildError => ({ _tag: "Header", error }))(
    createRequest({
      method,
      uri: requestUri,
      via: spec.via,
      // §12.2.1.1: "The URI in the To field of the request MUST be set to the remote URI from the
      // dialog state. The tag in the To header field of the request MUST be set to the remote tag
      // of the dialog ID. The From URI ... local URI ... local tag".
      to: address(dialog.remoteUri, dialog.id.remoteTag),
      from: address(dialog.localUri, O.some(dialog.id.localTag)),
      callId: dialog.id.callId,
      seq,
      route,
      contact,
      ...(spec.maxForwards === undefined ? {} : { maxForwards: spec.maxForwards }),
      ...(spec.headers === undefined ? {} : { headers: spec.headers }),
      ...(spec.body === undefined ? {} : { body: spec.body }),
    }),
  );
};

/**
 * §12.2.1.1: a new request in the dialog (BYE, re-INVITE, UPDATE, PRACK, INFO, ...): Request-URI
 * and Route from the route set and remote target, To/From with the dialog's URIs and tags,
 * its Call-ID, and the next local CSeq number. Returns the request and the dialog that
 * remembers the sequence number; on a Left the dialog is untouched.
 */
export const buildRequest =
  (spec: InDialogRequestSpec) =>
  (dialog: Dialog): E.Either<RequestBuildError, readonly [SipRequest, Dialog]> => {
    if (spec.method === Methods.ACK || spec.method === Methods.CANCEL) return E.left({ _tag: "NotSequenced", method: spec.method });
    const [seq, next] = nextLocalSeq(spec.initialSeq)(dialog);
    return E.map((request: SipRequest) => [request, next] as const)(headersOf(dialog, spec.method, seq, spec));
  };

/** What an ACK for a 2xx adds besides the dialog: its Via (a new branch) and perhaps the answer. */
export interface AckSpec {
  readonly via: Via;
  readonly headers?: ReadonlyArray<HeaderField>;
  readonly body?: Uint8Array;
}

/**
 * §13.2.2.4: "The header fields of the ACK are constructed in the same way as for any request
 * sent within a dialog (see Section 12) with the exception of the CSeq and the header fields
 * related to authentication. The sequence number of the CSeq header field MUST be the same as
 * the INVITE being acknowledged, but the CSeq method MUST be ACK." `inviteSeq` is that number.
 * "the UAC core MUST generate an ACK request for each 2xx received": this one is per dialog.
 */
export const buildAck =
  (inviteSeq: number, spec: AckSpec) =>
  (dialog: Dialog): E.Either<RequestBuildError, SipRequest> =>
    headersOf(dialog, Methods.ACK, inviteSeq, spec);

/**
 * §9.1: "The Request-URI, Call-ID, To, the numeric part of CSeq, and From header fields in the
 * CANCEL request MUST be identical to those in the request being cancelled, including tags. ...
 * a CANCEL constructed by a client MUST have only a single Via header field value matching the
 * top Via value in the request being cancelled. ... If the request being cancelled contains a
 * Route header field, the CANCEL request MUST include that Route header field's values."
 */
export const buildCancel = (invite: SipRequest): E.Either<RequestBuildError, SipRequest> => {
  const { via, to, from, callId, cseq, route } = invite.core;
  const top = via[0];
  if (top === undefined || to === undefined || from === undefined || callId === undefined || cseq === undefined) {
    return E.left({
      _tag: "Header",
      error: { _tag: "HeaderError", header: "Via", value: "", position: 0, reason: "the INVITE lacks Via, To, From, Call-ID or CSeq: it cannot be cancelled (§9.1)" },
    });
  }
  return E.mapLeft((error: HeaderError): RequestBuildError => ({ _tag: "Header", error }))(
    createRequest({ method: Methods.CANCEL, uri: invite.uri, via: top, to, from, callId, seq: cseq.seq, route }),
  );
};
