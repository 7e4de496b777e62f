// RFC 3262 §5: a new offer in a PRACK, "if the PRACK contains an offer, the 200 (OK) to the PRACK
// MUST contain an answer". Allowed only when no offer/answer exchange is pending (RFC 6337 §3);
// offer-answer.ts decides, these helpers turn its verdicts into responses and notices.
import type { Seed } from "@puresip/kernel";
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import { createResponse } from "@puresip/message";
import type { HeaderField, SipRequest, SipResponse } from "@puresip/message";
import { stepOfferAnswer } from "../offer-answer.js";
import type { OfferAnswerError, OfferAnswerState } from "../offer-answer.js";
import { retryAfterSeconds } from "./delays.js";
import type { SessionEffect } from "./types.js";
import { notify, sendResponse, trackBody } from "./common.js";

/**
 * The response to a matching PRACK whose body offer/answer refuses. A colliding offer gets 491
 * (RFC 3311 §5.2 glare, as for UPDATE), an offer while this UA owes an answer 500 with a
 * Retry-After of 0–10 s drawn from the seed, any other misplaced body 488.
 */
export const refusePrack = (prack: SipRequest, error: OfferAnswerError, seed: Seed): readonly [ReadonlyArray<SessionEffect>, Seed] => {
  const reply = (status: number, headers: ReadonlyArray<HeaderField> = []): ReadonlyArray<SessionEffect> => {
    const r = createResponse(status, { headers })(prack);
    return E.isRight(r) ? [sendResponse(prack, r.right)] : [];
  };
  switch (error._tag) {
    case "Glare":
      return [reply(491), seed];
    case "AnswerOwed": {
      const [seconds, next] = retryAfterSeconds(seed);
      return [reply(500, [{ name: "Retry-After", value: String(seconds) }]), next];
    }
    case "AnswerMissing":
    case "BodyNotAllowed":
    case "OfferMissing":
      return [reply(488), seed];
    default:
      return absurd(error);
  }
};

/** Whether this UA has an offer out in a PRACK, waiting for the answer in the 200. */
export const prackOfferPending = (oa: OfferAnswerState, offerer: "Local" | "Remote"): boolean =>
  oa._tag === "OfferPending" && oa.carrier === "PRACK" && oa.offerer === offerer;

/**
 * UAC: the final response to our PRACK. When the PRACK carried an offer, a 2xx must carry the
 * answer (a missing one is a ProtocolError notice) and a failure rolls offer/answer back; the
 * application hears `PrackDone` either way. The response to a PRACK without an offer only
 * goes through offer/answer (a body there is a ProtocolError).
 */
export const prackResponse = (oa: OfferAnswerState, response: SipResponse): readonly [OfferAnswerState, ReadonlyArray<SessionEffect>] => {
  if (response.status < 200) return [oa, []];
  const offered = prackOfferPending(oa, "Local");
  const [next, problems] = trackBody(oa, "Remote", response);
  return [next, offered ? [...problems, notify({ _tag: "PrackDone", status: response.status, response })] : problems];
};

/** UAC: our PRACK's client transaction failed (§8.1.3.1: as if a 408 came): an offer in it is void. */
export const prackTimeout = (oa: OfferAnswerState): readonly [OfferAnswerState, ReadonlyArray<SessionEffect>] => {
  if (!prackOfferPending(oa, "Local")) return [oa, []];
  const step = stepOfferAnswer(oa, { from: "Remote", exchange: { _tag: "Response", method: "PRACK", status: 408, reliable: false }, hasBody: false });
  return [E.isRight(step) ? step.right[0] : oa, [notify({ _tag: "PrackDone", status: 408, response: null })]];
};
