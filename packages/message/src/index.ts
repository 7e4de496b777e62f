export type { Brand, BrandError, Branch, CallId, Method, Tag } from "./brand.js";
export { MAGIC_COOKIE, Methods, branch, callId, isRfc3261Branch, method, tag } from "./brand.js";
export { isToken, isWord } from "./charset.js";
export type {
  AbsoluteUri,
  ContactValue,
  ContactWildcard,
  CoreHeaders,
  CSeq,
  HeaderField,
  Host,
  NameAddr,
  Param,
  SipMessage,
  SipRequest,
  SipResponse,
  SipUri,
  TelUri,
  Uri,
  Via,
} from "./model.js";
export * from "./uri/index.js";
export * from "./headers/index.js";
