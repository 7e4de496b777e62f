// RFC 3261 §8.2: the checks a UAS core makes before processing a request, in the RFC's order.
// "Note that request processing is atomic. If a request is accepted, all state changes
// associated with it MUST be performed. If it is rejected, all state changes MUST NOT be
// performed." So the checks only read: a Rejection says what to answer, nothing else happens.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import {
  Methods,
  acceptEncodingHeader,
  acceptHeader,
  acceptLanguageHeader,
  allowHeader,
  contentEncodingHeader,
  contentDispositionHeader,
  contentLanguageHeader,
  contentTypeHeader,
  expiresHeader,
  findParam,
  hasHeader,
  headerFieldList,
  printHost,
  readHeader,
  readHeaderList,
  requireHeader,
  unsupportedHeader,
  validateMessage,
  warningHeader,
} from "@puresip/message";
import type { HeaderDef, HeaderError, HeaderField, MediaType, SipRequest } from "@puresip/message";
import type { Capabilities } from "../capabilities.js";
import { firstAdmitted, sameMediaType } from "./accept.js";
import { isMergedRequest } from "./merged.js";
import type { RecentRequests } from "./merged.js";
import type { Malformed, Rejection } from "./rejection.js";

/** What the shell knows that a single request does not carry. */
export interface RequestContext {
  /** §8.2.2.2: the requests of the ongoing server transactions, under their merge keys. */
  readonly recent: RecentRequests;
  /**
   * The adapter already ran `validateMessage` on this request and it passed (the kernel's
   * `Received.validated`): the first check is not run again. Absent, it runs.
   */
  readonly validated?: boolean;
}

type Check = (capabilities: Capabilities, context: RequestContext, request: SipRequest) => Rejection | undefined;

const badHeader = (e: HeaderError): Malformed => {
  const detail = `${e.header}: ${e.reason} at ${e.position}`;
  return { _tag: "Malformed", status: 400, headers: [], detail, problems: [] };
};

const readList = <A>(def: HeaderDef<A>, request: SipRequest): E.Either<Malformed, ReadonlyArray<A>> => E.mapLeft(badHeader)(readHeaderList(def)(request));

const allow = (capabilities: Capabilities): HeaderField => headerFieldList(allowHeader)(capabilities.methods);

const malformed: Check = (_capabilities, context, request) => {
  if (context.validated === true) return undefined;
  const valid = validateMessage(request);
  if (E.isRight(valid)) return undefined;
  const { status, problems } = valid.left;
  return { _tag: "Malformed", status, headers: [], detail: problems[0].detail, problems };
};

/**
 * §8.2.1: "If the UAS recognizes but does not support the method of a request, it MUST
 * generate a 405 (Method Not Allowed) response. ... The UAS MUST also add an Allow header
 * field to the 405". A method it does not recognise is 501 (§21.5.2), with Allow too (RFC 4475).
 */
const methodInspection: Check = (capabilities, _context, request) => {
  if (capabilities.methods.includes(request.method)) return undefined;
  const headers = [allow(capabilities)];
  return capabilities.knownMethods.includes(request.method)
    ? { _tag: "MethodNotAllowed", status: 405, headers, detail: `${request.method} is not supported here` }
    : { _tag: "NotImplemented", status: 501, headers, detail: `${request.method} is not a method this UAS recognises` };
};

const schemeOf = (request: SipRequest): string => (request.uri._tag === "SipUri" ? request.uri.scheme : request.uri._tag === "TelUri" ? "tel" : request.uri.scheme);

/**
 * §8.2.2.1: "If the Request-URI uses a scheme not supported by the UAS, it SHOULD reject the
 * request with a 416 (Unsupported URI Scheme) response. If the Request-URI does not identify
 * an address that the UAS is willing to accept requests for, it SHOULD reject the request with
 * a 404 (Not Found) response." The To header is not checked: "the UAS SHOULD accept the request".
 */
const requestUriInspection: Check = (capabilities, _context, request) => {
  const scheme = schemeOf(request).toLowerCase();
  if (!capabilities.uriSchemes.includes(scheme)) {
    return { _tag: "UnsupportedUriScheme", status: 416, headers: [], detail: `the Request-URI scheme "${scheme}" is not supported` };
  }
  const { domains } = capabilities;
  if (domains === undefined || request.uri._tag !== "SipUri") return undefined;
  const host = printHost(request.uri.host).toLowerCase();
  return domains.some((d) => d.toLowerCase() === host)
    ? undefined
    : { _tag: "NotFound", status: 404, headers: [], detail: `${host} is not a domain this UAS accepts requests for` };
};

