// parseMessage: one datagram (or one framed stream message) to a SipMessage (§7, §18.3).
//   1. skip CRLFs before the start line (§7.5);
//   2. find the empty line that ends the header section, decode it once (ASCII fast path);
//      a string input is read where it lies, never sliced into a separate header section;
//   3. split it into the start line and unfolded header fields (§7.3.1), keeping where each
//      value lies, so the start line and the core headers below are scanned in place;
//   4. frame the body by Content-Length, ignoring octets after it (§18.3);
//   5. parse the core headers the transaction and dialog layers need.
// Anything else (unknown methods, schemes, content types, option tags) is not a syntax error.
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import { scanCoreHeaders } from "../headers/core.js";
import type { SipMessage } from "../model.js";
import { contentLengthOf } from "./content-length.js";
import type { FramedMessage, ParseError } from "./errors.js";
import { parseError } from "./errors.js";
import type { SplitHead } from "./header-lines.js";
import { splitHead, startLineOf } from "./header-lines.js";
import type { Refusal } from "./controls.js";
import { controlInOctets, controlInText, fieldsStartOctets, fieldsStartText } from "./controls.js";
import type { ParseLimits, ParseOptions } from "./limits.js";
import { strictUserDetail } from "../uri/parse.js";
import type { CoreHeaders, NameAddr, Uri } from "../model.js";
import { resolveLimits } from "./limits.js";
import { parseStartLine } from "./start-line.js";
import { decodeUtf8Lossy, decodeUtf8Range, encodeUtf8Range, utf8Length } from "./utf8.js";

/** Shared by every message without a body: a zero-length array has nothing to mutate. */
const NO_BODY = new Uint8Array(0);

/** Where the header section ends: `headEnd` is its last line's LF, `bodyStart` the first body octet. */
export interface HeadBounds {
  readonly headEnd: number;
  readonly bodyStart: number;
}

/**
 * Looks for the empty line ending the header section in `bytes[from, to)`. The empty line is
 * CRLF CRLF; a bare LF in either place is accepted (robustness).
 */
export const findHeadEnd = (bytes: Uint8Array, from: number, to: number): HeadBounds | undefined => {
  for (let i = bytes.indexOf(0x0a, from); i >= 0 && i < to; i = bytes.indexOf(0x0a, i + 1)) {
    const b1 = bytes[i + 1];
    if (b1 === 0x0a && i + 1 < to) return { headEnd: i, bodyStart: i + 2 };
    if (b1 === 0x0d && bytes[i + 2] === 0x0a && i + 2 < to) return { headEnd: i, bodyStart: i + 3 };
  }
  return undefined;
};

const findHeadEndText = (s: string, from: number): HeadBounds | undefined => {
  for (let i = s.indexOf("\n", from); i >= 0; i = s.indexOf("\n", i + 1)) {
    const c1 = s.charCodeAt(i + 1);
    if (c1 === 0x0a) return { headEnd: i, bodyStart: i + 2 };
    if (c1 === 0x0d && s.charCodeAt(i + 2) === 0x0a) return { headEnd: i, bodyStart: i + 3 };
  }
  return undefined;
};

/** §7.5: "Implementations processing SIP messages ... MUST ignore any CRLF appearing before the start-line". */
const skipLineEnds = (at: (i: number) => number, length: number): number => {
  let i = 0;
  while (i < length && (at(i) === 0x0d || at(i) === 0x0a)) i++;
  return i;
};

/** Splits `text[from, to)` and finishes; `delta` turns an index into `text` into an input offset. */
const finish = (text: string, from: number, to: number, delta: number, src: Uint8Array, bodyStart: number, bodyOffset: number, limits: ParseLimits, strict: boolean, control: Refusal | undefined): E.Either<ParseError, SipMessage> => {
  const split = splitHead(text, from, to, limits, delta);
  return split._tag === "ParseError" ? E.left(split) : finishSplit(split, delta + from, src, bodyStart, bodyOffset, limits, strict, control);
};

