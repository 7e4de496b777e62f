// Canonical forms: the one spelling nearly every sender uses for the values peekMessage reads
// ("SIP/2.0/UDP host:port;branch=z9hG4bK...", "Bob <sip:bob@host>;tag=...", "INVITE sip:bob@host
// SIP/2.0"), each recognised by one tight loop without the general scanners' generality (LWS
// anywhere, quoted values, escapes, error positions). Measured on the bench corpus, the general
// scanners spent two thirds of peekMessage's time on that generality.
//
// A recognizer returns exactly what the general scanner returns for the same text, or
// undefined to hand the text to the general scanner: it never decides that anything is
// malformed, so every error still comes from one place. test/canonical.prop.test.ts checks both
// halves of that promise on generated values, mangled values and the torture corpora.
import type { Method } from "../brand.js";
import { isTokenChar } from "../charset.js";
import { NONE } from "../empty.js";
import { sliceKnown } from "../headers/known.js";
import { startsAt } from "../headers/lex.js";
import { isValueChar } from "../headers/params.js";
import type { Param, Via } from "../model.js";
import { USER, inClass } from "../uri/chars.js";
import { isFail } from "../uri/error.js";
import { scanHostPort } from "../uri/host.js";

/**
 * `*( ";" token [ "=" value ] )` filling `s[i, end)`: no LWS, no quoted values. What
 * headers/params.ts scanParams gives, names shared the same way.
 */
export const canonicalParams = (s: string, i: number, end: number): ReadonlyArray<Param> | undefined => {
  if (i === end) return NONE;
  const out: Array<Param> = [];
  while (i < end) {
    if (s.charCodeAt(i) !== 0x3b) return undefined;
    const nameStart = ++i;
    while (i < end && isTokenChar(s.charCodeAt(i))) i++;
    if (i === nameStart) return undefined;
    const name = sliceKnown(s, nameStart, i);
    if (i < end && s.charCodeAt(i) === 0x3d) {
      const valueStart = ++i;
      while (i < end && isValueChar(s.charCodeAt(i))) i++;
      if (i === valueStart) return undefined;
      out.push({ name, value: s.slice(valueStart, i) });
    } else out.push({ name });
  }
  return out;
};

/**
 * One via-parm `SIP/2.0/transport SP host [":" port] *(";" param)` filling `s[a, b)`, the
 * field's only value. What headers/via.ts scanFirstVia gives.
 */
export const canonicalVia = (s: string, a: number, b: number): Via | undefined => {
  if (b - a < 10 || !startsAt(s, a, "SIP/2.0/")) return undefined;
  let i = a + 8;
  while (i < b && isTokenChar(s.charCodeAt(i))) i++;
  if (i === a + 8 || i >= b || s.charCodeAt(i) !== 0x20) return undefined;
  const transport = sliceKnown(s, a + 8, i);
  const hp = scanHostPort(s, i + 1, b);
  if (isFail(hp)) return undefined;
  const params = canonicalParams(s, hp.next, b);
  if (params === undefined) return undefined;
  return hp.port === undefined
    ? { protocolName: "SIP", protocolVersion: "2.0", transport, host: hp.host, params }
    : { protocolName: "SIP", protocolVersion: "2.0", transport, host: hp.host, params, port: hp.port };
};

/** What a recognizer returns to hand its text to the general scanners. */
export const DEFER: unique symbol = Symbol("defer");

/**
 * Where the parameters start after `[display-name] "<" uri ">"` filling `s[a, b)`: a quoted
 * display name without escapes, or tokens separated by SP, or none, then one SP at most before
 * "<". The URI is skipped, as peekMessage skips it (headers/name-addr.ts locateNameAddr). -1
 * for any other form (an addr-spec without brackets included).
 */
const nameAddrParamsStart = (s: string, a: number, b: number): number => {
  let i = a;
  const c = s.charCodeAt(i);
  if (c === 0x22) {
    const close = s.indexOf('"', i + 1);
    if (close < 0 || close >= b) return -1;
    const escape = s.indexOf("\\", i + 1);
    if (escape >= 0 && escape < close) return -1;
    i = close + 1;
    if (s.charCodeAt(i) === 0x20) i++;
  } else if (c !== 0x3c) {
    while (i < b) {
      const d = s.charCodeAt(i);
      if (!isTokenChar(d) && d !== 0x20) break;
      i++;
    }
  }
  if (i >= b || s.charCodeAt(i) !== 0x3c) return -1;
  const gt = s.indexOf(">", i + 1);
  return gt < 0 || gt >= b ? -1 : gt + 1;
};