const invalid = (detail: string): Malformed => ({ _tag: "Malformed", status: 400, headers: [], detail, problems: [] });

/** Methods whose request outside a dialog creates one (§8.1.1.8; RFC 6665 §4.1.2.1, RFC 3515 §2.4). */
const DIALOG_CREATING: ReadonlySet<string> = new Set([Methods.INVITE, Methods.SUBSCRIBE, Methods.REFER]);

const hasToTag = (request: SipRequest): boolean => request.core.to?.params.some((p) => p.name.toLowerCase() === "tag") ?? false;

/**
 * §8.1.1.8: "The Contact header field MUST be present and contain exactly one SIP or SIPS URI in
 * any request that can result in the establishment of a dialog" (for an INVITE it is the remote
 * target, §12.1.1: without it the UAS could never reach the caller, and the call would wait for
 * an answer forever). "*" is no URI: §10.2.2 allows it only in a REGISTER, alone and with
 * Expires 0, and §10.3 step 6 says "If the request has additional Contact fields or an
 * expiration time other than zero, the request is invalid, and the server MUST return a 400".
 */
const contactInspection: Check = (_capabilities, _context, request) => {
  const contacts = request.core.contact;
  const wildcard = contacts.some((c) => c._tag === "Wildcard");
  if (request.method === Methods.REGISTER) {
    if (!wildcard) return undefined;
    const expires = readHeader(expiresHeader)(request);
    if (E.isLeft(expires)) return badHeader(expires.left);
    return contacts.length === 1 && O.isSome(expires.right) && expires.right.value === 0
      ? undefined
      : invalid("Contact: * must stand alone, with Expires: 0 (§10.2.2, §10.3)");
  }
  if (!DIALOG_CREATING.has(request.method)) return undefined;
  if (wildcard) return invalid(`Contact: * is not a URI; it is allowed only in a REGISTER (§8.1.1.8, §10.2.2)`);
  if (request.method === Methods.INVITE && contacts.length === 0 && !hasToTag(request)) return invalid("an INVITE must carry a Contact (§8.1.1.8)");
  return undefined;
};

/** §8.2.2.2, see merged.ts. */
const mergedRequests: Check = (_capabilities, context, request) =>
  isMergedRequest(context.recent)(request)
    ? { _tag: "LoopDetected", status: 482, headers: [], detail: "the From tag, Call-ID and CSeq belong to another ongoing transaction (merged request)" }
    : undefined;

/**
 * §8.2.2.3: "If a UAS does not understand an option-tag listed in a Require header field, it
 * MUST respond by generating a response with status code 420 (Bad Extension). The UAS MUST add
 * an Unsupported header field, and list in it those options it does not understand". Require
 * "MUST be ignored" in CANCEL and ACK (§8.2.2.3); a UAS ignores Proxy-Require (RFC 4475 §3.3.5).
 */
const requireInspection: Check = (capabilities, _context, request) => {
  if (request.method === Methods.CANCEL || request.method === Methods.ACK) return undefined;
  const required = readList(requireHeader, request);
  if (E.isLeft(required)) return required.left;
  const unknown = required.right.filter((tag) => !capabilities.extensions.some((e) => e.toLowerCase() === tag.toLowerCase()));
  if (unknown.length === 0) return undefined;
  return { _tag: "BadExtension", status: 420, headers: [headerFieldList(unsupportedHeader)(unknown)], detail: `Require: ${unknown.join(", ")} not understood` };
};

const languageUnderstood = (capabilities: Capabilities, tag: string): boolean => {
  const lower = tag.toLowerCase();
  return capabilities.contentLanguages.some((l) => {
    const range = l.toLowerCase();
    return lower === range || lower.startsWith(`${range}-`);
  });
};

/**
 * §8.2.3: "If a UAS does not understand the header fields describing the body (Content-Type,
 * Content-Language, Content-Encoding) of a request, the UAS MUST reject the request with a 415
 * (Unsupported Media Type) response. The response MUST contain an Accept header field listing
 * the types of all bodies it understands" (Accept-Encoding / Accept-Language for encodings and
 * languages). Only a request with a body has one to process, and §20.11 lets a body marked
 * `handling=optional` be ignored when it is not understood ("required" when absent).
 */
