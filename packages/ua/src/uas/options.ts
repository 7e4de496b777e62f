// §11.2: the answer to OPTIONS, advertising what the UAS supports (capabilities.ts).
import * as E from "fp-ts/lib/Either.js";
import {
  acceptEncodingHeader,
  acceptHeader,
  acceptLanguageHeader,
  allowHeader,
  contactHeader,
  contentTypeHeader,
  createResponse,
  headerField,
  headerFieldList,
  hasHeader,
  readHeaderList,
  supportedHeader,
} from "@puresip/message";
import type { ContactValue, HeaderError, HeaderField, MediaType, SipRequest, SipResponse, Tag } from "@puresip/message";
import type { Capabilities } from "../capabilities.js";
import { firstAdmitted } from "./accept.js";

/** A session description offered in the OPTIONS answer, as the shell built it. */
export interface OptionsBody {
  readonly contentType: MediaType;
  readonly content: Uint8Array;
}

export interface OptionsAnswer {
  /** §8.2.6.2: the To tag (random, so data). */
  readonly toTag: Tag;
  /**
   * §11.2: "The response code chosen MUST be the same that would have been chosen had the
   * request been an INVITE": 200 unless the shell says (486 when busy, ...). Defaults to 200.
   */
  readonly status?: number;
  /** §11.2: "Contact header fields MAY be present in a 200 (OK) response to OPTIONS". */
  readonly contact?: ReadonlyArray<ContactValue>;
  /** §11.2: "A message body MAY be sent, the type of which is determined by the Accept header". */
  readonly body?: OptionsBody;
}

/** §20.1: "If no Accept header field is present, the server SHOULD assume ... application/sdp." */
const DEFAULT_ACCEPT: ReadonlyArray<MediaType> = [{ type: "application", subtype: "sdp", params: [] }];

const plain = (value: string): { readonly value: string; readonly params: readonly [] } => ({ value, params: [] });

/**
 * §11.2: "Allow, Accept, Accept-Encoding, Accept-Language, and Supported header fields SHOULD
 * be present in a 200 (OK) response to an OPTIONS request." The body goes in only when the
 * request's Accept admits its type (application/sdp when Accept is absent, §20.1).
 */
export const optionsResponse =
  (capabilities: Capabilities, answer: OptionsAnswer) =>
  (request: SipRequest): E.Either<HeaderError, SipResponse> => {
    const accept = readHeaderList(acceptHeader)(request);
    if (E.isLeft(accept)) return accept;
    const headers: Array<HeaderField> = [
      headerFieldList(allowHeader)(capabilities.methods),
      headerFieldList(acceptHeader)(capabilities.contentTypes),
      headerFieldList(acceptEncodingHeader)(capabilities.contentEncodings.map(plain)),
      headerFieldList(acceptLanguageHeader)(capabilities.contentLanguages.map(plain)),
      headerFieldList(supportedHeader)(capabilities.extensions),
    ];
    if (answer.contact !== undefined && answer.contact.length > 0) headers.push(headerFieldList(contactHeader)(answer.contact));
    const { body } = answer;
    const ranges = hasHeader(acceptHeader)(request) ? accept.right : DEFAULT_ACCEPT;
    const admitted = body !== undefined && firstAdmitted(ranges, [body.contentType]) !== undefined;
    if (admitted) headers.push(headerField(contentTypeHeader)(body.contentType));
    return createResponse(answer.status ?? 200, { toTag: answer.toTag, headers, ...(admitted ? { body: body.content } : {}) })(request);
  };
