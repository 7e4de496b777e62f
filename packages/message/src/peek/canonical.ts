// Canonical forms: the one spelling nearly every sender uses for the values peekMessage reads
// ("SIP/2.0/UDP host:port;branch=z9hG4bK...", "Bob <sip:bob@host>;tag=...", "INVITE sip:bob@host
// SIP/2.0"), each recognised by one tight loop without the general scanners' generality (LWS
// anywhere, quoted values, escapes, error positions). Measured on the bench corpus, the general
// scanners spent two thirds of peekMessage's time on that generality.
//
// A recognizer reads the value's octets `o` (its ASCII text's code units, at the same indices
// as in `s`) and slices its results from `s`: in V8 an element of a Uint8Array costs about half
// what `charCodeAt` costs, the loops below are most of peekMessage's time, and native search and
// slicing stay on the string. peek.ts decides where the two agree (./octets.ts).
//
// A recognizer returns exactly what the general scanner returns for the same text, or
// undefined to hand the text to the general scanner: it never decides that anything is
// malformed, so every error still comes from one place. test/canonical.prop.test.ts checks both
// halves of that promise on generated values, mangled values and the torture corpora.
import type { CallId, Method } from "../brand.js";
import { isTokenChar, isWordChar } from "../charset.js";
import { NONE } from "../empty.js";
import { sliceKnownOctets } from "../headers/known.js";
import { isValueChar } from "../headers/params.js";
import type { Host, Param, Via } from "../model.js";
import { USER, inClass } from "../uri/chars.js";
import { isFail } from "../uri/error.js";
import { scanHostPort } from "../uri/host.js";

/** The octet at `i` (0 past the end, which no class below contains). */
const at = (o: Uint8Array, i: number): number => o[i] ?? 0;

const isDigitOctet = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** `o[i, i + 8)` is "SIP/2.0/" (or "SIP/2.0 " with `last` 0x20): compared unrolled, as the hot start of every Via and Status-Line. */
const isSipVersionAt = (o: Uint8Array, i: number, last: number): boolean =>
  o[i] === 0x53 && o[i + 1] === 0x49 && o[i + 2] === 0x50 && o[i + 3] === 0x2f && o[i + 4] === 0x32 && o[i + 5] === 0x2e && o[i + 6] === 0x30 && o[i + 7] === last;

// What the host scan needs to know of an octet: 1 digit, 2 letter, 4 "-", 8 ".", 0 anything
// else. Two neighbours sum to 12 or more exactly when a "." meets a "." or a "-": a label
// that is empty or starts or ends with "-".
const DIGIT = 1;
const LETTER = 2;
const HYPHEN = 4;
const DOT = 8;
const HOST_CHAR = ((): Uint8Array => {
  const t = new Uint8Array(256);
  for (let c = 0x30; c <= 0x39; c++) t[c] = DIGIT;
  for (let c = 0x41; c <= 0x5a; c++) t[c] = LETTER;
  for (let c = 0x61; c <= 0x7a; c++) t[c] = LETTER;
  t[0x2d] = HYPHEN;
  t[0x2e] = DOT;
  return t;
})();

/** Set in canonicalHostEnd's answer when the host is an IPv4address. */
const IPV4 = 0x40000000;

/**
 * The end of a hostname or IPv4address at `i` in its common shape (labels of alphanum joined by
 * single dots, "-" only inside a label, a top label starting with a letter, no trailing dot; or
 * a dotted quad of values up to 255), with IPV4 set for the latter: what uri/host.ts
 * scanHostPort classifies them as. -1 for any other form, which scanHostPort decides.
 */
const canonicalHostEnd = (o: Uint8Array, i: number, end: number): number => {
  let kinds = 0;
  let prev = DOT; // as if after a ".": the first label must not start with "." or "-"
  let topLabel = i;
  let j = i;
  for (; j < end; j++) {
    const k = HOST_CHAR[at(o, j)] ?? 0;
    if (k === 0) break;
    if (prev + k >= 12) return -1;
    if (k === DOT) topLabel = j + 1;
    kinds |= k;
    prev = k;
  }
  if (j === i || prev >= HYPHEN) return -1;
  const letters = (kinds & LETTER) !== 0;
  if (letters) return HOST_CHAR[at(o, topLabel)] === LETTER ? j : -1;
  // Digits and single dots only: four values of one to three digits, each at most 255.
  let parts = 0;
  let value = 0;
  let digits = 0;
  for (let k = i; k <= j; k++) {
    const c = k < j ? at(o, k) : 0x2e;
    if (c !== 0x2e) {
      if (!isDigitOctet(c)) return -1;
      value = value * 10 + (c - 0x30);
      digits++;
    } else if (digits > 3 || value > 255) return -1;
    else {
      parts++;
      value = 0;
      digits = 0;
    }
  }
  return parts === 4 ? j | IPV4 : -1;
};

