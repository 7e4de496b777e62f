// parseUri: SIP-URI / SIPS-URI (RFC 3261 §19.1, §25.1), tel (RFC 3966) and any other
// absoluteURI kept opaque. One left-to-right scan with indices; user, password and
// parameters stay %-escaped exactly as written (§19.1.2), so nothing is ever decoded twice.
import * as E from "fp-ts/lib/Either.js";
import type { Host, Param, SipUri, Uri } from "../model.js";
import { NONE } from "../empty.js";
import { HNV, LENIENT_USER_EXTRA, PARAM, PASSWORD, SCHEME, URIC, USER_LENIENT, equalsIgnoreCase, inClass, indexOfIn, isAlpha, scanClass } from "./chars.js";
import { fail, isFail, uriError, type Fail, type UriError } from "./error.js";
import { scanHostPort } from "./host.js";
import { scanTel } from "./tel.js";

const badChar = (s: string, i: number, what: string): Fail =>
  fail(s.charCodeAt(i) === 0x25 ? "invalid %-escape (expected % HEXDIG HEXDIG)" : `unexpected character in ${what}`, i);

/** Scans `SIP-URI` / `SIPS-URI` after "sip:" / "sips:" (`i` is just past the colon). */
const scanSip = (s: string, scheme: "sip" | "sips", i: number, end: number): SipUri | Fail => {
  let user: string | undefined;
  let password: string | undefined;
  // userinfo = ( user / telephone-subscriber ) [ ":" password ] "@": "@" appears nowhere
  // else in a SIP URI unescaped, so the first one closes the userinfo.
  const at = indexOfIn(s, 0x40, i, end);
  if (at >= 0) {
    // Lenient (§25.1 plus LENIENT_USER_EXTRA); the strict option checks afterwards (strictUserFail).
    const userEnd = scanClass(s, i, at, USER_LENIENT);
    if (userEnd === i) return s.charCodeAt(i) === 0x40 ? fail("empty user before '@'", i) : badChar(s, i, "user");
    user = s.slice(i, userEnd);
    if (userEnd < at) {
      if (s.charCodeAt(userEnd) !== 0x3a) return badChar(s, userEnd, "user");
      const passwordEnd = scanClass(s, userEnd + 1, at, PASSWORD);
      if (passwordEnd < at) return badChar(s, passwordEnd, "password");
      password = s.slice(userEnd + 1, at);
    }
    i = at + 1;
  }
  const hp = scanHostPort(s, i, end);
  if (isFail(hp)) return hp;
  i = hp.next;
  let params: Array<Param> | undefined;
  // uri-parameters = *( ";" uri-parameter ); other-param = pname [ "=" pvalue ]
  while (i < end && s.charCodeAt(i) === 0x3b) {
    const nameEnd = scanClass(s, i + 1, end, PARAM);
    if (nameEnd === i + 1) return fail("empty URI parameter name", i + 1);
    const name = s.slice(i + 1, nameEnd);
    if (nameEnd < end && s.charCodeAt(nameEnd) === 0x3d) {
      const valueEnd = scanClass(s, nameEnd + 1, end, PARAM);
      if (valueEnd === nameEnd + 1) return fail("empty URI parameter value", nameEnd + 1);
      (params ??= []).push({ name, value: s.slice(nameEnd + 1, valueEnd) });
      i = valueEnd;
    } else {
      (params ??= []).push({ name });
      i = nameEnd;
    }
  }
  let headers: Array<Param> | undefined;
  // headers = "?" header *( "&" header ); header = hname "=" hvalue
  if (i < end && s.charCodeAt(i) === 0x3f) {
    do {
      const nameEnd = scanClass(s, i + 1, end, HNV);
      if (nameEnd === i + 1) return fail("empty URI header name", i + 1);
      if (nameEnd >= end || s.charCodeAt(nameEnd) !== 0x3d) return fail("expected '=' after a URI header name", nameEnd);
      const valueEnd = scanClass(s, nameEnd + 1, end, HNV);
      (headers ??= []).push({ name: s.slice(i + 1, nameEnd), value: s.slice(nameEnd + 1, valueEnd) });
      i = valueEnd;
    } while (i < end && s.charCodeAt(i) === 0x26);
  }
  if (i < end) return badChar(s, i, "SIP URI");
  return sipUri(scheme, hp.host, hp.port, user, password, params ?? NONE, headers ?? NONE);
};

