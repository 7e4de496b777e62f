// URI equivalence: SIP and SIPS per RFC 3261 §19.1.4, tel per RFC 3966 §4, any other scheme
// by scheme (case-insensitive) and the rest with escapes canonicalised (RFC 3986 §6.2.2).
import type { Eq } from "fp-ts/lib/Eq.js";
import { absurd } from "fp-ts/lib/function.js";
import type { Host, Param, SipUri, TelUri, Uri } from "../model.js";
import { canonicalEscapes } from "./escape.js";
import { isIPv4Address, repairRfc3261IPv6 } from "./host.js";

const lower = (s: string): string => s.toLowerCase();
/** Case-sensitive components (userinfo): escapes canonical, letters as written. */
const exact = canonicalEscapes;
/** Every other component: escapes canonical, then case folded. */
const folded = (s: string): string => lower(canonicalEscapes(s));

/** An IPv6 address as eight lower-case hex groups, so `::1` and `0:0:0:0:0:0:0:1` match. */
const canonicalIPv6 = (written: string): string => {
  const v = repairRfc3261IPv6(written) ?? written;
  const groupsOf = (part: string): Array<string> => {
    if (part.length === 0) return [];
    const pieces = part.split(":");
    const last = pieces[pieces.length - 1] ?? "";
    if (isIPv4Address(last)) {
      const o = last.split(".").map(Number);
      pieces.splice(pieces.length - 1, 1, (((o[0] ?? 0) << 8) | (o[1] ?? 0)).toString(16), (((o[2] ?? 0) << 8) | (o[3] ?? 0)).toString(16));
    }
    return pieces.map((p) => Number.parseInt(p, 16).toString(16));
  };
  const gap = v.indexOf("::");
  if (gap < 0) return groupsOf(v).join(":");
  const head = groupsOf(v.slice(0, gap));
  const tail = groupsOf(v.slice(gap + 2));
  return [...head, ...Array.from({ length: 8 - head.length - tail.length }, () => "0"), ...tail].join(":");
};

/** §19.1.4: "An IP address that is the result of a DNS lookup of a host name does not match that host name." */
const hostEquals = (a: Host, b: Host): boolean => {
  if (a._tag !== b._tag) return false;
  return a._tag === "IPv6" ? canonicalIPv6(lower(a.value)) === canonicalIPv6(lower(b.value)) : lower(a.value) === lower(b.value);
};

/** First parameter by canonical name. */
const paramMap = (params: ReadonlyArray<Param>): ReadonlyMap<string, string | undefined> => {
  const m = new Map<string, string | undefined>();
  for (const p of params) {
    const k = folded(p.name);
    if (!m.has(k)) m.set(k, p.value === undefined ? undefined : folded(p.value));
  }
  return m;
};

/**
 * "A user, ttl, or method uri-parameter appearing in only one URI never matches" and "A URI
 * that includes an maddr parameter will not match a URI that contains no maddr parameter";
 * transport follows from "the same is true for the transport-parameter".
 */
const MUST_APPEAR_IN_BOTH: ReadonlyArray<string> = ["user", "ttl", "method", "maddr", "transport"];

const sipParamsEqual = (a: ReadonlyArray<Param>, b: ReadonlyArray<Param>): boolean => {
  const ma = paramMap(a);
  const mb = paramMap(b);
  for (const name of MUST_APPEAR_IN_BOTH) if (ma.has(name) !== mb.has(name)) return false;
  // "Any uri-parameter appearing in both URIs must match"; others appearing in only one are ignored.
  for (const [k, v] of ma) if (mb.has(k) && mb.get(k) !== v) return false;
  return true;
};

/** "Any present header component MUST be present in both URIs and match" (order not significant). */
const sipHeadersEqual = (a: ReadonlyArray<Param>, b: ReadonlyArray<Param>): boolean => {
  if (a.length !== b.length) return false;
  const key = (h: Param): string => `${folded(h.name)}=${folded(h.value ?? "")}`;
  const ka = a.map(key).sort();
  const kb = b.map(key).sort();
  return ka.every((k, i) => k === kb[i]);
};

const optionalEquals = (a: string | undefined, b: string | undefined, norm: (s: string) => string): boolean =>
  a === undefined || b === undefined ? a === b : norm(a) === norm(b);

/** RFC 3261 §19.1.4. */
const sipEquals = (a: SipUri, b: SipUri): boolean =>
  // "A SIP and SIPS URI are never equivalent."
  a.scheme === b.scheme &&
  // "Comparison of the userinfo of SIP and SIPS URIs is case-sensitive."
  optionalEquals(a.user, b.user, exact) &&
  optionalEquals(a.password, b.password, exact) &&
  hostEquals(a.host, b.host) &&
  // "a URI omitting the optional port component will not match a URI explicitly declaring port 5060"
  a.port === b.port &&
  sipParamsEqual(a.params, b.params) &&
  sipHeadersEqual(a.headers, b.headers);

/** Digits of a tel number or global-number-digits with visual separators removed (RFC 3966 §4). */
const telDigits = (s: string): string => {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x2d && c !== 0x2e && c !== 0x28 && c !== 0x29) out += s[i] ?? "";
  }
  return lower(out);
};

/** RFC 3966 §4: same kind and digits, the same set of parameters with equal values, case-insensitive. */
const telEquals = (a: TelUri, b: TelUri): boolean => {
  if (telDigits(a.number) !== telDigits(b.number)) return false;
  const ma = paramMap(a.params);
  const mb = paramMap(b.params);
  if (ma.size !== mb.size) return false;
  for (const [k, v] of ma) {
    if (!mb.has(k)) return false;
    const w = mb.get(k);
    // phone-context is compared digit by digit when it is a global number, else as a host name.
    const norm = (x: string | undefined): string | undefined =>
      k === "phone-context" && x !== undefined && x.startsWith("+") ? telDigits(x) : x;
    if (norm(v) !== norm(w)) return false;
  }
  return true;
};

/** True when two URIs are equivalent: §19.1.4 for sip/sips, RFC 3966 §4 for tel. */
export const uriEquals = (a: Uri, b: Uri): boolean => {
  switch (a._tag) {
    case "SipUri":
      return b._tag === "SipUri" && sipEquals(a, b);
    case "TelUri":
      return b._tag === "TelUri" && telEquals(a, b);
    case "AbsoluteUri":
      return b._tag === "AbsoluteUri" && lower(a.scheme) === lower(b.scheme) && exact(a.rest) === exact(b.rest);
    default:
      return absurd(a);
  }
};

/** fp-ts Eq for URIs (§19.1.4). Note that it is not transitive, exactly as §19.1.4 warns. */
export const EqUri: Eq<Uri> = { equals: uriEquals };
