// ( name-addr / addr-spec ) *( SEMI param ) as in From, To, Contact, Route, Record-Route,
// Reply-To, Refer-To, Referred-By, P-Asserted-Identity (§20.10, §25.1):
//   name-addr    = [ display-name ] LAQUOT addr-spec RAQUOT
//   display-name = *(token LWS) / quoted-string
// §20.10: "if the URI contains a comma, question mark or semicolon, the URI MUST be enclosed
// in angle brackets", so an addr-spec without brackets ends at the first ";".
import * as E from "fp-ts/lib/Either.js";
import type { NameAddr } from "../model.js";
import { isTokenChar } from "../charset.js";
import { fail, isFail, type Fail } from "../uri/error.js";
import { scanUri } from "../uri/parse.js";
import { printUri } from "../uri/print.js";
import { headerError, type HeaderError } from "./error.js";
import { isLws, scanQuoted, skipLws, trimEnd } from "./lex.js";
import { printParams, scanParams } from "./params.js";

/**
 * Where the parts of one `(name-addr / addr-spec) *(SEMI param)` element lie, found from their
 * delimiters alone (quotes, LAQUOT, RAQUOT, the first ";" of an addr-spec): neither the URI nor
 * the parameters are parsed yet. Dialog and transaction matching read only the parameters
 * (the tags, §12.1.1, §17.2.3), so they can skip the URI.
 */
export interface NameAddrParts {
  /** The display name as written (quotes kept), or undefined when there is none. */
  readonly displayName: string | undefined;
  readonly uriStart: number;
  readonly uriEnd: number;
  readonly angle: boolean;
  /** Where `*(SEMI param)` starts; the element ends at `end`. */
  readonly paramsStart: number;
  readonly end: number;
}

const angleParts = (s: string, displayName: string | undefined, lt: number, end: number): NameAddrParts | Fail => {
  // Native search: it may run past `end` inside a whole message, yet it beats a JS loop over the URI.
  const gt = s.indexOf(">", lt + 1);
  if (gt < 0 || gt >= end) return fail("'<' without closing '>'", lt);
  return { displayName, uriStart: lt + 1, uriEnd: gt, angle: true, paramsStart: gt + 1, end };
};

/**
 * Finds the parts of one `(name-addr / addr-spec) *(SEMI param)` element filling `s[start, end)`.
 * With `requireAngle` (Route, Record-Route: route-param = name-addr ...) an addr-spec is an error.
 */
export const locateNameAddr = (s: string, start: number, end: number, requireAngle: boolean): NameAddrParts | Fail => {
  const i = skipLws(s, start, end);
  end = trimEnd(s, i, end);
  if (i >= end) return fail("empty value: expected name-addr or addr-spec", i);
  const c = s.charCodeAt(i);
  if (c === 0x22) {
    const close = scanQuoted(s, i, end);
    if (close < 0) return fail("unterminated quoted display name", i);
    const lt = skipLws(s, close, end);
    if (lt >= end || s.charCodeAt(lt) !== 0x3c) return fail("expected '<' after the display name", lt);
    return angleParts(s, s.slice(i, close), lt, end);
  }
  if (c === 0x3c) return angleParts(s, undefined, i, end);
  // Either *(token LWS) "<" ... or an addr-spec: a display name is only token chars and LWS.
  let j = i;
  while (j < end) {
    const d = s.charCodeAt(j);
    if (!isTokenChar(d) && !isLws(d)) break;
    j++;
  }
  if (j < end && s.charCodeAt(j) === 0x3c) return angleParts(s, s.slice(i, trimEnd(s, i, j)), j, end);
  if (requireAngle) return fail("expected name-addr (URI in '<' '>')", i);
  let uriEnd = i;
  while (uriEnd < end && s.charCodeAt(uriEnd) !== 0x3b && !isLws(s.charCodeAt(uriEnd))) {
    if (s.charCodeAt(uriEnd) === 0x3f) return fail("a URI with '?' must be enclosed in '<' '>' (§20.10)", uriEnd);
    uriEnd++;
  }
  return { displayName: undefined, uriStart: i, uriEnd, angle: false, paramsStart: uriEnd, end };
};

/**
 * Scans one `(name-addr / addr-spec) *(SEMI param)` element filling `s[start, end)`.
 * With `requireAngle` (Route, Record-Route: route-param = name-addr ...) an addr-spec is an error.
 */
export const scanNameAddr = (s: string, start: number, end: number, requireAngle: boolean): NameAddr | Fail => {
  const parts = locateNameAddr(s, start, end, requireAngle);
  if (isFail(parts)) return parts;
  const uri = scanUri(s, parts.uriStart, parts.uriEnd);
  if (isFail(uri)) return uri;
  const params = scanParams(s, parts.paramsStart, parts.end);
  if (isFail(params)) return params;
  return parts.displayName === undefined
    ? { _tag: "NameAddr", uri, angle: parts.angle, params }
    : { _tag: "NameAddr", displayName: parts.displayName, uri, angle: parts.angle, params };
};

/** Parses one name-addr or addr-spec with its parameters (From, To, Reply-To, ...). */
export const parseNameAddr = (value: string, header = "From"): E.Either<HeaderError, NameAddr> => {
  const r = scanNameAddr(value, 0, value.length, false);
  return isFail(r) ? E.left(headerError(header, value, r)) : E.right(r);
};

/** A URI printed bare would leak these into the header's own syntax (§20.10). */
const needsAngle = (uriText: string): boolean => {
  for (let i = 0; i < uriText.length; i++) {
    const c = uriText.charCodeAt(i);
    if (c === 0x3b || c === 0x2c || c === 0x3f) return true;
  }
  return false;
};

/**
 * Prints a name-addr, keeping the form it was parsed in. Brackets are added whenever a
 * display name is present or the URI contains ";", "," or "?" (§20.10), whatever `angle` says.
 */
export const printNameAddr = (na: NameAddr): string => {
  const uri = printUri(na.uri);
  const params = printParams(na.params);
  if (na.displayName !== undefined && na.displayName.length > 0) return `${na.displayName} <${uri}>${params}`;
  return na.angle || needsAngle(uri) ? `<${uri}>${params}` : `${uri}${params}`;
};
