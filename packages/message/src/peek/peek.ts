// peekMessage: the transaction-matching view of one datagram or framed message, read straight
// from the received octets (§17.1.3, §17.2.3). A stack dispatches on it before (or instead of)
// a full parseMessage: to its transaction, to a worker shard by Call-ID, to absorb a
// retransmission, or to forward statelessly.
//   1. skip CRLFs before the start line (§7.5);
//   2. walk the header lines with native LF search, reading each name in place: a name is
//      recognised by its length and first letter (long and compact forms, any case, §7.3.3);
//      every other field costs one indexOf and a token scan, and the walk stops once the top
//      Via, From, To, Call-ID and CSeq are all seen (later ones are never matched, §20);
//   3. decode only those five values (folded lines joined by SP, §7.3.1) and the start line,
//      and scan them with the very scanners parseMessage uses, so both agree on every value
//      and on which ones are malformed (test/peek.prop.test.ts).
// What is left out on purpose: Content-Length and the body, every header but the five, any
// Via after the first field, and UTF-8 checks of the octets never decoded. A message that
// parseMessage refuses only for those may still be peeked; parse it before answering it.
import * as E from "fp-ts/lib/Either.js";
import type { CallId, Method } from "../brand.js";
import { MAGIC_COOKIE } from "../brand.js";
import { isTokenChar, isWsp } from "../charset.js";
import type { CSeq, NameAddr, Param, Via } from "../model.js";
import { scanCSeq } from "../headers/cseq.js";
import { skipLws, trimEnd } from "../headers/lex.js";
import { scanNameAddr } from "../headers/name-addr.js";
import { findParam } from "../headers/params.js";
import { scanCallId } from "../headers/scalars.js";
import { scanViaList } from "../headers/via.js";
import type { ParseError } from "../parse/errors.js";
import { parseError } from "../parse/errors.js";
import type { ParseOptions } from "../parse/options.js";
import { resolveLimits } from "../parse/options.js";
import { parseStartLine } from "../parse/start-line.js";
import { utf8Length } from "../parse/utf8.js";
import { fail, isFail, type Fail } from "../uri/error.js";
import type { MessagePeek } from "./model.js";
import type { Source } from "./source.js";
import { bytesSource, stringSource } from "./source.js";

const VIA = 0;
const FROM = 1;
const TO = 2;
const CALL_ID = 3;
const CSEQ = 4;
const HEADER_NAMES = ["Via", "From", "To", "Call-ID", "CSeq"] as const;
const ALL_SEEN = 0b11111;

/** `src[start, start + lower.length)` equals `lower` ignoring ASCII case. */
const nameIs = (src: Source, start: number, lower: string): boolean => {
  for (let k = 0; k < lower.length; k++) {
    const c = src.at(start + k);
    if ((c >= 0x41 && c <= 0x5a ? c + 0x20 : c) !== lower.charCodeAt(k)) return false;
  }
  return true;
};

/** Which matching header the name `src[start, end)` denotes, or -1 (same names as headers/core.ts). */
const matchingKind = (src: Source, start: number, end: number): number => {
  const c = src.at(start) | 0x20;
  switch (end - start) {
    case 1:
      return c === 0x76 ? VIA : c === 0x66 ? FROM : c === 0x74 ? TO : c === 0x69 ? CALL_ID : -1;
    case 2:
      return c === 0x74 && nameIs(src, start, "to") ? TO : -1;
    case 3:
      return c === 0x76 && nameIs(src, start, "via") ? VIA : -1;
    case 4:
      return c === 0x66 ? (nameIs(src, start, "from") ? FROM : -1) : c === 0x63 && nameIs(src, start, "cseq") ? CSEQ : -1;
    case 7:
      return c === 0x63 && nameIs(src, start, "call-id") ? CALL_ID : -1;
    default:
      return -1;
  }
};

/** One matching field as found: where its value lies, or its unfolded text when it was folded. */
interface Found {
  readonly kind: number;
  /** Offset of the field's line, for errors. */
  readonly line: number;
  start: number;
  end: number;
  folded: string | undefined;
}

const coreError = (kind: number, value: string, f: Fail, offset: number): ParseError =>
  parseError("CoreHeader", `${HEADER_NAMES[kind] ?? "?"}: ${f.reason} (at ${f.at} in ${JSON.stringify(value)})`, offset, 400);

/** A parameter's value, "" for a flag, undefined when absent (§7.3.1: names in any case). */
const paramOf = (params: ReadonlyArray<Param>, name: string): string | undefined => {
  const p = findParam(params, name);
  return p === undefined ? undefined : (p.value ?? "");
};

/** §7.5: "Implementations processing SIP messages ... MUST ignore any CRLF appearing before the start-line". */
const skipLineEnds = (src: Source): number => {
  let i = 0;
  while (i < src.length && (src.at(i) === 0x0d || src.at(i) === 0x0a)) i++;
  return i;
};