/** The end of `[":" port]` at `i` (port = 1*DIGIT, at most 65535 as scanHostPort bounds it), or -1. */
const portEnd = (o: Uint8Array, i: number, end: number): number => {
  if (i >= end || o[i] !== 0x3a) return i;
  let value = 0;
  let k = i + 1;
  for (; k < end; k++) {
    const c = at(o, k);
    if (c < 0x30 || c > 0x39) break;
    value = value * 10 + (c - 0x30);
  }
  return k === i + 1 || value > 65535 ? -1 : k;
};

/** The port ending at `portEnd` after the ":" at `colon`, digits already checked. */
const portValue = (o: Uint8Array, colon: number, end: number): number => {
  let value = 0;
  for (let k = colon + 1; k < end; k++) value = value * 10 + (at(o, k) - 0x30);
  return value;
};

/**
 * `*( ";" token [ "=" value ] )` filling `[i, end)`: no LWS, no quoted values. What
 * headers/params.ts scanParams gives, names shared the same way.
 */
export const canonicalParams = (o: Uint8Array, s: string, i: number, end: number): ReadonlyArray<Param> | undefined => {
  if (i === end) return NONE;
  // Most via-parms have one parameter or two: an exact-size array first, grown if need be.
  let out: Array<Param> | undefined;
  while (i < end) {
    if (o[i] !== 0x3b) return undefined;
    const nameStart = ++i;
    while (i < end && isTokenChar(at(o, i))) i++;
    if (i === nameStart) return undefined;
    const name = sliceKnownOctets(o, s, nameStart, i);
    if (i < end && o[i] === 0x3d) {
      const valueStart = ++i;
      while (i < end && isValueChar(at(o, i))) i++;
      if (i === valueStart) return undefined;
      const param = { name, value: s.slice(valueStart, i) };
      if (out === undefined) out = [param];
      else out.push(param);
    } else if (out === undefined) out = [{ name }];
    else out.push({ name });
  }
  return out;
};

/**
 * One via-parm `SIP/2.0/transport SP host [":" port] *(";" param)` filling `[a, b)`, the
 * field's only value. What headers/via.ts scanFirstVia gives.
 */
export const canonicalVia = (o: Uint8Array, s: string, a: number, b: number): Via | undefined => {
  if (b - a < 10 || !isSipVersionAt(o, a, 0x2f)) return undefined;
  let i = a + 8;
  while (i < b && isTokenChar(at(o, i))) i++;
  if (i === a + 8 || i >= b || o[i] !== 0x20) return undefined;
  const transport = sliceKnownOctets(o, s, a + 8, i);
  let host: Host;
  let port: number | undefined;
  let next: number;
  const h = i + 1;
  const hostEnd = canonicalHostEnd(o, h, b);
  if (hostEnd >= 0) {
    const j = hostEnd & ~IPV4;
    host = { _tag: (hostEnd & IPV4) === 0 ? "Hostname" : "IPv4", value: s.slice(h, j) };
    next = portEnd(o, j, b);
    if (next < 0) return undefined;
    port = next === j ? undefined : portValue(o, j, next);
  } else {
    // An IPv6 reference (RFC 5118) or an unusual hostname: the general host scanner decides.
    const hp = scanHostPort(s, h, b);
    if (isFail(hp)) return undefined;
    host = hp.host;
    port = hp.port;
    next = hp.next;
  }
  const params = canonicalParams(o, s, next, b);
  if (params === undefined) return undefined;
  return port === undefined
    ? { protocolName: "SIP", protocolVersion: "2.0", transport, host, params }
    : { protocolName: "SIP", protocolVersion: "2.0", transport, host, params, port };
};

/** What a recognizer returns to hand its text to the general scanners. */
export const DEFER: unique symbol = Symbol("defer");

/**
 * Where the parameters start after `[display-name] "<" uri ">"` filling `[a, b)`: a quoted
 * display name without escapes, or tokens separated by SP, or none, then one SP at most before
 * "<". The URI is skipped, as peekMessage skips it (headers/name-addr.ts locateNameAddr). -1
 * for any other form (an addr-spec without brackets included).
 */
const nameAddrParamsStart = (o: Uint8Array, s: string, a: number, b: number): number => {
  let i = a;
  const c = at(o, i);
  if (c === 0x22) {
    const close = s.indexOf('"', i + 1);
    if (close < 0 || close >= b) return -1;
    const escape = s.indexOf("\\", i + 1);
    if (escape >= 0 && escape < close) return -1;
    i = close + 1;
    if (o[i] === 0x20) i++;
  } else if (c !== 0x3c) {
    while (i < b) {
      const d = at(o, i);
      if (!isTokenChar(d) && d !== 0x20) break;
      i++;
    }
  }
  if (i >= b || o[i] !== 0x3c) return -1;
  const gt = s.indexOf(">", i + 1);
  return gt < 0 || gt >= b ? -1 : gt + 1;
};

/**
 * The `tag` of a From or To value `[a, b)` in canonical form (the first parameter named tag in
 * any case, "" when it has no value, undefined when there is none), with every parameter
 * checked as canonicalParams checks it but none kept: what locateNameAddr, scanParams and
 * findParam give together. DEFER for anything else.
 */