const sipUri = (scheme: "sip" | "sips", host: Host, port: number | undefined, user: string | undefined, password: string | undefined, params: ReadonlyArray<Param>, headers: ReadonlyArray<Param>): SipUri => {
  // One literal per common shape, properties in the same order as ever: adding them afterwards
  // costs a transition and an out-of-object property store in every retained URI.
  if (password === undefined) {
    if (user === undefined) return port === undefined ? { _tag: "SipUri", scheme, host, params, headers } : { _tag: "SipUri", scheme, host, params, headers, port };
    return port === undefined ? { _tag: "SipUri", scheme, host, params, headers, user } : { _tag: "SipUri", scheme, host, params, headers, user, port };
  }
  const uri: { -readonly [K in keyof SipUri]: SipUri[K] } = { _tag: "SipUri", scheme, host, params, headers };
  if (user !== undefined) uri.user = user;
  uri.password = password;
  if (port !== undefined) uri.port = port;
  return uri;
};

/**
 * Scans one URI occupying all of `s[start, end)`. Scheme names are case-insensitive
 * (§19.1.4), so `sip`, `sips` and `tel` are recognised in any case and stored in lower case.
 */
export const scanUri = (s: string, start: number, end: number): Uri | Fail => {
  if (start >= end || !isAlpha(s.charCodeAt(start))) return fail("expected a URI scheme", start);
  let i = start + 1;
  while (i < end && inClass(SCHEME, s.charCodeAt(i))) i++;
  if (i >= end || s.charCodeAt(i) !== 0x3a) return fail("expected ':' after the URI scheme", i);
  if (equalsIgnoreCase(s, start, i, "sip")) return scanSip(s, "sip", i + 1, end);
  if (equalsIgnoreCase(s, start, i, "sips")) return scanSip(s, "sips", i + 1, end);
  if (equalsIgnoreCase(s, start, i, "tel")) return scanTel(s, i + 1, end);
  // absoluteURI = scheme ":" ( hier-part / opaque-part ): kept opaque, only its characters checked.
  const restEnd = scanClass(s, i + 1, end, URIC);
  if (restEnd === i + 1) return fail("empty URI after the scheme", i + 1);
  if (restEnd < end) return badChar(s, restEnd, "URI");
  return { _tag: "AbsoluteUri", scheme: s.slice(start, i), rest: s.slice(i + 1, end) };
};

/** Options of `parseUri`. */
export interface UriOptions {
  /** Refuse the lenient user-part characters (`#` and the others of LENIENT_USER_EXTRA), as §25.1 does. */
  readonly strict?: boolean;
}

/**
 * Where the user part of a SIP or SIPS URI holds a character only the lenient rule accepts
 * (its index in the user), or -1. USER itself is checked by the scan: this finds only those.
 */
export const lenientUserIndex = (uri: Uri): number => {
  if (uri._tag !== "SipUri" || uri.user === undefined) return -1;
  const user = uri.user;
  for (let i = 0; i < user.length; i++) if (LENIENT_USER_EXTRA.includes(user.charAt(i))) return i;
  return -1;
};

/** The strict rule's complaint about a URI the lenient scan accepted, or undefined. */
export const strictUserDetail = (uri: Uri): string | undefined => {
  const i = lenientUserIndex(uri);
  return i < 0 || uri._tag !== "SipUri" ? undefined : `'${uri.user?.charAt(i) ?? ""}' in the user part must be %-escaped (§25.1; strict)`;
};

/**
 * Parses a whole string as a URI: `sip:`, `sips:`, `tel:` or any other absoluteURI. The user
 * part of a SIP URI may hold `#` and the other LENIENT_USER_EXTRA characters unescaped unless
 * `options.strict` is set.
 */
export const parseUri = (text: string, options?: UriOptions): E.Either<UriError, Uri> => {
  const r = scanUri(text, 0, text.length);
  if (isFail(r)) return E.left(uriError(text, r));
  if (options?.strict === true) {
    const i = lenientUserIndex(r);
    if (i >= 0) return E.left(uriError(text, fail("a character in the user part that must be %-escaped (§25.1; strict)", text.indexOf(":") + 1 + i)));
  }
  return E.right(r);
};
