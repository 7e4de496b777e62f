export type { HeaderError } from "./error.js";
export { COMPACT_FORMS, canonicalHeaderName, compactForm, headerKey, headerNameEquals } from "./names.js";
export { splitHeaderValues } from "./split.js";
export { findParam, printParams } from "./params.js";
export { parseNameAddr, printNameAddr } from "./name-addr.js";
export { parseVia, printVia, printViaList } from "./via.js";
export { parseCSeq, printCSeq } from "./cseq.js";
export { UINT32_MAX, parseCallId, parseContentLength, parseMaxForwards, printCallId, printUint32 } from "./scalars.js";
export {
  CONTACT_WILDCARD,
  parseContact,
  parseNameAddrList,
  parseRecordRoute,
  parseRoute,
  printContact,
  printContactValue,
  printNameAddrList,
} from "./contact.js";
export { parseCoreHeaders } from "./core.js";
export type { AuthenticationInfo, AuthParam, Challenge, Credentials, DigestChallenge, DigestCredentials, OtherChallenge, OtherCredentials } from "./auth.js";
export {
  authenticationInfoHeader,
  authorizationHeader,
  isAuthParamValue,
  parseAuthenticationInfo,
  parseChallenge,
  parseCredentials,
  parseProxyChallenge,
  parseProxyCredentials,
  printAuthenticationInfo,
  printChallenge,
  printCredentials,
  proxyAuthenticateHeader,
  proxyAuthorizationHeader,
  wwwAuthenticateHeader,
} from "./auth.js";
export type { HeaderDef } from "./def.js";
export type { HasHeaders } from "./access.js";
export { hasHeader, headerField, headerFieldList, readHeader, readHeaderList } from "./access.js";
export type { ParamValue } from "./tokens.js";
export {
  acceptEncodingHeader,
  acceptLanguageHeader,
  allowEventsHeader,
  allowHeader,
  contentDispositionHeader,
  contentEncodingHeader,
  contentLanguageHeader,
  eventHeader,
  inReplyToHeader,
  priorityHeader,
  privacyHeader,
  proxyRequireHeader,
  reasonHeader,
  requireHeader,
  subscriptionStateHeader,
  supportedHeader,
  unsupportedHeader,
} from "./tokens.js";
export type { MediaType } from "./media-type.js";
export { acceptHeader, contentTypeHeader, printMediaType } from "./media-type.js";
export type { DeltaWithParams, RAck, RetryAfter, Timestamp } from "./numeric.js";
export {
  contentLengthHeader,
  cseqHeader,
  deltaSecondsOf,
  expiresHeader,
  maxForwardsHeader,
  minExpiresHeader,
  minSeHeader,
  rackHeader,
  retryAfterHeader,
  rseqHeader,
  sessionExpiresHeader,
  timestampHeader,
} from "./numeric.js";
export type { Month, ServerVal, SipDate, Warning, Weekday } from "./text.js";
export { dateHeader, mimeVersionHeader, organizationHeader, printDate, serverHeader, subjectHeader, userAgentHeader, warningHeader } from "./text.js";
export type { InfoValue } from "./addresses.js";
export {
  alertInfoHeader,
  callIdHeader,
  callInfoHeader,
  contactHeader,
  errorInfoHeader,
  fromHeader,
  pAssertedIdentityHeader,
  pPreferredIdentityHeader,
  pathHeader,
  recordRouteHeader,
  referToHeader,
  referredByHeader,
  replyToHeader,
  routeHeader,
  serviceRouteHeader,
  toHeader,
  viaHeader,
} from "./addresses.js";
export { CSeqFromString, NameAddrFromString, ReplacesFromString, ViaFromString, headerValueCodec } from "./codec.js";
export type { Replaces } from "./replaces.js";
export { printReplaces, replacesHeader } from "./replaces.js";
export { escapeUriHeaderValue, replacesOfUri, uriHeaderFields, withReplaces, withUriHeader, withoutUriHeaders } from "./uri-headers.js";
export type { ReferSub } from "./refer-sub.js";
export { referSubHeader } from "./refer-sub.js";
