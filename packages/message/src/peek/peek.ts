// peekMessage: the transaction-matching view of one datagram or framed message, read straight
// from the received octets (§17.1.3, §17.2.3). A stack dispatches on it before (or instead of)
// a full parseMessage: to its transaction, to a worker shard by Call-ID, to absorb a
// retransmission, or to forward statelessly.
//   1. skip CRLFs before the start line (§7.5). Each input is then held two ways at the same
//      indices: as text, for native search and for slicing the values out, and as octets, for
//      the loops that read a value unit by unit. A small all-ASCII datagram is decoded whole
//      (the runtime's UTF-8 decoder, parse/utf8.ts) beside its own octets; text, and any other
//      datagram's decoded header section, is encoded into octets (./octets.ts) as far as it is
//      ASCII;
//   2. walk the header lines with native LF search. A field's name is compared with the five
//      (long and compact forms, any case, §7.3.3) from its first letter on, so any other field
//      costs that search and a read or two. The walk stops once the top Via, From, To, Call-ID
//      and CSeq are all seen (later ones are never matched, §20);
//   3. parse what matching compares: the start line, the first via-parm, Call-ID, CSeq and the
//      From and To tags. A value on one line, in ASCII, in its usual spelling is read from the
//      octets during the walk by canonical.ts; a folded one (joined by SP, §7.3.1) or any other
//      afterwards, from the text by the scanners parseMessage uses. The URIs in From and To are
//      skipped by their delimiters, not parsed: matching reads only the tags (§12.1.1,
//      §17.1.3, §17.2.3, §19.3), and parsing URIs only to throw them away made the first design
//      no faster than the peers.
// What is left out on purpose: Content-Length and the body, the From/To URIs, header lines
// that cannot be one of the five, and via-parms after the first. A message that parseMessage
// refuses only for those may still be peeked; parse it before answering it.
// test/peek-agreement.ts states the contract and checks it.
import * as E from "fp-ts/lib/Either.js";
import type { CallId, Method } from "../brand.js";
import { hasMagicCookie } from "../brand.js";
import { isWsp } from "../charset.js";
import { scanCSeq } from "../headers/cseq.js";
import { skipLws, trimEnd } from "../headers/lex.js";
import { locateNameAddr } from "../headers/name-addr.js";
import { findParam, scanParams } from "../headers/params.js";
import { scanCallId } from "../headers/scalars.js";
import { sliceKnownOctets } from "../headers/known.js";
import { scanFirstVia } from "../headers/via.js";
import type { CSeq, Param, Via } from "../model.js";
import type { ParseError } from "../parse/errors.js";
import { parseError } from "../parse/errors.js";
import { findHeadEnd } from "../parse/message.js";
import type { ParseLimits, ParseOptions } from "../parse/limits.js";
import { resolveLimits } from "../parse/limits.js";
import { parseStartLine } from "../parse/start-line.js";
import { decodeUtf8Range, utf8Length } from "../parse/utf8.js";
import { isFail, type Fail } from "../uri/error.js";
import { scanUri, strictUserDetail } from "../uri/parse.js";
import { DEFER, canonicalCSeq, canonicalCallId, canonicalRequestLine, canonicalStatus, canonicalTag, canonicalVia } from "./canonical.js";
import type { MessagePeek } from "./model.js";
import { SCRATCH, encodeAscii } from "./octets.js";

const VIA = 0;
const FROM = 1;
const TO = 2;
const CALL_ID = 3;
const CSEQ = 4;
const HEADER_NAMES = ["Via", "From", "To", "Call-ID", "CSeq"] as const;
const ALL_SEEN = 0b11111;

/** What may follow a field name: HCOLON = *( SP / HTAB ) ":" (§7.3.1). */
const isNameEnd = (c: number): boolean => c === 0x3a || c === 0x20 || c === 0x09;

/**
 * The end of the field name at `pos` when it is one of the five (Via/v, From/f, To/t,
 * Call-ID/i, CSeq, in any case, §7.3.3), read from its spelling alone; -1 for any other name,
 * which is passed over unread (Contact and Content-* fail at the second unit). Nothing at or
 * past `end` is read.
 */
