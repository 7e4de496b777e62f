// RFC 3311 §5: UPDATE in an early dialog, sent or received, on either side.
import type { Seed } from "@puresip/kernel";
import * as E from "fp-ts/lib/Either.js";
import { Methods, createResponse, printContact } from "@puresip/message";
import type { HeaderField, NameAddr, SipRequest, SipResponse, Via } from "@puresip/message";
import type { Dialog } from "../dialog.js";
import { offerAnswerOn } from "../offer-answer.js";
import type { OfferAnswerState } from "../offer-answer.js";
import { buildRequest } from "../request.js";
import { receiveRequest } from "../uas-in-dialog.js";
import { retryAfterSeconds } from "./delays.js";
import type { Body, Calling, Incoming, SessionEffect } from "./types.js";
import { answer, bodyFields, isSuccess, nextVia, notify, sendResponse, trackBody } from "./common.js";
import { prackOfferPending } from "./prack-offer.js";

// ---------------------------------------------------------------- UPDATE in an early dialog (RFC 3311 §5)

export type EarlyUpdate =
  | { readonly _tag: "Refused"; readonly effects: ReadonlyArray<SessionEffect>; readonly seed: Seed }
  | { readonly _tag: "Accepted"; readonly dialog: Dialog; readonly offerAnswer: OfferAnswerState; readonly effects: ReadonlyArray<SessionEffect>; readonly seed: Seed };

/**
 * RFC 3311 §5.2 in an early dialog: "the UAS MUST ... process the UPDATE as it would any other
 * request within a dialog": §12.2.2 CSeq check, 491 / 500 + Retry-After for an offer that
 * collides, an offer passed to the application, a bodiless UPDATE answered 200 at once.
 */
export const earlyUpdate = (common: { readonly localContact: NameAddr; readonly seed: Seed }, dialog: Dialog | undefined, oa: OfferAnswerState, request: SipRequest): EarlyUpdate => {
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

/**
 * The application's answer to an UPDATE offer in an early dialog, or to a PRACK offer (RFC 3262
 * §5: "the 200 (OK) to the PRACK MUST contain an answer"; PRACK is no target refresh, so no Contact).
 */
export const earlyUpdateAnswer = (s: Calling | Incoming, request: SipRequest, status: number, body: Body | undefined): E.Either<string, readonly [OfferAnswerState, SipResponse]> => {
  if (request.method !== Methods.UPDATE && request.method !== Methods.PRACK) return E.left(`only an UPDATE or a PRACK can be answered before the INVITE's final response`);
  // Any other PRACK was answered by the session itself when it arrived.
  if (request.method === Methods.PRACK && !prackOfferPending(s.offerAnswer, "Remote")) return E.left("no offer in a PRACK is waiting for an answer");
  const contact = request.method === Methods.UPDATE && isSuccess(status) ? [{ name: "Contact", value: printContact([s.localContact]) }] : [];
  const response = answer(s, request, status, body, undefined, contact);
  if (E.isLeft(response)) return response;
  const oa = offerAnswerOn("Local", response.right)(s.offerAnswer);
  return E.isLeft(oa) ? E.left(`offer/answer forbids this ${status}: ${oa.left._tag}`) : E.right([oa.right[0], response.right] as const);
};

/**
 * RFC 3311 §5.1: an UPDATE in an early dialog ("the UAC MAY send an UPDATE ... in an early
 * dialog"), with an offer when `body` is given; offer/answer refuses it while an exchange is open.
 */
export const sendEarlyUpdate = (
  s: { readonly localVia: Via; readonly seed: Seed; readonly localContact: NameAddr; readonly offerAnswer: OfferAnswerState },
  dialog: Dialog | undefined,
  body: Body | undefined,
): E.Either<string, readonly [SipRequest, Dialog, OfferAnswerState, Seed]> => {
  if (dialog === undefined) return E.left("no early dialog to send an UPDATE in");
  const [via, seed] = nextVia(s.localVia, s.seed);
  const b = bodyFields(body);
  const built = buildRequest({ method: Methods.UPDATE, via, initialSeq: 1, contact: [s.localContact], headers: b.headers, ...(b.body === undefined ? {} : { body: b.body }) })(dialog);
  if (E.isLeft(built)) return E.left(`UPDATE could not be built: ${built.left._tag}`);
  const [request, after] = built.right;
  const oa = offerAnswerOn("Local", request)(s.offerAnswer);
  if (E.isLeft(oa)) return E.left(`offer/answer forbids an UPDATE offer now: ${oa.left._tag} (RFC 3311 §5.1)`);
  return E.right([request, after, oa.right[0], seed] as const);
};

/** The response to our early UPDATE: its answer settles offer/answer; the application hears the status. */
export const earlyUpdateResponse = (oa: OfferAnswerState, response: SipResponse): readonly [OfferAnswerState, ReadonlyArray<SessionEffect>] => {
  if (response.status < 200) return [oa, []];
  const [next, problems] = trackBody(oa, "Remote", response);
  return [next, [...problems, notify({ _tag: "UpdateDone", status: response.status })]];
};