const hex = (c: number): string => `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;

/** The core header whose URI the strict rule refuses, and why; undefined when every one passes. */
const strictCoreProblem = (core: CoreHeaders): string | undefined => {
  const check = (header: string, uri: Uri): string | undefined => {
    const d = strictUserDetail(uri);
    return d === undefined ? undefined : `${header}: ${d}`;
  };
  const all = (header: string, list: ReadonlyArray<NameAddr>): string | undefined => {
    for (const na of list) {
      const d = check(header, na.uri);
      if (d !== undefined) return d;
    }
    return undefined;
  };
  const contacts: Array<NameAddr> = [];
  for (const c of core.contact) if (c._tag === "NameAddr") contacts.push(c);
  return (
    (core.from === undefined ? undefined : check("From", core.from.uri)) ??
    (core.to === undefined ? undefined : check("To", core.to.uri)) ??
    all("Contact", contacts) ??
    all("Route", core.route) ??
    all("Record-Route", core.recordRoute)
  );
};

/** What was framed, for an error: built only when one is reported. */
const framedOf = (split: SplitHead): FramedMessage => ({ startLine: startLineOf(split), headers: split.headers });

/**
 * The rest of parsing once the header section is split: start line, body framing, core
 * headers. The stream framer calls this directly with the split it already made.
 */
export const finishSplit = (
  split: SplitHead,
  headOffset: number,
  src: Uint8Array,
  bodyStart: number,
  bodyOffset: number,
  limits: ParseLimits,
  strict: boolean,
  /** The first control character in the header fields, or a bad octet (controls.ts), found by the caller on what it holds. */
  control: Refusal | undefined,
): E.Either<ParseError, SipMessage> => {
  const line = parseStartLine(split.text, split.lineStart, split.lineEnd);
  if (line._tag === "StartLineFailure") return E.left(parseError(line.kind, line.detail, headOffset + line.at, 400, framedOf(split)));
  if (strict && line._tag === "Request") {
    const d = strictUserDetail(line.uri);
    if (d !== undefined) return E.left(parseError("RequestUri", d, headOffset, 400, framedOf(split)));
  }
  if (control?._tag === "NotUtf8") return E.left(parseError("Encoding", "the header section is not valid UTF-8 (§7.3.1)", control.at, 400, framedOf(split)));
  if (control !== undefined) {
    // A raw NUL (or other control) is no part of any header grammar (§25.1): refused whole, as
    // §7.3.1 refuses a line that is not "name: value"; framed, so the request still gets its 400.
    return E.left(parseError("HeaderLine", `a header field holds the control character ${hex(control.code)}, which §25.1 allows in no header value`, control.at, 400, framedOf(split)));
  }

  const available = src.length - bodyStart;
  const cl = contentLengthOf(split.headers);
  let bodyLength: number;
  switch (cl._tag) {
    case "Invalid":
      return E.left(parseError("ContentLength", cl.detail, bodyOffset, 400, framedOf(split)));
    case "Absent":
      // §18.3: without Content-Length a datagram's body runs to its end (RFC 4475 §3.4.1).
      bodyLength = available;
      break;
    case "Length":
      bodyLength = cl.value;
      if (bodyLength <= limits.maxBodyBytes && bodyLength > available) {
        // §18.3: "If the message is a request, the server SHOULD respond with a 400"; RFC 4475 §3.1.2.2.
        return E.left(parseError("Truncated", `Content-Length is ${bodyLength} but only ${available} body octets arrived`, bodyOffset, 400, framedOf(split)));
      }
      break;
    default:
      return absurd(cl);
  }
  if (bodyLength > limits.maxBodyBytes) {
    return E.left(parseError("Limit", `a body of ${bodyLength} octets exceeds maxBodyBytes (${limits.maxBodyBytes})`, bodyOffset, 413, framedOf(split)));
  }
  // A copy: the message must not change if the caller reuses its receive buffer. Not
  // src.slice: on a Node Buffer that is a view, and its result would be a Buffer.
  const body = bodyLength === 0 ? NO_BODY : new Uint8Array(src.subarray(bodyStart, bodyStart + bodyLength));

  const core = scanCoreHeaders(split.headers, split.text, split.valueRanges);
  if (E.isLeft(core)) {
    const e = core.left;
    return E.left(parseError("CoreHeader", `${e.header}: ${e.reason} (at ${e.position} in ${JSON.stringify(e.value)})`, headOffset, 400, framedOf(split)));
  }
  if (core.right.via.length > limits.maxVia) {
    return E.left(parseError("Limit", `${core.right.via.length} Via values exceed maxVia (${limits.maxVia})`, headOffset, 513, framedOf(split)));
  }
  if (strict) {
    const d = strictCoreProblem(core.right);
    if (d !== undefined) return E.left(parseError("CoreHeader", d, headOffset, 400, framedOf(split)));
  }
  return E.right(
    line._tag === "Request"
      ? { _tag: "Request", method: line.method, uri: line.uri, version: line.version, headers: split.headers, core: core.right, body }
      : { _tag: "Response", version: line.version, status: line.status, reason: line.reason, headers: split.headers, core: core.right, body },
  );
};

/**
 * §7.3.1 asks for UTF-8; a header section that is not is refused, but framed (each bad sequence
 * read as U+FFFD) when it still splits into lines, so a request whose only fault is a stray
 * octet in, say, its User-Agent is still answered with a 400 (message README, "Parser policy").
 */
const badEncoding = (bytes: Uint8Array, start: number, end: number, bad: number, limits: ParseLimits): ParseError => {
  const detail = "the header section is not valid UTF-8 (§7.3.1)";
  const text = decodeUtf8Lossy(bytes, start, end);
  const split = splitHead(text, 0, text.length, limits, start);
  return split._tag === "ParseError" ? parseError("Encoding", detail, bad) : parseError("Encoding", detail, bad, 400, framedOf(split));
};

const tooLarge = (size: number, limits: ParseLimits): ParseError =>
  parseError("Limit", `a message of ${size} octets exceeds maxMessageBytes (${limits.maxMessageBytes})`, 0, 513);

const parseBytes = (bytes: Uint8Array, limits: ParseLimits, strict: boolean): E.Either<ParseError, SipMessage> => {
  if (bytes.length > limits.maxMessageBytes) return E.left(tooLarge(bytes.length, limits));
  const start = skipLineEnds((i) => bytes[i] ?? 0, bytes.length);
  if (start === bytes.length) return E.left(parseError("Empty", "no start line: the input is empty or only line ends", start));
  // No empty line at all: the datagram ends inside the header section (RFC 4475 baddn,
  // RFC 5118 §4.10 archives). Read it as headers with an empty body rather than lose it.
  const bounds = findHeadEnd(bytes, start, bytes.length) ?? { headEnd: bytes.length, bodyStart: bytes.length };
  const head = decodeUtf8Range(bytes, start, bounds.headEnd);
  if (typeof head === "number") return E.left(badEncoding(bytes, start, bounds.headEnd, head, limits));
  const control = controlInOctets(bytes, fieldsStartOctets(bytes, start, bounds.headEnd), bounds.headEnd);
  return finish(head, 0, head.length, start, bytes, bounds.bodyStart, bounds.bodyStart, limits, strict, control);
};

const parseText = (text: string, limits: ParseLimits, strict: boolean): E.Either<ParseError, SipMessage> => {
  if (text.length > limits.maxMessageBytes || text.length * 3 > limits.maxMessageBytes) {
    const size = utf8Length(text);
    if (size > limits.maxMessageBytes) return E.left(tooLarge(size, limits));
  }
  const start = skipLineEnds((i) => text.charCodeAt(i), text.length);
  if (start === text.length) return E.left(parseError("Empty", "no start line: the input is empty or only line ends", start));
  const bounds = findHeadEndText(text, start) ?? { headEnd: text.length, bodyStart: text.length };
  const body = bounds.bodyStart === text.length ? NO_BODY : encodeUtf8Range(text, bounds.bodyStart, text.length);
  const control = controlInText(text, fieldsStartText(text, start, bounds.headEnd), bounds.headEnd);
  return finish(text, start, bounds.headEnd, 0, body, 0, bounds.bodyStart, limits, strict, control);
};

/**
 * Parses one SIP message: a UDP datagram, or one message cut from a stream by the framer.
 * A string is read as the message's text, its body encoded as UTF-8.
 *
 * @example
 * pipe(parseMessage(bytes), E.map((m) => m.core.via[0]))
 */
export const parseMessage = (input: Uint8Array | string, options?: ParseOptions): E.Either<ParseError, SipMessage> => {
  const limits = resolveLimits(options);
  const strict = options?.strict === true;
  return typeof input === "string" ? parseText(input, limits, strict) : parseBytes(input, limits, strict);
};
