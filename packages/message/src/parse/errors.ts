// The one error type of message parsing. It says what went wrong, where, and which status an
// element should answer with; when the start line and header fields could be framed it keeps
// them, so a UAS can still answer 400 by copying Via, From, To, Call-ID and CSeq (§8.2.6).
import type { HeaderField } from "../model.js";

/** The kinds of parse failure (a bad start line, a bad header, a limit exceeded, a body shorter than its Content-Length ...). */
export type ParseErrorKind =
  /** Nothing but whitespace: not a message at all. */
  | "Empty"
  /** Request-Line or Status-Line does not follow §7.1 / §7.2. */
  | "StartLine"
  /** A header line is not `name HCOLON value` (§7.3.1). */
  | "HeaderLine"
  /** Header text is not valid UTF-8 (§7.3.1 TEXT-UTF8). */
  | "Encoding"
  /** Content-Length is not a number, negative, or given twice with different values (§20.14). */
  | "ContentLength"
  /** The datagram holds fewer body octets than Content-Length says (§18.3). */
  | "Truncated"
  /** The Request-URI does not parse (§19.1). */
  | "RequestUri"
  /** Via, From, To, Call-ID, CSeq, Max-Forwards, Contact, Route or Record-Route is malformed. */
  | "CoreHeader"
  /** A configured limit was exceeded (see ParseLimits). */
  | "Limit";

/** What could be framed before the error: enough to answer without understanding the message. */
export interface FramedMessage {
  readonly startLine: string;
  readonly headers: ReadonlyArray<HeaderField>;
}

/** Why a message could not be parsed: the kind, where (line and offset) and a sentence that says what was expected. */
export interface ParseError {
  readonly _tag: "ParseError";
  readonly kind: ParseErrorKind;
  /** A sentence for people: what is wrong, naming the header or limit. */
  readonly detail: string;
  /** Position in the input (octets for bytes, UTF-16 units for a string) where it went wrong. */
  readonly offset: number;
  /**
   * The response a UAS or proxy should send if it answers at all (§8.2, §16.3, §21):
   * 400 for malformed input, 413/513 for limits. A response that fails to parse is dropped.
   */
  readonly status: 400 | 413 | 414 | 505 | 513;
  /** Present once the header section was split into fields. */
  readonly framed?: FramedMessage;
}

export const parseError = (
  kind: ParseErrorKind,
  detail: string,
  offset: number,
  status: ParseError["status"] = 400,
  framed?: FramedMessage,
): ParseError =>
  framed === undefined
    ? { _tag: "ParseError", kind, detail, offset, status }
    : { _tag: "ParseError", kind, detail, offset, status, framed };
