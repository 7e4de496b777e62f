// Transaction matching as keys: two messages belong to the same transaction exactly when their
// keys are equal, so the adapter's map lookup is the RFC's matching rule.
import * as E from "fp-ts/lib/Either.js";
import type { Branch, NameAddr, SipRequest, SipResponse, Via } from "@puresip/message";
import { isRfc3261Branch, Methods } from "@puresip/message";
import { paramValue, printVia } from "./fields.js";

declare const keyBrand: unique symbol;
/** The identity of one transaction in the adapter's map. Opaque: compare with `===`. */
export type TransactionKey = string & { readonly [keyBrand]: "TransactionKey" };

/** Why a message has no transaction key: what is missing, and where. */
export interface KeyError {
  readonly _tag: "KeyError";
  readonly reason: string;
}
const keyError = (reason: string): E.Either<KeyError, never> => E.left({ _tag: "KeyError", reason });

const topBranch = (via: Via | undefined): string | undefined =>
  via === undefined ? undefined : paramValue(via.params, "branch");

/**
 * §7.3.1: "parameter values are case-insensitive. Tokens are always case-insensitive." The
 * branch is a token (§20.42), so z9hG4bKabc and z9hG4bKABC name one transaction.
 */
const normalBranch = (b: string): string => b.toLowerCase();

const sentBy = (via: Via): string =>
  (via.host._tag === "IPv6" ? `[${via.host.value.toLowerCase()}]` : via.host.value.toLowerCase()) +
  (via.port === undefined ? "" : `:${via.port}`);

/**
 * §17.1.3: "the response matches a client transaction if: 1. the response has the same value
 * of the branch parameter in the top Via header field as the branch parameter in the top Via
 * header field of the request that created the transaction. 2. the method parameter in the
 * CSeq header field matches the method of the request that created the transaction. The
 * method is needed since a CANCEL request constitutes a different transaction, but shares the
 * same value of the branch parameter."
 */
// Keys are joined, not concatenated: a flat copy, so a key kept for 64*T1 (a Map key, a
// deadline) does not hold the whole text of the message its parts were sliced from.
const clientKey = (branch: string, method: string): TransactionKey =>
  ["C", method, normalBranch(branch)].join(" ") as TransactionKey;

/** The key of the client transaction a request creates (its own top Via branch and method). */
export const clientKeyOfRequest = (request: SipRequest): E.Either<KeyError, TransactionKey> => {
  const branch = topBranch(request.core.via[0]);
  return branch === undefined || branch === ""
    ? keyError(`${request.method} has no branch in its top Via: the TU must add one (§8.1.1.7)`)
    : E.right(clientKey(branch, request.method));
};

/** The key of the client transaction a response belongs to (§17.1.3). */
export const clientKeyOfResponse = (response: SipResponse): E.Either<KeyError, TransactionKey> => {
  const branch = topBranch(response.core.via[0]);
  const cseq = response.core.cseq;
  if (branch === undefined || branch === "") return keyError(`${response.status} response has no branch in its top Via`);
  if (cseq === undefined) return keyError(`${response.status} response has no CSeq`);
  return E.right(clientKey(branch, cseq.method));
};

/** §17.2.3 with the magic cookie: branch, sent-by and method. */
const serverKey = (method: string, branch: string, via: Via): TransactionKey => ["S", method, normalBranch(branch), sentBy(via)].join(" ") as TransactionKey;

const tagOf = (addr: NameAddr | undefined): string => (addr === undefined ? "" : (paramValue(addr.params, "tag") ?? ""));

/**
 * §17.2.3. With the magic cookie: "1. the branch parameter in the request is equal to the one
 * in the top Via header field of the request that created the transaction, and 2. the sent-by
 * value in the top Via of the request is equal to the one in the request that created the
 * transaction, and 3. the method of the request matches the one that created the transaction,
 * except for ACK, where the method of the request that created the transaction is INVITE."
 *
 * Without it, the RFC 2543 rules: "The INVITE request matches a transaction if the
 * Request-URI, To tag, From tag, Call-ID, CSeq, and top Via header field match ... The ACK
 * request matches a transaction if the Request-URI, From tag, Call-ID, CSeq number (not the
 * method), and top Via header field match those of the INVITE request which created the
 * transaction, and the To tag of the ACK matches the To tag of the response sent by the server
 * transaction." The INVITE and ACK keys leave the To tag out (the ACK carries the tag of the
 * response, the INVITE usually none); the layer checks the ACK's To tag against the response
 * (`ackMatchesResponse`). Other methods key on all of them, method included.
 */