/**
 * The `tag` of a From or To value `s[a, b)` in canonical form (the first parameter named tag in
 * any case, "" when it has no value, undefined when there is none), with every parameter
 * checked as canonicalParams checks it but none kept: what locateNameAddr, scanParams and
 * findParam give together. DEFER for anything else.
 */
export const canonicalTag = (s: string, a: number, b: number): string | undefined | typeof DEFER => {
  let i = nameAddrParamsStart(s, a, b);
  if (i < 0) return DEFER;
  let tag: string | undefined;
  while (i < b) {
    if (s.charCodeAt(i) !== 0x3b) return DEFER;
    const nameStart = ++i;
    while (i < b && isTokenChar(s.charCodeAt(i))) i++;
    if (i === nameStart) return DEFER;
    // Bit 5 set maps only "T" and "t" to "t" (and so on): "tag" in any case, §7.3.1.
    const isTag =
      tag === undefined && i - nameStart === 3 && (s.charCodeAt(nameStart) | 0x20) === 0x74 && (s.charCodeAt(nameStart + 1) | 0x20) === 0x61 && (s.charCodeAt(nameStart + 2) | 0x20) === 0x67;
    if (i < b && s.charCodeAt(i) === 0x3d) {
      const valueStart = ++i;
      while (i < b && isValueChar(s.charCodeAt(i))) i++;
      if (i === valueStart) return DEFER;
      if (isTag) tag = s.slice(valueStart, i);
    } else if (isTag) tag = "";
  }
  return tag;
};

/**
 * The status code of a Status-Line `SIP/2.0 SP 3DIGIT [SP Reason-Phrase]` filling `s[a, b)`, or
 * -1 to hand the line to parse/start-line.ts parseStartLine. The Reason-Phrase is not read:
 * matching needs the code only (§17.1.3), and the general parser accepts any phrase.
 */
export const canonicalStatus = (s: string, a: number, b: number): number => {
  if (b - a < 11 || !startsAt(s, a, "SIP/2.0 ") || (b > a + 11 && s.charCodeAt(a + 11) !== 0x20)) return -1;
  const d0 = s.charCodeAt(a + 8) - 0x30;
  const d1 = s.charCodeAt(a + 9) - 0x30;
  const d2 = s.charCodeAt(a + 10) - 0x30;
  return d0 >= 0 && d0 <= 9 && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9 ? d0 * 100 + d1 * 10 + d2 : -1;
};

/** `digits SP method` filling `s[a, b)`: what headers/cseq.ts scanCSeq gives. */
export const canonicalCSeq = (s: string, a: number, b: number): { readonly seq: number; readonly method: Method } | undefined => {
  let i = a;
  let seq = 0;
  // Ten digits or fewer keep the value exact; the 32-bit bound is the general scanner's to report.
  while (i < b && i - a < 10) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    seq = seq * 10 + (c - 0x30);
    i++;
  }
  if (i === a || seq > 4294967295 || i >= b || s.charCodeAt(i) !== 0x20) return undefined;
  const m = i + 1;
  i = m;
  while (i < b && isTokenChar(s.charCodeAt(i))) i++;
  if (i === m || i !== b) return undefined;
  return { seq, method: sliceKnown(s, m, b) as Method };
};

/**
 * `Method SP sip-URI SP "SIP/2.0"` filling `s[a, b)`, where the URI is `sip:` or `sips:`,
 * an optional user without escapes, and a host and port with no parameters or headers. Returns
 * the end of the method, the URI being the text between the two SPs; -1 to hand the line to
 * parse/start-line.ts parseStartLine, which is what decides that such a line is valid.
 */
export const canonicalRequestLine = (s: string, a: number, b: number): number => {
  let i = a;
  while (i < b && isTokenChar(s.charCodeAt(i))) i++;
  const methodEnd = i;
  if (i === a || i >= b || s.charCodeAt(i) !== 0x20) return -1;
  if (b - 8 <= i + 1 || s.charCodeAt(b - 8) !== 0x20 || !startsAt(s, b - 7, "SIP/2.0")) return -1;
  const uriEnd = b - 8;
  i++;
  if (startsAt(s, i, "sip:")) i += 4;
  else if (startsAt(s, i, "sips:")) i += 5;
  else return -1;
  const userStart = i;
  while (i < uriEnd && inClass(USER, s.charCodeAt(i))) i++;
  if (i < uriEnd && s.charCodeAt(i) === 0x40) {
    if (i === userStart) return -1;
    i++;
  } else i = userStart;
  const hp = scanHostPort(s, i, uriEnd);
  return isFail(hp) || hp.next !== uriEnd ? -1 : methodEnd;
};
