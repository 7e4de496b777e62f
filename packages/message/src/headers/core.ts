// parseCoreHeaders: the headers every layer needs, parsed once per message (DESIGN.md,
// "Parsing without losing speed"). One pass over the header lines; single-value headers take
// their first occurrence (validateMessage reports duplicates), Via, Contact, Route and
// Record-Route collect every value of every line in order (§7.3.1: several lines of a
// comma-list header equal one line with the values joined by commas).
import * as E from "fp-ts/lib/Either.js";
import type { CallId } from "../brand.js";
import type { ContactValue, CoreHeaders, CSeq, HeaderField, NameAddr, Via } from "../model.js";
import { NONE } from "../empty.js";
import { equalsIgnoreCase } from "../uri/chars.js";
import { fail, isFail, type Fail } from "../uri/error.js";
import { scanContact, scanNameAddrList } from "./contact.js";
import { scanCSeq } from "./cseq.js";
import { headerError, type HeaderError } from "./error.js";
import { skipLws, trimEnd } from "./lex.js";
import { scanNameAddr } from "./name-addr.js";
import { scanCallId, scanUint32 } from "./scalars.js";
import { scanViaList } from "./via.js";

// Which core header a name denotes, without allocating a lower-case copy of every name:
// dispatch on the length, then compare ignoring ASCII case (§7.3.1, compact forms §7.3.3).
const VIA = 1;
const FROM = 2;
const TO = 3;
const CALL_ID = 4;
const CSEQ = 5;
const MAX_FORWARDS = 6;
const CONTENT_LENGTH = 7;
const CONTACT = 8;
const ROUTE = 9;
const RECORD_ROUTE = 10;

/**
 * `name` is the header `canonical` in any case. A parsed name as RFC 3261 writes it is the very
 * string `canonical` (parse/header-lines.ts shares known names, headers/known.ts), so the
 * identity test answers at once; any other spelling is compared ignoring case.
 */
const is = (name: string, canonical: string, lower: string): boolean => name === canonical || equalsIgnoreCase(name, 0, name.length, lower);

const coreKind = (name: string): number => {
  // The first letter picks the one candidate of each length, so a name is compared at most once.
  const c = name.charCodeAt(0) | 0x20;
  switch (name.length) {
    case 1:
      switch (c) {
        case 0x76: return VIA; // v
        case 0x66: return FROM; // f
        case 0x74: return TO; // t
        case 0x69: return CALL_ID; // i
        case 0x6c: return CONTENT_LENGTH; // l
        case 0x6d: return CONTACT; // m
        default: return 0;
      }
    case 2: return c === 0x74 && is(name, "To", "to") ? TO : 0;
    case 3: return c === 0x76 && is(name, "Via", "via") ? VIA : 0;
    case 4: return c === 0x66 ? (is(name, "From", "from") ? FROM : 0) : c === 0x63 && is(name, "CSeq", "cseq") ? CSEQ : 0;
    case 5: return c === 0x72 && is(name, "Route", "route") ? ROUTE : 0;
    case 7: return c !== 0x63 ? 0 : is(name, "Call-ID", "call-id") ? CALL_ID : is(name, "Contact", "contact") ? CONTACT : 0;
    case 12: return c === 0x6d ? (is(name, "Max-Forwards", "max-forwards") ? MAX_FORWARDS : 0) : c === 0x72 && is(name, "Record-Route", "record-route") ? RECORD_ROUTE : 0;
    case 14: return c === 0x63 && is(name, "Content-Length", "content-length") ? CONTENT_LENGTH : 0;
    default: return 0;
  }
};

const scanTrimmedUint32 = (s: string, start: number, end: number): number | Fail => {
  const a = skipLws(s, start, end);
  return scanUint32(s, a, trimEnd(s, a, end));
};

const scanTrimmedCallId = (s: string, start: number, end: number): CallId | Fail => {
  const a = skipLws(s, start, end);
  return scanCallId(s, a, trimEnd(s, a, end));
};

/**
 * Parses Via, From, To, Call-ID, CSeq, Max-Forwards, Content-Length, Contact, Route and
 * Record-Route out of the header lines (long or compact names, any case). The first header
 * that does not match its grammar gives a Left naming it; every other header is ignored here.
 */
export const parseCoreHeaders = (headers: ReadonlyArray<HeaderField>): E.Either<HeaderError, CoreHeaders> => scanCoreHeaders(headers, "", NO_RANGES);

const NO_RANGES: ReadonlyArray<number> = [];

/**
 * parseCoreHeaders for the message parser: where `valueRanges` gives a range of `text` for a
 * field (header-lines.ts), its value is scanned there, on the one flat string the header
 * section came in, rather than on the field's own slice of it (V8 reads a sliced string
 * through an indirection on every character). The result is the same (test/fast-paths.prop.test.ts).
 */
