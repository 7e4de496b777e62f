// The transaction-matching view of a message: what §17.1.3 and §17.2.3 (and the RFC 2543
// fallback of §17.2.3) compare, read straight from the received text. Plain readonly data.
import type { CallId, Method } from "../brand.js";
import type { CSeq, Via } from "../model.js";

interface PeekFields {
  /** The top via-parm (the first value of the first Via field), exactly as parseMessage gives it. */
  readonly topVia: Via;
  /** The top Via's `branch` parameter (first one, name in any case); undefined when there is none. */
  readonly branch: string | undefined;
  /** The branch starts with the magic cookie `z9hG4bK` (§8.1.1.7): match by branch, not RFC 2543 rules. */
  readonly rfc3261Branch: boolean;
  readonly callId: CallId;
  readonly cseq: CSeq;
  /** The From `tag` parameter (§19.3); undefined when From has none. */
  readonly fromTag: string | undefined;
  /** The To `tag` parameter; undefined on a request outside a dialog. */
  readonly toTag: string | undefined;
  /** Offset of the start line (after any CRLFs before it, §7.5), in octets or UTF-16 units like the input. */
  readonly headerStart: number;
  /** Offset of the first body octet (the input's length when there is no empty line). */
  readonly bodyStart: number;
}

/** A request's peek: method, Request-URI and the matching fields. */
export interface RequestPeek extends PeekFields {
  readonly _tag: "RequestPeek";
  readonly method: Method;
  /** The Request-URI as written (it has been checked against §19.1 / RFC 3966). */
  readonly requestUri: string;
}

/** A response's peek: status code and the matching fields. */
export interface ResponsePeek extends PeekFields {
  readonly _tag: "ResponsePeek";
  readonly status: number;
}

/** What `peekMessage` reads without a full parse: the fields that match a message to its transaction (RFC 3261 §17.1.3, §17.2.3). */
export type MessagePeek = RequestPeek | ResponsePeek;