const matchingNameEnd = (s: string, pos: number, end: number): number => {
  const c = s.charCodeAt(pos) | 0x20;
  let lower: string;
  switch (c) {
    case 0x76:
      lower = "via";
      break;
    case 0x66:
      lower = "from";
      break;
    case 0x74:
      lower = "to";
      break;
    case 0x69:
      lower = "i";
      break;
    case 0x63:
      // The compact c is Content-Type: only the long forms count here.
      lower = (s.charCodeAt(pos + 1) | 0x20) === 0x61 ? "call-id" : "cseq";
      break;
    default:
      return -1;
  }
  if (c !== 0x63 && pos + 1 < end && isNameEnd(s.charCodeAt(pos + 1))) return pos + 1;
  const nameEnd = pos + lower.length;
  if (nameEnd >= end || !isNameEnd(s.charCodeAt(nameEnd))) return -1;
  for (let k = 1; k < lower.length; k++) {
    const x = s.charCodeAt(pos + k);
    const y = lower.charCodeAt(k);
    // Bit 5 set maps only "A" to "a" (and so on); "-" must match itself (CR | 0x20 is "-" too).
    if (x !== y && (y === 0x2d || (x | 0x20) !== y)) return -1;
  }
  return nameEnd;
};

/** Which of the five a name found by matchingNameEnd is, from its first letter and length. */
const kindOf = (first: number, length: number): number =>
  first === 0x76 ? VIA : first === 0x66 ? FROM : first === 0x74 ? TO : first === 0x69 || length === 7 ? CALL_ID : CSEQ;

/** One matching field as found: where its value lies, or its unfolded text when it was folded. */
interface Found {
  readonly kind: number;
  /** Index of the field's line, for errors. */
  readonly line: number;
  start: number;
  end: number;
  folded: string | undefined;
}

/** A matching field's value `v[a, b)` failed at `f`: positions count from the value's start, as parseMessage reports them. */
const failed = (field: Found, v: string, a: number, b: number, f: Fail, delta: number): E.Either<ParseError, never> =>
  E.left(parseError("CoreHeader", `${HEADER_NAMES[field.kind] ?? "?"}: ${f.reason} (at ${f.at - a} in ${JSON.stringify(v.slice(a, b))})`, delta + field.line, 400));

/** A parameter's value, "" for a flag, undefined when absent (§7.3.1: names in any case). */
const paramOf = (params: ReadonlyArray<Param>, name: string): string | undefined => {
  const p = findParam(params, name);
  return p === undefined ? undefined : (p.value ?? "");
};

/**
 * The first body unit after the empty line that ends the header section, the line at `from`
 * (just after an LF) being a field: native searches rather than one per remaining line. The
 * empty line is CRLF; a bare LF one counts only before the first CRLF one, so the second search
 * runs on that stretch alone (a slice is a view in V8), never through the body.
 */
const bodyStartAfter = (s: string, from: number): number => {
  const crlf = s.indexOf("\n\r\n", from);
  const lf = (crlf < 0 ? s.slice(from) : s.slice(from, crlf + 1)).indexOf("\n\n");
  if (lf >= 0) return from + lf + 2;
  return crlf >= 0 ? crlf + 3 : s.length;
};

/**
 * Peeks the message whose start line begins at `s[from]` and whose header section ends at
 * `to`. `o[i]` is `s.charCodeAt(i)` for every `i` below `asciiEnd`: the canonical recognizers
 * read a value from there when it lies below it. `delta` turns an index into `s` into an input
 * offset (octets decoded before `s`); `bodyStart` is given when it is already known (octets
 * framed before decoding), else found here.
 */
