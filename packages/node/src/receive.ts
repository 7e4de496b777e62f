// What the server transport does with each message it receives, before any transaction sees
// it (§18.2.1, §18.1.2, RFC 3581 §4), and what it does with a message that is not usable:
// a request readable enough to answer gets the 400 (or 505, 413, 513) the RFC asks for;
// anything else is dropped with a reason. A pure function of the inbound message.
import * as E from "fp-ts/lib/Either.js";
import { Methods, createResponseFromRaw, printStartLine, printVia, replaceHeader, validateMessage } from "@puresip/message";
import type { ParseError, SipMessage, SipRequest, SipResponse, Tag } from "@puresip/message";
import { receivedParams, stampTopVia } from "@puresip/kernel";
import type { Address } from "./transport/types.js";

/** What RFC 3261 §18.1.2/§18.2.1 make of received bytes: a request, a response, a bad request to answer, or something to drop. */
export type Received =
  /** A well-formed request, its top Via stamped with `received`/`rport` (§18.2.1, RFC 3581 §4). */
  | { readonly _tag: "Request"; readonly request: SipRequest }
  /** A well-formed response for the transaction layer (§18.1.2). */
  | { readonly _tag: "Response"; readonly response: SipResponse }
  /** A bad request to answer with `response`, routed by its stamped Via (§18.2.2). */
  | { readonly _tag: "Answer"; readonly response: SipResponse; readonly detail: string; readonly parseError: boolean }
  /** Nothing to do but log: an unreadable message, a bad response, an ACK (never answered). */
  | { readonly _tag: "Drop"; readonly detail: string; readonly parseError: boolean };

/** What the receive rules need from the shell: the source address and a fresh To tag. */
export interface ReceiveContext {
  readonly source: Address;
  /** A fresh To tag for a final response (§8.2.6.2), drawn by the shell. */
  readonly toTag: () => Tag;
}

/** Reason-Phrase allows no CR or LF; §21.4.1: the 400's reason "SHOULD identify the syntax problem". */
const reasonOf = (status: number, detail: string): string | undefined => {
  if (status !== 400) return undefined;
  let out = "Bad Request - ";
  for (let i = 0; i < detail.length && out.length < 200; i++) {
    const c = detail.charCodeAt(i);
    out += c < 0x20 || c === 0x7f ? " " : detail.charAt(i);
  }
  return out;
};

/** The response's top Via stamped with the request's source, as the request's would have been. */
const stampResponseVia = (source: Address, response: SipResponse): E.Either<string, SipResponse> => {
  const [top, ...rest] = response.core.via;
  if (top === undefined) return E.left("no Via to answer to");
  const stamped = receivedParams(top, source);
  if (E.isLeft(stamped)) return E.left(`the source address cannot be stamped: ${stamped.left._tag}`);
  const replaced = replaceHeader("Via", [stamped.right, ...rest].map(printVia))(response);
  return E.isLeft(replaced) ? E.left(`${replaced.left.header}: ${replaced.left.reason}`) : E.right(replaced.right);
};

const drop = (detail: string, parseError: boolean): Received => ({ _tag: "Drop", detail, parseError });

const isResponseLine = (startLine: string): boolean => startLine.startsWith("SIP/");
const isAckLine = (startLine: string): boolean => startLine.startsWith(`${Methods.ACK} `);

/** A message that does not parse: answer it when it is a request whose Via, From, To, Call-ID and CSeq can be copied. */
const unparsable = (error: ParseError, ctx: ReceiveContext): Received => {
  const detail = `${error.kind}: ${error.detail}`;
  const framed = error.framed;
  if (framed === undefined) return drop(`${detail} (not framed: nothing to answer)`, true);
  if (isResponseLine(framed.startLine)) return drop(`${detail} (a response: dropped, §18.1.2)`, true);
  if (isAckLine(framed.startLine)) return drop(`${detail} (an ACK is never answered, §17.1.1.3)`, true);
  const reason = reasonOf(error.status, error.detail);
  const built = createResponseFromRaw(error.status, reason === undefined ? { toTag: ctx.toTag() } : { toTag: ctx.toTag(), reason })(framed);
  if (E.isLeft(built)) return drop(`${detail} (and its Via, From, To, Call-ID or CSeq is unreadable: ${built.left.header}: ${built.left.reason})`, true);
  const stamped = stampResponseVia(ctx.source, built.right);
  if (E.isLeft(stamped)) return drop(`${detail} (${stamped.left})`, true);
  return { _tag: "Answer", response: stamped.right, detail, parseError: true };
};

const request = (req: SipRequest, ctx: ReceiveContext): Received => {
  // §18.2.1: "the server transport MUST add a received parameter" ... before anything else reads the Via.
  const stamped = stampTopVia(ctx.source)(req);
  if (E.isLeft(stamped)) return drop(`request dropped: ${stamped.left._tag === "BadHeader" ? `${stamped.left.error.header}: ${stamped.left.error.reason}` : stamped.left._tag}`, false);
  const checked = validateMessage(stamped.right);
  if (E.isRight(checked)) return { _tag: "Request", request: stamped.right };
  const invalid = checked.left;
  const detail = invalid.problems.map((p) => p.detail).join("; ");
  if (req.method === Methods.ACK) return drop(`${detail} (an ACK is never answered, §17.1.1.3)`, false);
  const reason = reasonOf(invalid.status, detail);
  // Built as for a request that did not parse: a request refused for a second, different From
  // (say) must not get a 400 that repeats it, and the answer must itself validate where it can.
  const built = createResponseFromRaw(invalid.status, reason === undefined ? { toTag: ctx.toTag() } : { toTag: ctx.toTag(), reason })({ startLine: printStartLine(stamped.right), headers: stamped.right.headers });
  return E.isLeft(built) ? drop(`${detail} (no response can be built: ${built.left.header}: ${built.left.reason})`, false) : { _tag: "Answer", response: built.right, detail, parseError: false };
};

/**
 * §18.2.1 and §18.1.2 for one inbound message. Responses that fail validation are dropped:
 * "a response that fails to parse is dropped" and there is nobody to tell.
 */
export const receive = (parsed: E.Either<ParseError, SipMessage>, ctx: ReceiveContext): Received => {
  if (E.isLeft(parsed)) return unparsable(parsed.left, ctx);
  const message = parsed.right;
  if (message._tag === "Request") return request(message, ctx);
  const checked = validateMessage(message);
  if (E.isLeft(checked)) return drop(`response dropped: ${checked.left.problems.map((p) => p.detail).join("; ")}`, false);
  return { _tag: "Response", response: message };
};
