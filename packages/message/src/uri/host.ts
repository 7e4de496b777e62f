// host = hostname / IPv4address / IPv6reference (RFC 3261 §25.1), with the IPv6 grammar
// corrected by RFC 5954 §4.1 (RFC 3986's IPv6address, whose IPv4 tail is a dec-octet quad).
import type { Host } from "../model.js";
import { indexOfIn, isAlnum, isAlpha, isDigit, isHex } from "./chars.js";
import { fail, type Fail } from "./error.js";

/**
 * IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT (§25.1), each at most 255.
 * With `decOctet` (the IPv4 tail of an IPv6 address, RFC 5954 §4.1) an octet has no leading zero.
 */
export const isIPv4Address = (v: string, decOctet = false): boolean => {
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= v.length; i++) {
    const c = i < v.length ? v.charCodeAt(i) : 0x2e;
    if (isDigit(c)) {
      if (decOctet && digits === 1 && value === 0) return false;
      digits++;
      value = value * 10 + (c - 0x30);
      if (digits > 3 || value > 255) return false;
    } else if (c === 0x2e) {
      if (digits === 0) return false;
      parts++;
      digits = 0;
      value = 0;
    } else return false;
  }
  return parts === 4;
};

/** 16-bit groups in `part` (h16 *( ":" h16 ), an IPv4 tail counting 2), or -1. */
const countGroups = (part: string, allowIPv4Tail: boolean): number => {
  if (part.length === 0) return 0;
  const pieces = part.split(":");
  let groups = 0;
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k] ?? "";
    if (allowIPv4Tail && k === pieces.length - 1 && p.includes(".")) {
      if (!isIPv4Address(p, true)) return -1;
      groups += 2;
      continue;
    }
    if (p.length === 0 || p.length > 4) return -1;
    for (let i = 0; i < p.length; i++) if (!isHex(p.charCodeAt(i))) return -1;
    groups++;
  }
  return groups;
};

/** IPv6address per RFC 5954 §4.1 (RFC 3986 §3.2.2): eight groups, or fewer around one "::". */
export const isIPv6Address = (v: string): boolean => {
  const gap = v.indexOf("::");
  if (gap < 0) return countGroups(v, true) === 8;
  if (v.indexOf("::", gap + 1) >= 0) return false;
  const head = countGroups(v.slice(0, gap), false);
  const tail = countGroups(v.slice(gap + 2), true);
  return head >= 0 && tail >= 0 && head + tail <= 7;
};

/**
 * RFC 5118 §4.10: RFC 3261's ABNF allowed "::" followed by ":" IPv4address
 * (`2001:db8:::192.0.2.1`), which RFC 4291 does not; "an implementation must tolerate both".
 * Returns the address with the extra colon removed, or undefined when `v` is not that form.
 */
export const repairRfc3261IPv6 = (v: string): string | undefined => {
  const k = v.indexOf(":::");
  if (k < 0 || v.indexOf(":", k + 3) >= 0 || !isIPv4Address(v.slice(k + 3), true)) return undefined;
  const repaired = v.slice(0, k + 2) + v.slice(k + 3);
  return isIPv6Address(repaired) ? repaired : undefined;
};

/** The inside of an IPv6reference: RFC 5954 §4.1, or the RFC 3261 form RFC 5118 §4.10 tolerates. */
export const isIPv6ReferenceBody = (v: string): boolean => isIPv6Address(v) || repairRfc3261IPv6(v) !== undefined;

/**
 * hostname = *( domainlabel "." ) toplabel [ "." ]; domainlabel = alphanum / alphanum
 * *( alphanum / "-" ) alphanum; toplabel = ALPHA / ALPHA *( alphanum / "-" ) alphanum.
 */