const peekText = (
  s: string,
  o: Uint8Array,
  asciiEnd: number,
  from: number,
  to: number,
  delta: number,
  bodyStartKnown: number | undefined,
  limits: ParseLimits,
): E.Either<ParseError, MessagePeek> => {
  const maxLine = limits.maxLineBytes;
  const maxHeaders = limits.maxHeaderCount;
  let topVia: Via | undefined;
  let fromTag: string | undefined;
  let toTag: string | undefined;
  let callId: CallId | undefined;
  let cseq: CSeq | undefined;
  // The header lines, as parse/header-lines.ts splits them (same limits, same errors). The
  // matching fields left for the general scanners (folded or not in canonical form) gather here.
  const found: Array<Found> = [];
  let seen = 0;
  let open: Found | undefined;
  let fields = 0;
  let lineEnd = to;
  let bodyStart = bodyStartKnown ?? delta + to;
  let pos = from;
  let first = true;
  while (pos < to) {
    const lf = s.indexOf("\n", pos);
    const next = lf < 0 || lf >= to ? to : lf + 1;
    let end = lf < 0 || lf >= to ? to : lf;
    if (end > pos && s.charCodeAt(end - 1) === 0x0d) end--;
    if (!first && end === pos) {
      bodyStart = bodyStartKnown ?? delta + next;
      break;
    }
    if (end - pos > maxLine) return E.left(parseError("Limit", `a line of ${end - pos} characters exceeds maxLineBytes (${maxLine})`, delta + pos, 513));
    if (first) {
      lineEnd = end;
      first = false;
    } else if (isWsp(s.charCodeAt(pos))) {
      // §7.3.1: "Header fields can be extended over multiple lines by preceding each extra line
      // with at least one SP or horizontal tab." The fold is equivalent to a single SP.
      if (fields === 0) return E.left(parseError("HeaderLine", "a continuation line comes before any header field", delta + pos, 400));
      if (open !== undefined) {
        let a = pos;
        let b = end;
        while (a < b && isWsp(s.charCodeAt(a))) a++;
        while (b > a && isWsp(s.charCodeAt(b - 1))) b--;
        if (b > a) {
          if (open.folded === undefined && open.start === open.end) {
            open.start = a;
            open.end = b;
          } else open.folded = `${open.folded ?? s.slice(open.start, open.end)} ${s.slice(a, b)}`;
        }
      }
    } else {
      open = undefined;
      // The five are all in hand and the field before this line is complete: stop here.
      if (seen === ALL_SEEN) {
        bodyStart = bodyStartKnown ?? delta + bodyStartAfter(s, pos);
        break;
      }
      if (fields >= maxHeaders) return E.left(parseError("Limit", `more than maxHeaderCount (${maxHeaders}) header fields`, delta + pos, 513));
      fields++;
      const nameEnd = matchingNameEnd(s, pos, end);
      if (nameEnd >= 0) {
        let i = nameEnd;
        while (i < end && isWsp(s.charCodeAt(i))) i++;
        if (i === end || s.charCodeAt(i) !== 0x3a) {
          return E.left(parseError("HeaderLine", `header line ${JSON.stringify(s.slice(pos, Math.min(end, pos + 40)))} is not "name: value" (§7.3.1)`, delta + pos, 400));
        }
        const kind = kindOf(s.charCodeAt(pos) | 0x20, nameEnd - pos);
        // Single-value headers count by their first field, Via by its first field (the top value).
        if ((seen & (1 << kind)) === 0) {
          seen |= 1 << kind;
          let a = i + 1;
          let b = end;
          while (a < b && isWsp(s.charCodeAt(a))) a++;
          while (b > a && isWsp(s.charCodeAt(b - 1))) b--;
          // A value on one line in its canonical form is read here, while it is in cache; the
          // others wait for the general scanners below, after the start line, so that errors
          // come in parseMessage's order. Only the general scanners ever report one.
          let read = false;
          if (b <= asciiEnd && (next >= to || !isWsp(s.charCodeAt(next)))) {
            switch (kind) {
              case VIA:
                topVia = canonicalVia(o, s, a, b);
                read = topVia !== undefined;
                break;
              case FROM:
              case TO: {
                const tag = canonicalTag(o, s, a, b);
                read = tag !== DEFER;
                if (tag === DEFER) break;
                if (kind === FROM) fromTag = tag;
                else toTag = tag;
                break;
              }
              case CSEQ:
                cseq = canonicalCSeq(o, s, a, b);
                read = cseq !== undefined;
                break;
              default:
                callId = canonicalCallId(o, s, a, b);
                read = callId !== undefined;
            }
          }
          if (!read) {
            open = { kind, line: pos, start: a, end: b, folded: undefined };
            found.push(open);
          }
        }
      }
    }
    pos = next;
  }

  // The start line: a canonical Status-Line or Request-Line is read in place; any other line
  // goes through the general parser.
  const inOctets = lineEnd <= asciiEnd;
  const canonicalCode = inOctets ? canonicalStatus(o, from, lineEnd) : -1;
  const methodEnd = inOctets && canonicalCode < 0 ? canonicalRequestLine(o, from, lineEnd) : -1;
  const start = canonicalCode < 0 && methodEnd < 0 ? parseStartLine(s, from, lineEnd) : undefined;
  if (start?._tag === "StartLineFailure") return E.left(parseError(start.kind, start.detail, delta + from + start.at, 400));

  // The deferred values in wire order: the order parseMessage reports errors in.
  for (const field of found) {
    const v = field.folded ?? s;
    const a = field.folded === undefined ? field.start : 0;
    const b = field.folded === undefined ? field.end : field.folded.length;
    switch (field.kind) {
      case VIA: {
        const r = scanFirstVia(v, a, b);
        if (isFail(r)) return failed(field, v, a, b, r, delta);
        topVia = r;
        break;
      }
      case FROM:
      case TO: {
        const parts = locateNameAddr(v, a, b, false);
        if (isFail(parts)) return failed(field, v, a, b, parts, delta);
        const params = scanParams(v, parts.paramsStart, parts.end);
        if (isFail(params)) return failed(field, v, a, b, params, delta);
        const tag = paramOf(params, "tag");
        if (field.kind === FROM) fromTag = tag;
        else toTag = tag;
        break;
      }
      case CALL_ID: {
        const i = skipLws(v, a, b);
        const r = scanCallId(v, i, trimEnd(v, i, b));
        if (isFail(r)) return failed(field, v, a, b, r, delta);
        callId = r;
        break;
      }
      default: {
        const r = scanCSeq(v, a, b);
        if (isFail(r)) return failed(field, v, a, b, r, delta);
        cseq = r;
      }
    }
  }

  // §8.1.1: a request carries all five; §8.2.6.2 a response copies them. Without one there is
  // nothing to match on (parseMessage accepts such a message; validateMessage refuses it).
  // Every field seen has its value by now (or gave its error): a missing bit is a missing header.
  if (seen !== ALL_SEEN || topVia === undefined || callId === undefined || cseq === undefined) {
    let kind = 0;
    while (kind < 5 && (seen & (1 << kind)) !== 0) kind++;
    const name = HEADER_NAMES[kind] ?? "?";
    return E.left(parseError("CoreHeader", `${name}: the message has no ${name} header field (§8.1.1)`, delta + from, 400));
  }

  const branch = paramOf(topVia.params, "branch");
  const rfc3261Branch = branch !== undefined && hasMagicCookie(branch);
  const headerStart = delta + from;
  // One literal per shape, every property always present: one hidden class for each tag.
  if (canonicalCode >= 0 || start?._tag === "Response") {
    const status = start?._tag === "Response" ? start.status : canonicalCode;
    return E.right({ _tag: "ResponsePeek", status, topVia, branch, rfc3261Branch, callId, cseq, fromTag, toTag, headerStart, bodyStart });
  }
  if (start === undefined) {
    // Canonical: one SP on each side of the Request-URI, " SIP/2.0" closing the line.
    const method = sliceKnownOctets(o, s, from, methodEnd) as Method;
    return E.right({ _tag: "RequestPeek", method, requestUri: s.slice(methodEnd + 1, lineEnd - 8), topVia, branch, rfc3261Branch, callId, cseq, fromTag, toTag, headerStart, bodyStart });
  }
  // The Request-URI as written: the line is valid, so it runs from after the method's SPs to the next SP.
  const method = start.method;
  let u = from + method.length;
  while (s.charCodeAt(u) === 0x20) u++;
  let w = u;
  while (w < lineEnd && s.charCodeAt(w) !== 0x20) w++;
  return E.right({ _tag: "RequestPeek", method, requestUri: s.slice(u, w), topVia, branch, rfc3261Branch, callId, cseq, fromTag, toTag, headerStart, bodyStart });
};

