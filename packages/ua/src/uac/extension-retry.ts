// §8.1.3.5: "If a 420 (Bad Extension) response is received, the UAC SHOULD retry the request,
// this time omitting any extensions listed in the Unsupported header field in the response ...
// This new request constitutes a new transaction and SHOULD have the same value of the Call-ID,
// To, and From of the previous request, but the CSeq should contain a new sequence number that
// is one higher than the previous." A 420 naming nothing the request required is not retried:
// the same request again would fail the same way (§21.4: "SHOULD NOT retry the same request
// without modification").
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { proxyRequireHeader, readHeaderList, replaceHeader, requireHeader, setHeader, unsupportedHeader } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";
import { withBranch } from "./resend.js";

const lower = (tags: ReadonlyArray<string>): ReadonlySet<string> => new Set(tags.map((t) => t.toLowerCase()));

/** The option-tags (of Require or Proxy-Require) that `refused` leaves, or none when it refuses none of them. */
const kept = (tags: ReadonlyArray<string>, refused: ReadonlySet<string>): O.Option<ReadonlyArray<string>> => {
  const left = tags.filter((t) => !refused.has(t.toLowerCase()));
  return left.length === tags.length ? O.none : O.some(left);
};

/**
 * `request` without the extensions the 420 `response` lists in Unsupported, as a new
 * transaction (`branch`) with CSeq `seq`; none when the request required none of them.
 */
export const withoutUnsupported = (request: SipRequest, response: SipResponse, seq: number, branch: string): O.Option<SipRequest> => {
  const refused = lower(E.getOrElse((): ReadonlyArray<string> => [])(readHeaderList(unsupportedHeader)(response)));
  if (refused.size === 0) return O.none;
  const require = kept(E.getOrElse((): ReadonlyArray<string> => [])(readHeaderList(requireHeader)(request)), refused);
  const proxyRequire = kept(E.getOrElse((): ReadonlyArray<string> => [])(readHeaderList(proxyRequireHeader)(request)), refused);
  if (O.isNone(require) && O.isNone(proxyRequire)) return O.none;
  const fields = (name: string, left: O.Option<ReadonlyArray<string>>) => (r: SipRequest) => (O.isNone(left) ? E.right(r) : replaceHeader(name, left.value.length === 0 ? [] : [left.value.join(", ")])(r));
  const retry = E.flatMap(
    E.flatMap(E.flatMap(setHeader("CSeq", `${String(seq)} ${request.method}`)(request), fields("Require", require)), fields("Proxy-Require", proxyRequire)),
    (r) => E.mapLeft((reason: string) => ({ reason }))(withBranch(r, branch)),
  );
  return O.fromEither(retry);
};
