// §8.2.2.2 Merged Requests: the pure keys a shell files its recent requests under. The core
// never keeps them; the caller passes them back in as a ReadonlyMap.
import * as O from "fp-ts/lib/Option.js";
import { MAGIC_COOKIE, findParam, printHost, printUri } from "@puresip/message";
import type { SipRequest, Via } from "@puresip/message";

/** From tag, Call-ID and CSeq of a request outside a dialog. */
export type MergeKey = string & { readonly MergeKey: unique symbol };
/** What identifies the server transaction a request belongs to (§17.2.3). */
export type TransactionKey = string & { readonly TransactionKey: unique symbol };

/** The requests a UAS has seen recently: merge key → the transaction that carried it. */
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
  return O.some(`${fromTag}\n${callId}\n${cseq.seq} ${cseq.method}` as MergeKey);
};

const sentBy = (via: Via): string => `${printHost(via.host).toLowerCase()}:${via.port ?? ""}`;

/**
 * §17.2.3: with an RFC 3261 branch the transaction is branch, sent-by and method; otherwise
 * (RFC 2543 peers) the Request-URI, the top Via and the method stand in for the branch.
 */
export const transactionKey = (request: SipRequest): TransactionKey => {
  const top = request.core.via[0];
  if (top === undefined) return `-\n${printUri(request.uri)}\n${request.method}` as TransactionKey;
  const branch = findParam(top.params, "branch")?.value;
  if (branch?.startsWith(MAGIC_COOKIE) === true) return `${branch}\n${sentBy(top)}\n${request.method}` as TransactionKey;
  return `${printUri(request.uri)}\n${sentBy(top)};branch=${branch ?? ""}\n${request.method}` as TransactionKey;
};

/** The recent-request map with `request` filed under its merge key (a new map; none is changed). */
export const rememberRequest =
  (request: SipRequest) =>
  (recent: RecentRequests): RecentRequests => {
    const key = mergeKey(request);
    return O.isSome(key) ? new Map(recent).set(key.value, transactionKey(request)) : recent;
  };