/** Below this many octets after the start line, decoding the whole datagram beats looking for its empty line first. */
const DECODE_WHOLE = 2048;

// §7.5: "Implementations processing SIP messages ... MUST ignore any CRLF appearing before the
// start-line": both entry points below skip them first.
const peekBytes = (bytes: Uint8Array, limits: ParseLimits): E.Either<ParseError, MessagePeek> => {
  let start = 0;
  while (start < bytes.length && (bytes[start] === 0x0d || bytes[start] === 0x0a)) start++;
  if (start === bytes.length) return E.left(parseError("Empty", "no start line: the input is empty or only line ends", start));
  // A small datagram that is all ASCII (nearly all of them) is decoded whole in one native call:
  // one index is then one octet, so the text and the octets given are read at the same indices.
  if (bytes.length - start <= DECODE_WHOLE) {
    const whole = decodeUtf8Range(bytes, 0, bytes.length);
    if (typeof whole === "string" && whole.length === bytes.length) return peekText(whole, bytes, whole.length, start, whole.length, 0, undefined, limits);
  }
  // Otherwise as parseMessage decodes it: the header section, up to its empty line (or the end).
  const bounds = findHeadEnd(bytes, start, bytes.length) ?? { headEnd: bytes.length, bodyStart: bytes.length };
  const head = decodeUtf8Range(bytes, start, bounds.headEnd);
  if (typeof head === "number") return E.left(parseError("Encoding", "the header section is not valid UTF-8 (§7.3.1)", head));
  return peekText(head, SCRATCH, encodeAscii(head), 0, head.length, start, bounds.bodyStart, limits);
};

