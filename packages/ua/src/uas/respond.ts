// §8.2.6: the response a Rejection names, built with message's createResponse.
import * as E from "fp-ts/lib/Either.js";
import { Methods, createResponse } from "@puresip/message";
import type { HeaderError, SipRequest, SipResponse, Tag } from "@puresip/message";
import type { Rejection } from "./rejection.js";

/** §17.1.1.3: an ACK is never answered, so a rejected ACK is dropped. */
export interface AckNotAnswered {
  readonly _tag: "AckNotAnswered";
}

export type RespondError = AckNotAnswered | HeaderError;

export interface RespondOptions {
  /**
   * §8.2.6.2: "the UAS MUST add a tag to the To header field in the response" when the request
   * had none. The tag is random (§19.3), so it comes in as data.
   */
  readonly toTag: Tag;
}

/**
 * The final response for `rejection`: status, the headers the rule requires, Via/From/To/
 * Call-ID/CSeq copied from the request (§8.2.6.2). A 400 carries the problem as its reason
 * phrase: "The reason phrase SHOULD identify the syntax problem in more detail" (§21.4.1).
 */
export const rejectionResponse =
  (rejection: Rejection, options: RespondOptions) =>
  (request: SipRequest): E.Either<RespondError, SipResponse> => {
    if (request.method === Methods.ACK) return E.left({ _tag: "AckNotAnswered" });
    const base = { toTag: options.toTag, headers: rejection.headers };
    return createResponse(rejection.status, rejection.status === 400 ? { ...base, reason: reasonText(rejection.detail) } : base)(request);
  };

/** Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII / UTF8-CONT / SP / HTAB): no CR or LF. */
const reasonText = (detail: string): string => {
  let out = "";
  for (let i = 0; i < detail.length; i++) {
    const c = detail.charCodeAt(i);
    out += c < 0x20 && c !== 0x09 ? " " : detail.charAt(i);
  }
  return out;
};
