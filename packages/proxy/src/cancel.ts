// RFC 3261 §9.1 as a proxy uses it for §16.10 and §16.7 step 10: the CANCEL of one branch.
// "The Request-URI, Call-ID, To, the numeric part of CSeq, and From header fields in the
// CANCEL request MUST be identical to those in the request being cancelled, including tags. A
// CANCEL constructed by a client MUST have only a single Via header field value matching the
// top Via value in the request being cancelled. ... If the request being cancelled contains a
// Route header field, the CANCEL request MUST include that Route header field's values."
import * as E from "fp-ts/lib/Either.js";
import { headerKey, Methods, parseCoreHeaders, printCSeq, printVia } from "@puresip/message";
import type { HeaderField, SipRequest } from "@puresip/message";

const COPIED: ReadonlySet<string> = new Set(["from", "to", "call-id", "route"]);

/**
 * §9.1: the CANCEL of a request this proxy sent on a branch (§16.10, §16.7 step 10): its
 * Request-URI, top Via, From, To, Call-ID, Route and CSeq number, with the CANCEL method,
 * Max-Forwards 70 and no body. Left when `sent` has no Via or CSeq, or the headers do not parse.
 */
export const cancelFor = (sent: SipRequest): E.Either<string, SipRequest> => {
  const top = sent.core.via[0];
  const cseq = sent.core.cseq;
  if (top === undefined || cseq === undefined) return E.left("the request has no Via or CSeq to cancel it by");
  const headers: Array<HeaderField> = [{ name: "Via", value: printVia(top) }];
  for (const h of sent.headers) if (COPIED.has(headerKey(h.name))) headers.push(h);
  headers.push({ name: "CSeq", value: printCSeq({ seq: cseq.seq, method: Methods.CANCEL }) }, { name: "Max-Forwards", value: "70" }, { name: "Content-Length", value: "0" });
  return E.bimap(
    (e: { readonly reason: string }) => e.reason,
    (core: SipRequest["core"]): SipRequest => ({ _tag: "Request", method: Methods.CANCEL, uri: sent.uri, version: sent.version, headers, core, body: new Uint8Array(0) }),
  )(parseCoreHeaders(headers));
};
