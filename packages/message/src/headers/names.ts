// Header names: case-insensitive (§7.3.1: "field names are always case-insensitive") and
// with the compact forms of §7.3.3 plus those registered by the extensions (IANA "Header
// Fields" registry: RFC 3515, 3841, 3892, 4028, 6665, 8224).

/** Canonical spelling of the header names this package knows, by lower-case name. */
const CANONICAL: ReadonlyArray<string> = [
  "Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language", "Alert-Info", "Allow", "Allow-Events",
  "Authentication-Info", "Authorization", "Call-ID", "Call-Info", "Contact", "Content-Disposition",
  "Content-Encoding", "Content-Language", "Content-Length", "Content-Type", "CSeq", "Date", "Error-Info",
  "Event", "Expires", "From", "Identity", "Identity-Info", "In-Reply-To", "Max-Forwards", "MIME-Version",
  "Min-Expires", "Min-SE", "Organization", "P-Asserted-Identity", "P-Preferred-Identity", "Path", "Priority",
  "Privacy", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Require", "RAck", "Reason", "Record-Route",
  "Refer-To", "Referred-By", "Reject-Contact", "Reply-To", "Request-Disposition", "Require", "Retry-After",
  "Route", "RSeq", "Server", "Service-Route", "Session-Expires", "Subject", "Subscription-State", "Supported",
  "Timestamp", "To", "Unsupported", "User-Agent", "Via", "Warning", "WWW-Authenticate",
];

/** Compact form (one letter) → full name. */
export const COMPACT_FORMS: Readonly<Record<string, string>> = {
  a: "Accept-Contact", // RFC 3841
  b: "Referred-By", // RFC 3892
  c: "Content-Type",
  d: "Request-Disposition", // RFC 3841
  e: "Content-Encoding",
  f: "From",
  i: "Call-ID",
  j: "Reject-Contact", // RFC 3841
  k: "Supported",
  l: "Content-Length",
  m: "Contact",
  n: "Identity-Info", // RFC 4474
  o: "Event", // RFC 6665
  r: "Refer-To", // RFC 3515
  s: "Subject",
  t: "To",
  u: "Allow-Events", // RFC 6665
  v: "Via",
  x: "Session-Expires", // RFC 4028
  y: "Identity", // RFC 8224
};

const BY_LOWER: ReadonlyMap<string, string> = new Map([
  ...CANONICAL.map((n) => [n.toLowerCase(), n] as const),
  ...Object.entries(COMPACT_FORMS),
]);

/** The compact form of a full header name, if it has one. */
export const compactForm = (name: string): string | undefined => {
  const full = canonicalHeaderName(name).toLowerCase();
  for (const [k, v] of Object.entries(COMPACT_FORMS)) if (v.toLowerCase() === full) return k;
  return undefined;
};

/**
 * The canonical spelling of a header name: compact forms expanded (§7.3.3), known names in
 * their RFC spelling, any other name returned as written (unknown headers stay verbatim).
 */
export const canonicalHeaderName = (name: string): string => BY_LOWER.get(name.toLowerCase()) ?? name;

const KEY_BY_LOWER: ReadonlyMap<string, string> = new Map(Array.from(BY_LOWER, ([k, v]) => [k, v.toLowerCase()] as const));

/** The key of each known name as RFC 3261 spells it, lower-cased or compact: no case folding for those. */
const KEY_BY_SPELLING: ReadonlyMap<string, string> = new Map([
  ...KEY_BY_LOWER,
  ...Array.from(BY_LOWER.values(), (canonical) => [canonical, canonical.toLowerCase()] as const),
  ...Object.keys(COMPACT_FORMS).map((c) => [c.toUpperCase(), KEY_BY_LOWER.get(c) ?? c] as const),
]);

/** A key for comparing header names: lower case, compact forms expanded. */
export const headerKey = (name: string): string => {
  const known = KEY_BY_SPELLING.get(name);
  if (known !== undefined) return known;
  const lower = name.toLowerCase();
  return KEY_BY_LOWER.get(lower) ?? lower;
};

/** True when two header names denote the same header (case, compact forms: §7.3.1, §7.3.3). */
export const headerNameEquals = (a: string, b: string): boolean => a === b || headerKey(a) === headerKey(b);
