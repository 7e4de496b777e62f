// RFC 3263 §4.3: "For SIP requests, failure occurs if the transaction layer reports a 503 error
// response or a transport failure of some sort ... Failure also occurs if the transaction layer
// times out without ever having received any response, provisional or final ... If a failure
// occurs, the client SHOULD create a new request, which is identical to the previous, but has a
// different value of the Via branch ID than the previous (and therefore constitutes a new SIP
// transaction). That request is sent to the next element in the list". The list is the client
// request's context (`ClientRequest.alternatives`), so failover is stored, restored and
// simulated with everything else.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { Methods } from "@puresip/message";
import type { Ctx } from "../core/context.js";
import { mintBranch, problem } from "../core/context.js";
import { transmit } from "./send.js";
import { adoptResend, withBranch } from "./resend.js";
import type { ClientRequest } from "../core/types.js";

/**
 * Sends the request of `context` (whose transaction just failed with `failure`) to its next
 * target as a new transaction; false when there is none to try: no target left, an ACK or a
 * CANCEL (§9.1: a CANCEL goes where its INVITE went), an INVITE already cancelled (its §9.1
 * deadline is set), or an owner that no longer waits for it.
 */
export const failOver = (ctx: Ctx, context: ClientRequest, failure: string): boolean => {
  const [next, ...rest] = context.alternatives ?? [];
  const { request } = context;
  if (next === undefined || request.method === Methods.ACK || request.method === Methods.CANCEL) return false;
  if (context.giveUpAt !== undefined) return false;
  const again = withBranch(request, mintBranch(ctx));
  if (E.isLeft(again)) return false;
  if (!adoptResend(ctx, context.owner, request, again.right, request.core.cseq?.seq ?? 0)) return false;
  problem(ctx, `${request.method}: ${failure}; trying the next RFC 3263 target (RFC 3263 §4.3)`);
  const { heard: _heard, alternatives: _tried, ...kept } = context;
  transmit(ctx, { ...kept, request: again.right, destination: O.some(next), ...(rest.length === 0 ? {} : { alternatives: rest }) }, next);
  return true;
};
