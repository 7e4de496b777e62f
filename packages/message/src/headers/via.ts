// Via (§20.42, §25.1):
//   via-parm      = sent-protocol LWS sent-by *( SEMI via-params )
//   sent-protocol = protocol-name SLASH protocol-version SLASH transport
//   sent-by       = host [ COLON port ]
// Parameters (branch, received, rport of RFC 3581, maddr, ttl, extensions) are kept in order as
// generic params; host may be an IPv6 reference (RFC 5118 §4.5).
import * as E from "fp-ts/lib/Either.js";
import type { Via } from "../model.js";
import { indexOfIn } from "../uri/chars.js";
import { fail, isFail, type Fail } from "../uri/error.js";
import { printHost, scanHostPort } from "../uri/host.js";
import { headerError, type HeaderError } from "./error.js";
import { sliceKnown } from "./known.js";
import { isLws, scanToken, skipLws, startsAt, trimEnd } from "./lex.js";
import { printParams, scanParams } from "./params.js";
import { splitRanges } from "./split.js";

/** SLASH = SWS "/" SWS */
const scanSlash = (s: string, i: number, end: number): number => {
  const k = skipLws(s, i, end);
  return k < end && s.charCodeAt(k) === 0x2f ? skipLws(s, k + 1, end) : -1;
};

/** The rest of a via-parm from the transport at `from`, after `protocol-name SLASH protocol-version SLASH`. */
const scanViaFrom = (s: string, protocolName: string, protocolVersion: string, from: number, end: number): Via | Fail => {
  let i = skipLws(s, from, end);
  const transportEnd = scanToken(s, i, end);
  if (transportEnd === i) return fail("expected the transport", i);
  const transport = sliceKnown(s, i, transportEnd);
  if (transportEnd >= end || !isLws(s.charCodeAt(transportEnd))) return fail("expected LWS before sent-by", transportEnd);
  i = skipLws(s, transportEnd, end);
  const hp = scanHostPort(s, i, end);
  if (isFail(hp)) return hp;
  // COLON = SWS ":" SWS: tolerate LWS around the port colon as the grammar allows.
  let next = hp.next;
  let port = hp.port;
  if (port === undefined) {
    const k = skipLws(s, next, end);
    if (k < end && s.charCodeAt(k) === 0x3a) {
      const p = skipLws(s, k + 1, end);
      let q = p;
      let value = 0;
      while (q < end && s.charCodeAt(q) >= 0x30 && s.charCodeAt(q) <= 0x39 && value <= 65535) {
        value = value * 10 + s.charCodeAt(q) - 0x30;
        q++;
      }
      if (q === p || value > 65535) return fail("invalid port (1 to 5 digits, at most 65535)", p);
      port = value;
      next = q;
    }
  }
  const params = scanParams(s, next, end);
  if (isFail(params)) return params;
  // One literal per shape (port last, as it always printed): adding a property afterwards
  // costs a transition and an out-of-object property store in every retained Via.
  return port === undefined
    ? { protocolName, protocolVersion, transport, host: hp.host, params }
    : { protocolName, protocolVersion, transport, host: hp.host, params, port };
};

/** Scans one via-parm filling `s[start, end)`. */
export const scanVia = (s: string, start: number, end: number): Via | Fail => {
  const first = skipLws(s, start, end);
  // Nearly every Via is written "SIP/2.0/": one native comparison instead of two tokens, two
  // slashes and two lookups of shared strings (which would return these same strings).
  if (end - first > 8 && startsAt(s, first, "SIP/2.0/")) return scanViaFrom(s, "SIP", "2.0", first + 8, end);
  let i = first;
  const nameEnd = scanToken(s, i, end);
  if (nameEnd === i) return fail("expected the protocol name (e.g. SIP)", i);
  const protocolName = sliceKnown(s, i, nameEnd);
  i = scanSlash(s, nameEnd, end);
  if (i < 0) return fail("expected '/' after the protocol name", nameEnd);
  const versionEnd = scanToken(s, i, end);
  if (versionEnd === i) return fail("expected the protocol version", i);
  const protocolVersion = sliceKnown(s, i, versionEnd);
  i = scanSlash(s, versionEnd, end);
  if (i < 0) return fail("expected '/' after the protocol version", versionEnd);
  return scanViaFrom(s, protocolName, protocolVersion, i, end);
};

/** Scans every via-parm of the comma-separated Via value at `s[start, end)`, appending to `out`. */
export const scanViaList = (s: string, start: number, end: number, out: Array<Via>): Fail | undefined => {
  // One via-parm per field is the usual form: scan it without building the list of ranges.
  if (indexOfIn(s, 0x2c, start, end) < 0) {
    const a = skipLws(s, start, end);
    const b = trimEnd(s, a, end);
    if (a === b) return fail("empty Via value between commas", a);
    const v = scanVia(s, a, b);
    if (isFail(v)) return v;
    out.push(v);
    return undefined;
  }
  const r = splitRanges(s, start, end);
  for (let k = 0; k < r.length; k += 2) {
    const a = r[k] ?? 0;
    const b = r[k + 1] ?? 0;
    if (a === b) return fail("empty Via value between commas", a);
    const v = scanVia(s, a, b);
    if (isFail(v)) return v;
    out.push(v);
  }
  return undefined;
};

/**
 * Scans only the first via-parm of the Via value at `s[start, end)`: the top Via when the field
 * is the message's first Via field (§18.2.2, §17.2.3). The via-parms after it are not read.
 */
export const scanFirstVia = (s: string, start: number, end: number): Via | Fail => {
  // The native search runs past `end` on a whole message, but it costs less than a JS loop
  // over the value, and a comma before `end` is what decides.
  const comma = s.indexOf(",", start);
  if (comma < 0 || comma >= end) {
    const a = skipLws(s, start, end);
    const b = trimEnd(s, a, end);
    return a === b ? fail("empty Via value between commas", a) : scanVia(s, a, b);
  }
  const r = splitRanges(s, start, end);
  const a = r[0] ?? start;
  const b = r[1] ?? start;
  return a === b ? fail("empty Via value between commas", a) : scanVia(s, a, b);
};

/** Parses one Via header value: one or more comma-separated via-parms, in order. */
export const parseVia = (value: string): E.Either<HeaderError, ReadonlyArray<Via>> => {
  const out: Array<Via> = [];
  const f = scanViaList(value, 0, value.length, out);
  return f === undefined ? E.right(out) : E.left(headerError("Via", value, f));
};

/** Prints one Via value (RFC 3261 §20.42): protocol, sent-by and parameters. */
export const printVia = (via: Via): string =>
  `${via.protocolName}/${via.protocolVersion}/${via.transport} ${printHost(via.host)}${via.port === undefined ? "" : `:${via.port}`}${printParams(via.params)}`;

/** Prints several via-parms as one comma-separated Via value. */
export const printViaList = (vias: ReadonlyArray<Via>): string => vias.map(printVia).join(", ");
