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
export * from "./parse/index.js";
// `peekMessage` (transaction matching without a full parse) is the subpath `@puresip/message/peek`.
export { printHead, printStartLine, serializeMessage } from "./serialize.js";
export { parseWireText, wireText } from "./wire-text.js";
export type { FramerOutput, FramerState, FramerStep } from "./framer.js";
export { initFramer, push } from "./framer.js";
export type { Invalid, Problem, ProblemKind } from "./validate.js";
export { validateMessage } from "./validate.js";
export type { RequestSpec, ResponseOptions } from "./build.js";
export {
  addHeader,
  createRequest,
  createResponse,
  createResponseFromRaw,
  headerValues,
  prependHeader,
  reasonPhrase,
  removeHeader,
  replaceHeader,
  setBody,
  setHeader,
} from "./build.js";
export type { SipMessageJson } from "./codec.js";
export { HeaderFieldCodec, SipMessageCodec, decodeBase64, encodeBase64 } from "./codec.js";
