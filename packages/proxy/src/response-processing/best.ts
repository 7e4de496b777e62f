// RFC 3261 §16.7 steps 6 and 7: the response a proxy sends when no branch is pending and none
// answered 2xx.
import * as E from "fp-ts/lib/Either.js";
import { addHeader, createResponse, headerValues } from "@puresip/message";
import type { SipRequest, SipResponse } from "@puresip/message";

/**
 * Step 6, "Choosing the best response": "If any 6xx responses have been received ... the
 * proxy MUST choose from the 6xx responses. Otherwise the proxy MUST choose from the lowest
 * response class stored in the response context." Within a class the first received wins,
 * except that a 401 or 407 is preferred among 4xx (their challenges are aggregated, step 7).
 * None stored: "If no final response has been received ... the proxy MUST send a 408".
 */
export const chooseBest = (responses: ReadonlyArray<SipResponse>): SipResponse | undefined => {
  const finals = responses.filter((r) => r.status >= 300);
  const sixes = finals.filter((r) => r.status >= 600);
  if (sixes.length > 0) return sixes[0];
  let best: SipResponse | undefined;
  for (const r of finals) {
    const cls = Math.floor(r.status / 100);
    const bestCls = best === undefined ? 7 : Math.floor(best.status / 100);
    if (cls < bestCls) best = r;
    else if (cls === 4 && bestCls === 4 && (r.status === 401 || r.status === 407) && best?.status !== 401 && best?.status !== 407) best = r;
  }
  return best;
};

const CHALLENGES = ["WWW-Authenticate", "Proxy-Authenticate"] as const;

/**
 * Step 7, "Aggregate Authorization Header Field Values": "If the selected response is a 401
 * or 407, the proxy MUST collect all WWW-Authenticate and Proxy-Authenticate header field
 * values from all other 401 and 407 responses received so far in this response context and
 * add them to this response without modification".
 */
export const aggregateChallenges = (best: SipResponse, responses: ReadonlyArray<SipResponse>): E.Either<string, SipResponse> => {
  if (best.status !== 401 && best.status !== 407) return E.right(best);
  let out: E.Either<string, SipResponse> = E.right(best);
  for (const r of responses) {
    if (r === best || (r.status !== 401 && r.status !== 407)) continue;
    for (const name of CHALLENGES)
      for (const value of headerValues(name)(r)) out = E.flatMap(out, (m) => E.mapLeft((e: { readonly reason: string }) => e.reason)(addHeader(name, value)(m)));
  }
  return out;
};

/**
 * Steps 6 and 7 together: the final response for the server transaction of `request`.
 * "If the selected response is a 503 (Service Unavailable), the proxy MUST generate a 500."
 */
export const finalResponse = (request: SipRequest, responses: ReadonlyArray<SipResponse>): E.Either<string, SipResponse> => {
  const best = chooseBest(responses);
  if (best === undefined) return E.mapLeft((e: { readonly reason: string }) => e.reason)(createResponse(408)(request));
  if (best.status === 503) return E.right({ ...best, status: 500, reason: "Server Internal Error" });
  return aggregateChallenges(best, responses);
};
