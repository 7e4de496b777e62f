// RFC 3311 §5: UPDATE received in an early dialog, on either side.
import * as E from "fp-ts/lib/Either.js";
import { Methods, createResponse, printContact } from "@puresip/message";
import type { HeaderField, NameAddr, SipRequest, SipResponse } from "@puresip/message";
import type { Dialog } from "../dialog.js";
import { offerAnswerOn } from "../offer-answer.js";
import type { OfferAnswerState } from "../offer-answer.js";
import { receiveRequest } from "../uas.js";
import { retryAfterSeconds } from "./random.js";
import type { Body, Calling, Incoming, SessionEffect } from "./types.js";
import { answer, isSuccess, notify, sendResponse } from "./common.js";

// ---------------------------------------------------------------- UPDATE in an early dialog (RFC 3311 §5)

export type EarlyUpdate =
  | { readonly _tag: "Refused"; readonly effects: ReadonlyArray<SessionEffect>; readonly seed: number }
  | { readonly _tag: "Accepted"; readonly dialog: Dialog; readonly offerAnswer: OfferAnswerState; readonly effects: ReadonlyArray<SessionEffect>; readonly seed: number };

/**
 * RFC 3311 §5.2 in an early dialog: "the UAS MUST ... process the UPDATE as it would any other
 * request within a dialog": §12.2.2 CSeq check, 491 / 500 + Retry-After for an offer that
 * collides, an offer passed to the application, a bodiless UPDATE answered 200 at once.
 */
export const earlyUpdate = (common: { readonly localContact: NameAddr; readonly seed: number }, dialog: Dialog | undefined, oa: OfferAnswerState, request: SipRequest): EarlyUpdate => {
  const reply = (status: number, headers: ReadonlyArray<HeaderField> = []): ReadonlyArray<SessionEffect> => {
    const r = createResponse(status, { headers })(request);
    return E.isRight(r) ? [sendResponse(request, r.right)] : [];
  };
  if (dialog === undefined) return { _tag: "Refused", effects: reply(481), seed: common.seed };
  const checked = receiveRequest(request)(dialog);
  if (E.isLeft(checked)) return { _tag: "Refused", effects: reply(checked.left.status), seed: common.seed };
  const step = offerAnswerOn("Remote", request)(oa);
  if (E.isLeft(step)) {
    if (step.left._tag === "Glare") return { _tag: "Refused", effects: reply(491), seed: common.seed };
    const [seconds, seed] = retryAfterSeconds(common.seed);
    return { _tag: "Refused", effects: reply(500, [{ name: "Retry-After", value: String(seconds) }]), seed };
  }
  const [offerAnswer, role] = step.right;
  const effects = role === "Offer" ? [notify({ _tag: "IncomingUpdate", request })] : reply(200, [{ name: "Contact", value: printContact([common.localContact]) }]);
  return { _tag: "Accepted", dialog: checked.right, offerAnswer, effects, seed: common.seed };
};

/** The application's answer to an UPDATE offer in an early dialog. */
export const earlyUpdateAnswer = (s: Calling | Incoming, request: SipRequest, status: number, body: Body | undefined): E.Either<string, readonly [OfferAnswerState, SipResponse]> => {
  if (request.method !== Methods.UPDATE) return E.left(`only an UPDATE can be answered before the INVITE's final response`);
  const response = answer(s, request, status, body, undefined, isSuccess(status) ? [{ name: "Contact", value: printContact([s.localContact]) }] : []);
  if (E.isLeft(response)) return response;
  const oa = offerAnswerOn("Local", response.right)(s.offerAnswer);
  return E.isLeft(oa) ? E.left(`offer/answer forbids this ${status}: ${oa.left._tag}`) : E.right([oa.right[0], response.right] as const);
};