export const canonicalTag = (o: Uint8Array, s: string, a: number, b: number): string | undefined | typeof DEFER => {
  let i = nameAddrParamsStart(o, s, a, b);
  if (i < 0) return DEFER;
  let tag: string | undefined;
  while (i < b) {
    if (o[i] !== 0x3b) return DEFER;
    const nameStart = ++i;
    while (i < b && isTokenChar(at(o, i))) i++;
    if (i === nameStart) return DEFER;
    // Bit 5 set maps only "T" and "t" to "t" (and so on): "tag" in any case, §7.3.1.
    const isTag = tag === undefined && i - nameStart === 3 && (at(o, nameStart) | 0x20) === 0x74 && (at(o, nameStart + 1) | 0x20) === 0x61 && (at(o, nameStart + 2) | 0x20) === 0x67;
    if (i < b && o[i] === 0x3d) {
      const valueStart = ++i;
      while (i < b && isValueChar(at(o, i))) i++;
      if (i === valueStart) return DEFER;
      if (isTag) tag = s.slice(valueStart, i);
    } else if (isTag) tag = "";
  }
  return tag;
};

/** `word [ "@" word ]` filling `[a, b)`: what headers/scalars.ts scanCallId gives. */
export const canonicalCallId = (o: Uint8Array, s: string, a: number, b: number): CallId | undefined => {
  // "@" is not a word character: the first one, after a non-empty word, splits the two words.
  let sign = -1;
  for (let i = a; i < b; i++) {
    const c = at(o, i);
    if (c === 0x40 && sign < 0 && i > a) sign = i;
    else if (!isWordChar(c)) return undefined;
  }
  return a === b || sign === b - 1 ? undefined : (s.slice(a, b) as CallId);
};

/**
 * The status code of a Status-Line `SIP/2.0 SP 3DIGIT [SP Reason-Phrase]` filling `[a, b)`, or
 * -1 to hand the line to parse/start-line.ts parseStartLine. The Reason-Phrase is not read:
 * matching needs the code only (§17.1.3), and the general parser accepts any phrase.
 */
export const canonicalStatus = (o: Uint8Array, a: number, b: number): number => {
  if (b - a < 11 || !isSipVersionAt(o, a, 0x20) || (b > a + 11 && o[a + 11] !== 0x20)) return -1;
  const d0 = at(o, a + 8);
  const d1 = at(o, a + 9);
  const d2 = at(o, a + 10);
  return isDigitOctet(d0) && isDigitOctet(d1) && isDigitOctet(d2) ? (d0 - 0x30) * 100 + (d1 - 0x30) * 10 + (d2 - 0x30) : -1;
};

/** `digits SP method` filling `[a, b)`: what headers/cseq.ts scanCSeq gives. */
export const canonicalCSeq = (o: Uint8Array, s: string, a: number, b: number): { readonly seq: number; readonly method: Method } | undefined => {
  let i = a;
  let seq = 0;
  // Ten digits or fewer keep the value exact; the 32-bit bound is the general scanner's to report.
  while (i < b && i - a < 10) {
    const c = at(o, i);
    if (!isDigitOctet(c)) break;
    seq = seq * 10 + (c - 0x30);
    i++;
  }
  if (i === a || seq > 4294967295 || i >= b || o[i] !== 0x20) return undefined;
  const m = i + 1;
  i = m;
  while (i < b && isTokenChar(at(o, i))) i++;
  if (i === m || i !== b) return undefined;
  return { seq, method: sliceKnownOctets(o, s, m, b) as Method };
};

/**
 * `Method SP sip-URI SP "SIP/2.0"` filling `[a, b)`, where the URI is `sip:` or `sips:`, an
 * optional user without escapes, and a hostname or IPv4address and port with no parameters or
 * headers. Returns the end of the method, the URI being the text between the two SPs; -1 to
 * hand the line to parse/start-line.ts parseStartLine, which is what decides that such a line
 * is valid.
 */
export const canonicalRequestLine = (o: Uint8Array, a: number, b: number): number => {
  let i = a;
  while (i < b && isTokenChar(at(o, i))) i++;
  const methodEnd = i;
  if (i === a || i >= b || o[i] !== 0x20) return -1;
  const uriEnd = b - 8;
  if (uriEnd <= i + 1 || o[uriEnd] !== 0x20 || o[b - 7] !== 0x53 || o[b - 6] !== 0x49 || o[b - 5] !== 0x50 || o[b - 4] !== 0x2f || o[b - 3] !== 0x32 || o[b - 2] !== 0x2e || o[b - 1] !== 0x30) return -1;
  i++;
  if (o[i] !== 0x73 || o[i + 1] !== 0x69 || o[i + 2] !== 0x70) return -1;
  i += 3;
  if (o[i] === 0x73) i++;
  if (o[i] !== 0x3a) return -1;
  i++;
  const userStart = i;
  while (i < uriEnd && inClass(USER, at(o, i))) i++;
  if (i < uriEnd && o[i] === 0x40) {
    if (i === userStart) return -1;
    i++;
  } else i = userStart;
  const hostEnd = canonicalHostEnd(o, i, uriEnd);
  return hostEnd >= 0 && portEnd(o, hostEnd & ~IPV4, uriEnd) === uriEnd ? methodEnd : -1;
};