const contentProcessing: Check = (capabilities, _context, request) => {
  if (request.body.length === 0) return undefined;
  const disposition = readHeader(contentDispositionHeader)(request);
  if (E.isLeft(disposition)) return badHeader(disposition.left);
  if (O.isSome(disposition.right) && findParam(disposition.right.value.params, "handling")?.value?.toLowerCase() === "optional") return undefined;
  const type = readHeader(contentTypeHeader)(request);
  const encodings = readList(contentEncodingHeader, request);
  const languages = readList(contentLanguageHeader, request);
  if (E.isLeft(type)) return badHeader(type.left);
  if (E.isLeft(encodings)) return encodings.left;
  if (E.isLeft(languages)) return languages.left;
  const problems: Array<string> = [];
  const headers: Array<HeaderField> = [];
  // §7.4.1: without Content-Type the body is application/sdp only by convention; require it.
  const bodyType: MediaType | undefined = O.toUndefined(type.right);
  if (bodyType === undefined || !capabilities.contentTypes.some((t) => sameMediaType(t, bodyType))) {
    problems.push(bodyType === undefined ? "a body without Content-Type" : `Content-Type ${bodyType.type}/${bodyType.subtype}`);
    headers.push(headerFieldList(acceptHeader)(capabilities.contentTypes));
  }
  const unknownCodings = encodings.right.filter((c) => c.toLowerCase() !== "identity" && !capabilities.contentEncodings.some((k) => k.toLowerCase() === c.toLowerCase()));
  if (unknownCodings.length > 0) {
    problems.push(`Content-Encoding ${unknownCodings.join(", ")}`);
    headers.push(headerFieldList(acceptEncodingHeader)(capabilities.contentEncodings.map((value) => ({ value, params: [] }))));
  }
  const unknownLanguages = languages.right.filter((l) => !languageUnderstood(capabilities, l));
  if (unknownLanguages.length > 0) {
    problems.push(`Content-Language ${unknownLanguages.join(", ")}`);
    headers.push(headerFieldList(acceptLanguageHeader)(capabilities.contentLanguages.map((value) => ({ value, params: [] }))));
  }
  return problems.length === 0 ? undefined : { _tag: "UnsupportedMediaType", status: 415, headers, detail: `not understood: ${problems.join("; ")}` };
};

/**
 * §20.1: "If no Accept header field is present, the server SHOULD assume a default value of
 * application/sdp." An INVITE is answered with a session description; when Accept admits none
 * of the UAS's, RFC 4475 §3.3.15 names "406 Not Acceptable, with a Warning/399".
 */
const acceptInspection: Check = (capabilities, _context, request) => {
  if (request.method !== Methods.INVITE || !hasHeader(acceptHeader)(request)) return undefined;
  const accept = readList(acceptHeader, request);
  if (E.isLeft(accept)) return accept.left;
  if (firstAdmitted(accept.right, capabilities.answerTypes) !== undefined) return undefined;
  const offered = capabilities.answerTypes.map((t) => `${t.type}/${t.subtype}`).join(", ");
  const warning = headerFieldList(warningHeader)([{ code: 399, agent: capabilities.warnAgent, text: `"Accept admits none of ${offered}"` }]);
  return { _tag: "NotAcceptable", status: 406, headers: [warning], detail: `Accept admits none of ${offered}` };
};

/**
 * §8.2 in order: 400/505, 8.2.1, then the 400 of a Contact the method cannot do without or a
 * misused "*" (§8.1.1.8, §10.2.2; checked once the method is one the UAS processes), 8.2.2.1,
 * 8.2.2.2, 8.2.2.3, 8.2.3, then the 406 of §20.1.
 */
const CHECKS: ReadonlyArray<Check> = [malformed, methodInspection, contactInspection, requestUriInspection, mergedRequests, requireInspection, contentProcessing, acceptInspection];

/**
 * Applies the §8.2 checks in the RFC's order; the first that fails names the response. Right
 * gives the request back unchanged for the UAS core to handle. A rejected ACK gets no
 * response (§17.1.1.3): the caller drops it (rejectionResponse refuses it).
 */
export const checkRequest =
  (capabilities: Capabilities, context: RequestContext) =>
  (request: SipRequest): E.Either<Rejection, SipRequest> => {
    for (const check of CHECKS) {
      const rejection = check(capabilities, context, request);
      if (rejection !== undefined) return E.left(rejection);
    }
    return E.right(request);
  };