export const isHostname = (v: string): boolean => {
  const end = v.length > 1 && v.charCodeAt(v.length - 1) === 0x2e ? v.length - 1 : v.length;
  if (end === 0) return false;
  let labelStart = 0;
  for (let i = 0; i <= end; i++) {
    const c = i < end ? v.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (i === labelStart || v.charCodeAt(i - 1) === 0x2d) return false;
      if (i === end && !isAlpha(v.charCodeAt(labelStart))) return false;
      labelStart = i + 1;
    } else if (c === 0x2d) {
      if (i === labelStart) return false;
    } else if (!isAlnum(c)) return false;
  }
  return true;
};

/** Classifies a host written without brackets: IPv4 when it is a dotted quad, else a hostname. */
export const classifyHost = (v: string): Host | undefined => {
  if (isIPv4Address(v)) return { _tag: "IPv4", value: v };
  return isHostname(v) ? { _tag: "Hostname", value: v } : undefined;
};

export interface HostPort {
  readonly host: Host;
  readonly port: number | undefined;
  /** Index just past the host and port. */
  readonly next: number;
}

// What the one-pass host scan needs to know of a character: 1 digit, 2 letter, 3 "-", 4 ".".
const HOST_CHAR = ((): Uint8Array => {
  const t = new Uint8Array(128);
  for (let c = 0x30; c <= 0x39; c++) t[c] = 1;
  for (let c = 0x41; c <= 0x5a; c++) t[c] = 2;
  for (let c = 0x61; c <= 0x7a; c++) t[c] = 2;
  t[0x2d] = 3;
  t[0x2e] = 4;
  return t;
})();

const hostCharKind = (c: number): number => (c < 128 ? HOST_CHAR[c] ?? 0 : 0);

/** Scans `host [ ":" port ]` at `i`, stopping at the first character that cannot continue it. */
export const scanHostPort = (s: string, i: number, end: number): HostPort | Fail => {
  let host: Host;
  let j = i;
  if (i < end && s.charCodeAt(i) === 0x5b) {
    const close = indexOfIn(s, 0x5d, i + 1, end);
    if (close < 0) return fail("IPv6 reference without closing ']'", i);
    const v = s.slice(i + 1, close);
    if (!isIPv6ReferenceBody(v)) return fail("invalid IPv6 address (RFC 5954)", i + 1);
    host = { _tag: "IPv6", value: v };
    j = close + 1;
  } else {
    // One pass finds the host's end and whether it has the common hostname shape: labels of
    // alphanum joined by single dots with "-" only inside a label, a top label starting with a
    // letter, no trailing dot. Anything else (dotted quads included) is decided by classifyHost.
    let letters = false;
    let unusual = false; // a "." or "-" at a label's edge
    let prev = 4; // the kind before the first character: as if after a "."
    let topLabelKind = 0;
    for (; j < end; j++) {
      const k = hostCharKind(s.charCodeAt(j));
      if (k === 0) break;
      if (k === 2) letters = true;
      else if (k === 4) unusual ||= prev >= 3;
      else if (k === 3) unusual ||= prev === 4;
      if (prev === 4) topLabelKind = k;
      prev = k;
    }
    if (j === i) return fail("expected a host", i);
    const v = s.slice(i, j);
    if (letters && !unusual && prev <= 2 && topLabelKind === 2) host = { _tag: "Hostname", value: v };
    else {
      const h = classifyHost(v);
      if (h === undefined) return fail("invalid host name or IPv4 address", i);
      host = h;
    }
  }
  if (j < end && s.charCodeAt(j) === 0x3a) {
    // port = 1*DIGIT, at most 65535.
    let value = 0;
    let k = j + 1;
    while (k < end) {
      const c = s.charCodeAt(k);
      if (c < 0x30 || c > 0x39) break;
      value = value * 10 + (c - 0x30);
      k++;
    }
    if (k === j + 1 || value > 65535) return fail("invalid port (1 to 5 digits, at most 65535)", j + 1);
    return { host, port: value, next: k };
  }
  return { host, port: undefined, next: j };
};

/** Prints a host: an IPv6 reference in brackets, the rest as is. */
export const printHost = (h: Host): string => (h._tag === "IPv6" ? `[${h.value}]` : h.value);