export const scanCoreHeaders = (headers: ReadonlyArray<HeaderField>, text: string, valueRanges: ReadonlyArray<number>): E.Either<HeaderError, CoreHeaders> => {
  // The lists are made when a first field shows up: most messages have no Route or Record-Route.
  let vias: Array<Via> | undefined;
  let contacts: Array<ContactValue> | undefined;
  let routes: Array<NameAddr> | undefined;
  let recordRoutes: Array<NameAddr> | undefined;
  let from: NameAddr | undefined;
  let to: NameAddr | undefined;
  let callId: CallId | undefined;
  let cseq: CSeq | undefined;
  let maxForwards: number | undefined;
  let contentLength: number | undefined;
  for (let k = 0; k < headers.length; k++) {
    const h = headers[k] as HeaderField;
    const kind = coreKind(h.name);
    if (kind === 0) continue;
    const start = valueRanges[2 * k] ?? -1;
    // In place when the value is one range of `text`; a folded value (or no text) on its own.
    const inText = start >= 0;
    const s = inText ? text : h.value;
    const a = inText ? start : 0;
    const b = inText ? (valueRanges[2 * k + 1] ?? 0) : h.value.length;
    let f: Fail | undefined;
    let header: string;
    switch (kind) {
      case VIA:
        header = "Via";
        f = scanViaList(s, a, b, (vias ??= []));
        break;
      case FROM:
        header = "From";
        if (from === undefined) {
          const r = scanNameAddr(s, a, b, false);
          if (isFail(r)) f = r;
          else from = r;
        }
        break;
      case TO:
        header = "To";
        if (to === undefined) {
          const r = scanNameAddr(s, a, b, false);
          if (isFail(r)) f = r;
          else to = r;
        }
        break;
      case CALL_ID:
        header = "Call-ID";
        if (callId === undefined) {
          const r = scanTrimmedCallId(s, a, b);
          if (isFail(r)) f = r;
          else callId = r;
        }
        break;
      case CSEQ:
        header = "CSeq";
        if (cseq === undefined) {
          const r = scanCSeq(s, a, b);
          if (isFail(r)) f = r;
          else cseq = r;
        }
        break;
      case MAX_FORWARDS:
        header = "Max-Forwards";
        if (maxForwards === undefined) {
          const r = scanTrimmedUint32(s, a, b);
          if (isFail(r)) f = r;
          else maxForwards = r;
        }
        break;
      case CONTENT_LENGTH:
        header = "Content-Length";
        if (contentLength === undefined) {
          const r = scanTrimmedUint32(s, a, b);
          if (isFail(r)) f = r;
          else contentLength = r;
        }
        break;
      case CONTACT:
        header = "Contact";
        f = scanContact(s, a, b, (contacts ??= []));
        break;
      case ROUTE:
        header = "Route";
        f = scanNameAddrList(s, a, b, true, (routes ??= []));
        break;
      case RECORD_ROUTE:
        header = "Record-Route";
        f = scanNameAddrList(s, a, b, true, (recordRoutes ??= []));
        break;
      default:
        continue;
    }
    // Positions in errors count from the start of the value, wherever it was scanned.
    if (f !== undefined) return E.left(headerError(header, h.value, a === 0 ? f : fail(f.reason, f.at - a)));
  }
  const via: ReadonlyArray<Via> = vias ?? NONE;
  const contact: ReadonlyArray<ContactValue> = contacts ?? NONE;
  const route: ReadonlyArray<NameAddr> = routes ?? NONE;
  const recordRoute: ReadonlyArray<NameAddr> = recordRoutes ?? NONE;
  // The usual request and response shapes as one literal each (same property order as below):
  // adding six properties one by one would move them out of the object.
  if (from !== undefined && to !== undefined && callId !== undefined && cseq !== undefined && contentLength !== undefined) {
    return E.right(
      maxForwards === undefined
        ? { via, contact, route, recordRoute, from, to, callId, cseq, contentLength }
        : { via, contact, route, recordRoute, from, to, callId, cseq, maxForwards, contentLength },
    );
  }
  const core: { -readonly [K in keyof CoreHeaders]: CoreHeaders[K] } = { via, contact, route, recordRoute };
  if (from !== undefined) core.from = from;
  if (to !== undefined) core.to = to;
  if (callId !== undefined) core.callId = callId;
  if (cseq !== undefined) core.cseq = cseq;
  if (maxForwards !== undefined) core.maxForwards = maxForwards;
  if (contentLength !== undefined) core.contentLength = contentLength;
  return E.right(core);
};