const peekString = (text: string, limits: ParseLimits): E.Either<ParseError, MessagePeek> => {
  let start = 0;
  while (start < text.length && (text.charCodeAt(start) === 0x0d || text.charCodeAt(start) === 0x0a)) start++;
  if (start === text.length) return E.left(parseError("Empty", "no start line: the input is empty or only line ends", start));
  return peekText(text, SCRATCH, encodeAscii(text), start, text.length, 0, undefined, limits);
};

/**
 * The transaction-matching view of one SIP message (a UDP datagram, or one message cut from a
 * stream by the framer): start line, top Via, Call-ID, CSeq, From and To tags, and where the
 * header section and body start. It reads only those fields, so it costs a fraction of
 * `parseMessage`; each value it returns is what `parseMessage` would give, and a malformed one
 * (or a missing one) gives the same kind of `ParseError`. The URIs inside From and To are not
 * parsed (matching compares only the tags); parse the message before answering it. The
 * limits are parseMessage's.
 *
 * @example
 * pipe(peekMessage(datagram), E.map((p) => (p._tag === "RequestPeek" ? p.method : p.status)))
 */
export const peekMessage = (input: Uint8Array | string, options?: ParseOptions): E.Either<ParseError, MessagePeek> => {
  const limits = resolveLimits(options);
  let size = input.length;
  if (typeof input === "string" && (size > limits.maxMessageBytes || size * 3 > limits.maxMessageBytes)) size = utf8Length(input);
  if (size > limits.maxMessageBytes) return E.left(parseError("Limit", `a message of ${size} octets exceeds maxMessageBytes (${limits.maxMessageBytes})`, 0, 513));
  const peeked = typeof input === "string" ? peekString(input, limits) : peekBytes(input, limits);
  return options?.strict === true ? strictRequestUri(peeked) : peeked;
};

/** ParseOptions.strict on the one URI a peek reads: the Request-URI (parseMessage's RequestUri error). */
const strictRequestUri = (peeked: E.Either<ParseError, MessagePeek>): E.Either<ParseError, MessagePeek> => {
  if (E.isLeft(peeked) || peeked.right._tag !== "RequestPeek") return peeked;
  const uri = scanUri(peeked.right.requestUri, 0, peeked.right.requestUri.length);
  const d = isFail(uri) ? undefined : strictUserDetail(uri);
  return d === undefined ? peeked : E.left(parseError("RequestUri", d, peeked.right.headerStart, 400));
};
