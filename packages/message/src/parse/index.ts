export type { FramedMessage, ParseError, ParseErrorKind } from "./errors.js";
export type { ParseLimits, ParseOptions } from "./limits.js";
export { defaultLimits } from "./limits.js";
export type { Utf8Error } from "./utf8.js";
export { decodeUtf8, encodeUtf8, utf8Length } from "./utf8.js";
export { parseMessage } from "./message.js";
