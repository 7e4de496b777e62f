// §8.2.2.2 Merged Requests: the pure key a shell files its recent requests under. The core
// never keeps them; the caller passes them back in as a ReadonlyMap whose values are
// @puresip/transaction's server keys, the same identity its transaction store uses.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { findParam } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { serverKeyOfRequest } from "@puresip/transaction";
import type { TransactionKey } from "@puresip/transaction";

/** From tag, Call-ID and CSeq of a request outside a dialog. */
export type MergeKey = string & { readonly MergeKey: unique symbol };

/** The requests of the ongoing server transactions: merge key → their §17.2.3 server key. */
export type RecentRequests = ReadonlyMap<MergeKey, TransactionKey>;

/**
 * §8.2.2.2: "If the request has no tag in the To header field, the UAS core MUST check the
 * request against ongoing transactions. If the From tag, Call-ID, and CSeq exactly match those
 * associated with an ongoing transaction, but the request does not match that transaction
 * ..., the UAS core SHOULD generate a 482 (Loop Detected) response". None for a request with
 * a To tag (it is in a dialog) or without a From tag, Call-ID or CSeq (nothing to match).
 */
export const mergeKey = (request: SipRequest): O.Option<MergeKey> => {
  const { to, from, callId, cseq } = request.core;
  if (to === undefined || findParam(to.params, "tag") !== undefined) return O.none;
  const fromTag = findParam(from?.params ?? [], "tag")?.value;
  if (fromTag === undefined || callId === undefined || cseq === undefined) return O.none;
  // Tags and Call-IDs compare case-sensitively (§19.3); the method is part of CSeq (§20.16).
  // Joined, not concatenated: a flat copy, so the key (kept 64*T1) does not hold the request's text.
  return O.some([fromTag, callId, `${cseq.seq} ${cseq.method}`].join("\n") as MergeKey);
};

/**
 * True when `request` repeats the From tag, Call-ID and CSeq of a recent request but belongs
 * to another server transaction (§17.2.3): it reached this UAS along a second path of a fork.
 */
export const isMergedRequest =
  (recent: RecentRequests) =>
  (request: SipRequest): boolean => {
    const key = mergeKey(request);
    if (O.isNone(key)) return false;
    const seen = recent.get(key.value);
    if (seen === undefined) return false;
    const own = serverKeyOfRequest(request);
    return E.isRight(own) && own.right !== seen;
  };

/** The recent-request map with `request` filed under its merge key (a new map; none is changed). */
export const rememberRequest =
  (request: SipRequest) =>
  (recent: RecentRequests): RecentRequests => {
    const key = mergeKey(request);
    const own = serverKeyOfRequest(request);
    return O.isSome(key) && E.isRight(own) ? new Map(recent).set(key.value, own.right) : recent;
  };