/** The first body unit after the empty line that ends the header section, searching from `from`. */
const bodyStartFrom = (src: Source, from: number): number => {
  for (let i = src.lf(from); i >= 0; i = src.lf(i + 1)) {
    const c1 = src.at(i + 1);
    if (c1 === 0x0a) return i + 2;
    if (c1 === 0x0d && src.at(i + 2) === 0x0a) return i + 3;
  }
  return src.length;
};

const peekSource = (src: Source, maxLine: number, maxHeaders: number): E.Either<ParseError, MessagePeek> => {
  const headerStart = skipLineEnds(src);
  const length = src.length;
  if (headerStart === length) return E.left(parseError("Empty", "no start line: the input is empty or only line ends", headerStart));

  // The header lines, as parse/header-lines.ts splits them (same limits, same errors).
  const found: Array<Found> = [];
  let seen = 0;
  let open: Found | undefined;
  let fields = 0;
  let lineEnd = length;
  let bodyStart = length;
  let pos = headerStart;
  let first = true;
  while (pos < length) {
    const lf = src.lf(pos);
    const next = lf < 0 ? length : lf + 1;
    let end = lf < 0 ? length : lf;
    if (end > pos && src.at(end - 1) === 0x0d) end--;
    if (!first && end === pos) {
      bodyStart = next;
      break;
    }
    // parseMessage counts a line in decoded characters: count them only past the octet limit.
    if (end - pos > maxLine && src.units(pos, end) > maxLine) {
      return E.left(parseError("Limit", `a line of ${src.units(pos, end)} characters exceeds maxLineBytes (${maxLine})`, pos, 513));
    }
    if (first) {
      lineEnd = end;
      first = false;
    } else if (isWsp(src.at(pos))) {
      // §7.3.1: "Header fields can be extended over multiple lines by preceding each extra line
      // with at least one SP or horizontal tab." The fold is equivalent to a single SP.
      if (fields === 0) return E.left(parseError("HeaderLine", "a continuation line comes before any header field", pos, 400));
      if (open !== undefined) {
        let a = pos;
        let b = end;
        while (a < b && isWsp(src.at(a))) a++;
        while (b > a && isWsp(src.at(b - 1))) b--;
        if (b > a) {
          const more = src.text(a, b);
          if (typeof more === "number") return E.left(parseError("Encoding", "the header section is not valid UTF-8 (§7.3.1)", more));
          if (open.folded === undefined && open.start === open.end) {
            open.start = a;
            open.end = b;
          } else {
            const before = open.folded ?? src.text(open.start, open.end);
            if (typeof before === "number") return E.left(parseError("Encoding", "the header section is not valid UTF-8 (§7.3.1)", before));
            open.folded = `${before} ${more}`;
          }
        }
      }
    } else {
      open = undefined;
      // The five are all in hand and the field before this line is complete: stop here.
      if (seen === ALL_SEEN) {
        bodyStart = bodyStartFrom(src, pos);
        break;
      }
      let i = pos;
      while (i < end && isTokenChar(src.at(i))) i++;
      const nameEnd = i;
      while (i < end && isWsp(src.at(i))) i++;
      if (nameEnd === pos || i === end || src.at(i) !== 0x3a) {
        const shown = src.text(pos, Math.min(end, pos + 40));
        return E.left(parseError("HeaderLine", `header line ${typeof shown === "string" ? JSON.stringify(shown) : "(not UTF-8)"} is not "name: value" (§7.3.1)`, pos, 400));
      }
      if (fields >= maxHeaders) return E.left(parseError("Limit", `more than maxHeaderCount (${maxHeaders}) header fields`, pos, 513));
      fields++;
      const kind = matchingKind(src, pos, nameEnd);
      // Single-value headers count by their first field, Via by its first field (the top value).
      if (kind >= 0 && (seen & (1 << kind)) === 0) {
        seen |= 1 << kind;
        let a = i + 1;
        let b = end;
        while (a < b && isWsp(src.at(a))) a++;
        while (b > a && isWsp(src.at(b - 1))) b--;
        open = { kind, line: pos, start: a, end: b, folded: undefined };
        found.push(open);
      }
    }
    pos = next;
  }

  // One flat string holding the start line and the five values, scanned in place (a slice
  // would be read through an indirection on every character). A string input is that string;
  // octets are decoded once from the start line to the last field read, which is ASCII almost
  // always so offsets carry over; otherwise each value is decoded on its own (exact fallback).
  let text: string;
  let shift = 0;
  let exact = true;
  if (src.input === undefined) {
    const last = found[found.length - 1];
    const regionEnd = Math.max(lineEnd, last === undefined ? 0 : last.end);
    const head = src.text(headerStart, regionEnd);
    if (typeof head === "number") return E.left(parseError("Encoding", "the header section is not valid UTF-8 (§7.3.1)", head));
    text = head;
    shift = headerStart;
    exact = head.length === regionEnd - headerStart;
  } else text = src.input;

  // The start line, then the values in wire order: the order parseMessage reports errors in.
  let line = text;
  let lineStart = headerStart - shift;
  let lineStop = lineEnd - shift;
  if (!exact) {
    const decoded = src.text(headerStart, lineEnd);
    if (typeof decoded === "number") return E.left(parseError("Encoding", "the start line is not valid UTF-8 (§7.3.1)", decoded));
    line = decoded;
    lineStart = 0;
    lineStop = decoded.length;
  }
  const start = parseStartLine(line, lineStart, lineStop);
  if (start._tag === "StartLineFailure") return E.left(parseError(start.kind, start.detail, headerStart + start.at, 400));

  let topVia: Via | undefined;
  let from: NameAddr | undefined;
  let to: NameAddr | undefined;
  let callId: CallId | undefined;
  let cseq: CSeq | undefined;
  for (const field of found) {
    let s = text;
    let a = field.start - shift;
    let b = field.end - shift;
    if (field.folded !== undefined || !exact) {
      const own = field.folded ?? src.text(field.start, field.end);
      if (typeof own === "number") return E.left(parseError("Encoding", "the header section is not valid UTF-8 (§7.3.1)", own));
      s = own;
      a = 0;
      b = own.length;
    }
    // Positions in errors count from the start of the value, as parseMessage reports them.
    const failed = (f: Fail): E.Either<ParseError, never> => E.left(coreError(field.kind, s.slice(a, b), fail(f.reason, f.at - a), field.line));
    switch (field.kind) {
      case VIA: {
        const vias: Array<Via> = [];
        const f = scanViaList(s, a, b, vias);
        if (f !== undefined) return failed(f);
        topVia = vias[0];
        break;
      }
      case FROM: {
        const r = scanNameAddr(s, a, b, false);
        if (isFail(r)) return failed(r);
        from = r;
        break;
      }
      case TO: {
        const r = scanNameAddr(s, a, b, false);
        if (isFail(r)) return failed(r);
        to = r;
        break;
      }
      case CALL_ID: {
        const i = skipLws(s, a, b);
        const r = scanCallId(s, i, trimEnd(s, i, b));
        if (isFail(r)) return failed(r);
        callId = r;
        break;
      }
      default: {
        const r = scanCSeq(s, a, b);
        if (isFail(r)) return failed(r);
        cseq = r;
      }
    }
  }

  // §8.1.1: a request carries all five; §8.2.6.2 a response copies them. Without one there is
  // nothing to match on (parseMessage accepts such a message; validateMessage refuses it).
  if (topVia === undefined || from === undefined || to === undefined || callId === undefined || cseq === undefined) {
    const name = HEADER_NAMES[[topVia, from, to, callId, cseq].findIndex((x) => x === undefined)] ?? "?";
    return E.left(parseError("CoreHeader", `${name}: the message has no ${name} header field (§8.1.1)`, headerStart, 400));
  }

  const branch = paramOf(topVia.params, "branch");
  const rfc3261Branch = branch !== undefined && branch.startsWith(MAGIC_COOKIE);
  const fromTag = paramOf(from.params, "tag");
  const toTag = paramOf(to.params, "tag");
  // One literal per shape, every property always present: one hidden class for each tag.
  if (start._tag === "Response") {
    return E.right({ _tag: "ResponsePeek", status: start.status, topVia, branch, rfc3261Branch, callId, cseq, fromTag, toTag, headerStart, bodyStart });
  }
  // The Request-URI as written: the line is valid, so it runs from after the method's SPs to the next SP.
  let u = lineStart + start.method.length;
  while (line.charCodeAt(u) === 0x20) u++;
  let v = u;
  while (v < lineStop && line.charCodeAt(v) !== 0x20) v++;
  const method: Method = start.method;
  return E.right({ _tag: "RequestPeek", method, requestUri: line.slice(u, v), topVia, branch, rfc3261Branch, callId, cseq, fromTag, toTag, headerStart, bodyStart });
};

/**
 * The transaction-matching view of one SIP message (a UDP datagram, or one message cut from a
 * stream by the framer): start line, top Via, Call-ID, CSeq, From and To tags, and where the
 * header section and body start. It reads only those fields, so it costs a fraction of
 * `parseMessage`; each value it returns is what `parseMessage` would give, and a malformed one
 * (or a missing one) gives the same kind of `ParseError`. The limits are parseMessage's.
 *
 * @example
 * pipe(peekMessage(datagram), E.map((p) => (p._tag === "RequestPeek" ? p.method : p.status)))
 */
export const peekMessage = (input: Uint8Array | string, options?: ParseOptions): E.Either<ParseError, MessagePeek> => {
  const limits = resolveLimits(options);
  let size = input.length;
  if (typeof input === "string" && (size > limits.maxMessageBytes || size * 3 > limits.maxMessageBytes)) size = utf8Length(input);
  if (size > limits.maxMessageBytes) return E.left(parseError("Limit", `a message of ${size} octets exceeds maxMessageBytes (${limits.maxMessageBytes})`, 0, 513));
  return peekSource(typeof input === "string" ? stringSource(input) : bytesSource(input), limits.maxLineBytes, limits.maxHeaderCount);
};