export const serverKeyOfRequest = (request: SipRequest): E.Either<KeyError, TransactionKey> => {
  const known = serverKeys.get(request);
  if (known !== undefined) return known;
  const key = serverKeyOf(request);
  serverKeys.set(request, key);
  return key;
};

/**
 * The keys already made, by request. A request never changes, and one INVITE's key is asked
 * for by the layer when it arrives, by its session for each response sent on it and by the
 * UA's merge check: made once, each asker gets the same string (a map lookup with it finds
 * its hash already computed). Weak: an entry goes with its request; no caller sees it.
 */
const serverKeys = new WeakMap<SipRequest, E.Either<KeyError, TransactionKey>>();

const serverKeyOf = (request: SipRequest): E.Either<KeyError, TransactionKey> => {
  const via = request.core.via[0];
  if (via === undefined) return keyError(`${request.method} has no Via`);
  const method = request.method === Methods.ACK ? Methods.INVITE : request.method;
  const branch = topBranch(via);
  if (branch !== undefined && isRfc3261Branch(branch as Branch)) {
    return E.right(serverKey(method, branch, via));
  }
  const { cseq, callId, from, to } = request.core;
  if (cseq === undefined) return keyError(`${request.method} has no CSeq`);
  if (callId === undefined) return keyError(`${request.method} has no Call-ID`);
  const toTag = method === Methods.INVITE ? "" : tagOf(to);
  const parts = [method, JSON.stringify(request.uri), toTag, tagOf(from), callId, cseq.seq, printVia(via)];
  return E.right(`S2543 ${JSON.stringify(parts)}` as TransactionKey);
};

/**
 * The server transaction a response is sent on, read from the response itself: its top Via is
 * the request's (§8.2.6.2 copies the Vias in order), so §17.2.3's branch, sent-by and method
 * (from CSeq) give the key `serverKeyOfRequest` gave the request. A proxy whose response
 * context has ended uses it to pass a 2xx retransmission on through the INVITE server
 * transaction's RFC 6026 "Accepted" state. Only RFC 3261 branches: the RFC 2543 key needs the
 * request's Request-URI, which a response does not carry.
 */
export const serverKeyOfResponse = (response: SipResponse): E.Either<KeyError, TransactionKey> => {
  const via = response.core.via[0];
  const branch = topBranch(via);
  const method = response.core.cseq?.method;
  if (via === undefined || branch === undefined || !isRfc3261Branch(branch as Branch)) return keyError(`${response.status} response has no RFC 3261 branch in its top Via`);
  if (method === undefined) return keyError(`${response.status} response has no CSeq`);
  return E.right(serverKey(method, branch, via));
};

/** RFC 2543 ACK matching: the ACK's To tag is the one of the response it acknowledges. */
export const ackMatchesResponse = (ack: SipRequest, response: SipResponse): boolean =>
  tagOf(ack.core.to) === tagOf(response.core.to);

/** True when the request's top Via branch carries the RFC 3261 magic cookie. */
export const hasMagicCookie = (request: SipRequest): boolean => {
  const branch = topBranch(request.core.via[0]);
  return branch !== undefined && isRfc3261Branch(branch as Branch);
};

/**
 * §9.2: "the CANCEL request ... matches the transaction being cancelled using the procedures
 * of Section 17.2.3 ... except for the method": the key of the INVITE server transaction a
 * CANCEL targets.
 */
export const cancelledKey = (cancel: SipRequest): E.Either<KeyError, TransactionKey> =>
  serverKeyOfRequest({ ...cancel, method: Methods.INVITE });
