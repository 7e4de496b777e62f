// The authentication headers of RFC 3261 §20.6, §20.7, §20.27, §20.28, §20.44
// (Authentication-Info, Authorization, Proxy-Authenticate, Proxy-Authorization,
// WWW-Authenticate) with the digest parameters of RFC 7616 §3.3–3.5 and RFC 8760 §2.7. One
// header value holds exactly one challenge or one set of credentials: §7.3.1 exempts these
// headers from the comma-joining rule.
//
// Values are stored unquoted (RFC 7616's unq()), so a digest is computed straight from the
// model. Printing is canonical: RFC 7616 says which parameters a sender quotes and which it
// must not, and the parser accepts either form from a peer.
import * as E from "fp-ts/lib/Either.js";
import { isHexDigit, isToken, isWsp } from "../charset.js";
import { fail, isFail, type Fail } from "../uri/error.js";
import type { HeaderDef } from "./def.js";
import { headerError, type HeaderError } from "./error.js";
import { scanToken, skipLws } from "./lex.js";
import { printAuthenticationInfo, printChallenge, printCredentials } from "./auth-print.js";
import { BACKSLASH, CR, DQUOTE, LF, isQdtext } from "./auth-model.js";
import type { AuthParam, AuthenticationInfo, Challenge, Credentials, DigestChallenge, DigestCredentials } from "./auth-model.js";

export type { AuthParam, AuthenticationInfo, Challenge, Credentials, DigestChallenge, DigestCredentials, OtherChallenge, OtherCredentials } from "./auth-model.js";

export { isAuthParamValue, printAuthenticationInfo, printChallenge, printCredentials } from "./auth-print.js";

// ---------------------------------------------------------------------------------------------
// Scanning: the auth-param list, one pass over the characters.

interface RawParam {
  readonly _tag: "Param";
  readonly name: string;
  readonly value: string;
  readonly quoted: boolean;
  readonly offset: number;
}

interface RawAuth {
  readonly _tag: "Raw";
  readonly scheme: string;
  readonly params: ReadonlyArray<RawParam>;
}


interface Quoted {
  readonly _tag: "Quoted";
  readonly text: string;
  /** Index just after the closing DQUOTE. */
  readonly end: number;
}

/** quoted-string from the opening DQUOTE at `from`, with quoted-pairs resolved. */
const scanQuoted = (s: string, from: number): Quoted | Fail => {
  let text = "";
  let runStart = from + 1;
  let i = from + 1;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === DQUOTE) return { _tag: "Quoted", text: text + s.slice(runStart, i), end: i + 1 };
    if (c === BACKSLASH) {
      // §25.1: quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F); CR and LF cannot be escaped.
      const next = s.charCodeAt(i + 1);
      if (i + 1 >= s.length || next === CR || next === LF) return fail("a backslash must escape a character other than CR or LF", i);
      text += s.slice(runStart, i) + s.charAt(i + 1);
      i += 2;
      runStart = i;
    } else if (isQdtext(c)) {
      i++;
    } else {
      return fail(`control character 0x${c.toString(16).padStart(2, "0")} inside a quoted-string`, i);
    }
  }
  return fail("unterminated quoted-string", from);
};

/** auth-param *(COMMA auth-param) from `from` to the end of `s` (§25), in one pass. */
const scanParamList = (s: string, from: number): ReadonlyArray<RawParam> | Fail => {
  const params: RawParam[] = [];
  let i = from;
  for (;;) {
    const nameStart = i;
    i = scanToken(s, i, s.length);
    if (i === nameStart) return fail("expected an auth-param name", i);
    const name = s.slice(nameStart, i);
    i = skipLws(s, i, s.length);
    if (s.charCodeAt(i) !== 0x3d) return fail(`expected "=" after "${name}"`, i);
    i = skipLws(s, i + 1, s.length);
    if (s.charCodeAt(i) === DQUOTE) {
      const q = scanQuoted(s, i);
      if (isFail(q)) return q;
      params.push({ _tag: "Param", name, value: q.text, quoted: true, offset: nameStart });
      i = q.end;
    } else {
      const valueStart = i;
      i = scanToken(s, i, s.length);
      if (i === valueStart) return fail(`expected a token or quoted-string value for "${name}"`, i);
      params.push({ _tag: "Param", name, value: s.slice(valueStart, i), quoted: false, offset: nameStart });
    }
    i = skipLws(s, i, s.length);
    if (i === s.length) return params;
    if (s.charCodeAt(i) !== 0x2c) return fail(`expected "," or the end after the value of "${name}"`, i);
    i = skipLws(s, i + 1, s.length);
  }
};

/** auth-scheme LWS auth-param *(COMMA auth-param) (§25 challenge, credentials). */
const scanAuth = (s: string): RawAuth | Fail => {
  let i = skipLws(s, 0, s.length);
  const schemeStart = i;
  i = scanToken(s, i, s.length);
  if (i === schemeStart) return fail("expected an auth-scheme token", i);
  const scheme = s.slice(schemeStart, i);
  const afterScheme = i;
  i = skipLws(s, i, s.length);
  if (i === s.length) return fail(`expected parameters after "${scheme}"`, i);
  if (i === afterScheme) return fail("expected whitespace after the auth-scheme", i);
  const params = scanParamList(s, i);
  return isFail(params) ? params : { _tag: "Raw", scheme, params };
};

// ---------------------------------------------------------------------------------------------
// Digest parameters.

/** Splits on whitespace and on `isSep` characters, dropping empty pieces. */
const splitList = (value: string, isSep: (c: number) => boolean): ReadonlyArray<string> => {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= value.length; i++) {
    const boundary = i === value.length || isSep(value.charCodeAt(i)) || isWsp(value.charCodeAt(i));
    if (boundary) {
      if (start >= 0) out.push(value.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  return out;
};

const isNcValue = (v: string): boolean => {
  if (v.length !== 8) return false;
  for (let i = 0; i < 8; i++) if (!isHexDigit(v.charCodeAt(i))) return false;
  return true;
};

const isDigest = (scheme: string): boolean => scheme.toLowerCase() === "digest";

const toAuthParam = (p: RawParam): AuthParam => ({ name: p.name, value: p.value, quoted: p.quoted });

interface Collected {
  readonly _tag: "Collected";
  /** The known parameters by lower-case name. */
  readonly known: ReadonlyMap<string, RawParam>;
  /** Every other auth-param, in order. */
  readonly rest: ReadonlyArray<AuthParam>;
}

/** Sorts the parameters into known and other, rejecting a known one that is repeated. */
const collect = (params: ReadonlyArray<RawParam>, names: ReadonlySet<string>): Collected | Fail => {
  const known = new Map<string, RawParam>();
  const rest: AuthParam[] = [];
  for (const p of params) {
    const key = p.name.toLowerCase();
    if (!names.has(key)) rest.push(toAuthParam(p));
    else if (known.has(key)) return fail(`duplicate parameter "${key}"`, p.offset);
    else known.set(key, p);
  }
  return { _tag: "Collected", known, rest };
};

/** A parameter RFC 7616 sends as a token: its value (unquoted if a lenient peer quoted it) must be one. */
const tokenValue = (p: RawParam): string | Fail => (isToken(p.value) ? p.value : fail(`"${p.name}" must be a token`, p.offset));

/** RFC 7616 §3.3: stale and userhash are true only when they say "true" (case-insensitive). */
const flag = (p: RawParam): boolean => p.value.toLowerCase() === "true";

const CHALLENGE_PARAMS: ReadonlySet<string> = new Set(["realm", "domain", "nonce", "opaque", "stale", "algorithm", "qop", "charset", "userhash"]);
const CREDENTIAL_PARAMS: ReadonlySet<string> = new Set(["username", "realm", "nonce", "uri", "response", "algorithm", "cnonce", "opaque", "qop", "nc", "userhash"]);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const toDigestChallenge = (raw: RawAuth): DigestChallenge | Fail => {
  const c = collect(raw.params, CHALLENGE_PARAMS);
  if (isFail(c)) return c;
  const get = (k: string): RawParam | undefined => c.known.get(k);
  const realm = get("realm");
  const nonce = get("nonce");
  if (realm === undefined) return fail("a Digest challenge needs realm (RFC 7616 §3.3)", 0);
  if (nonce === undefined) return fail("a Digest challenge needs nonce (RFC 7616 §3.3)", 0);
  const out: Mutable<DigestChallenge> = { _tag: "DigestChallenge", realm: realm.value, nonce: nonce.value, params: c.rest };
  const domain = get("domain");
  if (domain !== undefined) out.domain = splitList(domain.value, () => false);
  const opaque = get("opaque");
  if (opaque !== undefined) out.opaque = opaque.value;
  const stale = get("stale");
  if (stale !== undefined) out.stale = flag(stale);
  const algorithm = get("algorithm");
  if (algorithm !== undefined) {
    const a = tokenValue(algorithm);
    if (typeof a !== "string") return a;
    out.algorithm = a;
  }
  const qop = get("qop");
  if (qop !== undefined) {
    // qop-options = "qop" EQUAL LDQUOT qop-value *("," qop-value) RDQUOT
    const values = splitList(qop.value, (ch) => ch === 0x2c);
    if (values.length === 0) return fail("qop lists no qop-value", qop.offset);
    for (const v of values) if (!isToken(v)) return fail(`qop-value "${v}" is not a token`, qop.offset);
    out.qop = values;
  }
  const charset = get("charset");
  if (charset !== undefined) out.charset = charset.value;
  const userhash = get("userhash");
  if (userhash !== undefined) out.userhash = flag(userhash);
  return out;
};

const toDigestCredentials = (raw: RawAuth): DigestCredentials | Fail => {
  const c = collect(raw.params, CREDENTIAL_PARAMS);
  if (isFail(c)) return c;
  const get = (k: string): RawParam | undefined => c.known.get(k);
  const required = (k: string): RawParam | Fail => {
    const p = get(k);
    if (p !== undefined) return p;
    if (k === "username" && c.rest.some((r) => r.name.toLowerCase() === "username*"))
      return fail("username* (RFC 7616 §3.4, RFC 8187 encoding) is not supported: send username", 0);
    return fail(`Digest credentials need ${k} (RFC 7616 §3.4)`, 0);
  };
  const username = required("username");
  if (isFail(username)) return username;
  // RFC 7616 §3.4: "Sending both username and username* in the same header option MUST be
  // treated as an error."
  if (c.rest.some((r) => r.name.toLowerCase() === "username*")) return fail("username and username* together (RFC 7616 §3.4)", 0);
  const realm = required("realm");
  if (isFail(realm)) return realm;
  const nonce = required("nonce");
  if (isFail(nonce)) return nonce;
  const response = required("response");
  if (isFail(response)) return response;
  const out: Mutable<DigestCredentials> = {
    _tag: "DigestCredentials",
    username: username.value,
    realm: realm.value,
    nonce: nonce.value,
    response: response.value,
    params: c.rest,
  };
  const uri = get("uri");
  if (uri !== undefined) out.uri = uri.value;
  const algorithm = get("algorithm");
  if (algorithm !== undefined) {
    const a = tokenValue(algorithm);
    if (typeof a !== "string") return a;
    out.algorithm = a;
  }
  const cnonce = get("cnonce");
  if (cnonce !== undefined) out.cnonce = cnonce.value;
  const opaque = get("opaque");
  if (opaque !== undefined) out.opaque = opaque.value;
  const qop = get("qop");
  if (qop !== undefined) {
    const q = tokenValue(qop);
    if (typeof q !== "string") return q;
    out.qop = q;
  }
  const nc = get("nc");
  if (nc !== undefined) {
    // §25: nc-value = 8LHEX
    if (!isNcValue(nc.value)) return fail("nc must be 8 hex digits (RFC 3261 §25 nc-value)", nc.offset);
    out.nc = nc.value;
  }
  const userhash = get("userhash");
  if (userhash !== undefined) out.userhash = flag(userhash);
  return out;
};

const INFO_PARAMS: ReadonlySet<string> = new Set(["nextnonce", "qop", "rspauth", "cnonce", "nc"]);

/** ainfo *(COMMA ainfo) (§25): no scheme, only parameters. */
const scanAuthenticationInfo = (s: string): AuthenticationInfo | Fail => {
  const raw = scanParamList(s, skipLws(s, 0, s.length));
  if (isFail(raw)) return raw;
  const c = collect(raw, INFO_PARAMS);
  if (isFail(c)) return c;
  const get = (k: string): RawParam | undefined => c.known.get(k);
  const out: Mutable<AuthenticationInfo> = { params: c.rest };
  const nextnonce = get("nextnonce");
  if (nextnonce !== undefined) out.nextnonce = nextnonce.value;
  const qop = get("qop");
  if (qop !== undefined) {
    const q = tokenValue(qop);
    if (typeof q !== "string") return q;
    out.qop = q;
  }
  const rspauth = get("rspauth");
  if (rspauth !== undefined) out.rspauth = rspauth.value;
  const cnonce = get("cnonce");
  if (cnonce !== undefined) out.cnonce = cnonce.value;
  const nc = get("nc");
  if (nc !== undefined) {
    if (!isNcValue(nc.value)) return fail("nc must be 8 hex digits (RFC 3261 §25 nc-value)", nc.offset);
    out.nc = nc.value;
  }
  return out;
};

/** Parses an Authentication-Info value (§20.6, RFC 7616 §3.5). */
export const parseAuthenticationInfo = (value: string): E.Either<HeaderError, AuthenticationInfo> => {
  const r = scanAuthenticationInfo(value);
  return isFail(r) ? E.left(headerError("Authentication-Info", value, r)) : E.right(r);
};

type ChallengeHeader = "WWW-Authenticate" | "Proxy-Authenticate";
type CredentialsHeader = "Authorization" | "Proxy-Authorization";

const challengeParser =
  (header: ChallengeHeader) =>
  (value: string): E.Either<HeaderError, Challenge> => {
    const raw = scanAuth(value);
    if (isFail(raw)) return E.left(headerError(header, value, raw));
    if (!isDigest(raw.scheme)) return E.right({ _tag: "OtherChallenge", scheme: raw.scheme, params: raw.params.map(toAuthParam) });
    const d = toDigestChallenge(raw);
    return isFail(d) ? E.left(headerError(header, value, d)) : E.right(d);
  };

const credentialsParser =
  (header: CredentialsHeader) =>
  (value: string): E.Either<HeaderError, Credentials> => {
    const raw = scanAuth(value);
    if (isFail(raw)) return E.left(headerError(header, value, raw));
    if (!isDigest(raw.scheme)) return E.right({ _tag: "OtherCredentials", scheme: raw.scheme, params: raw.params.map(toAuthParam) });
    const d = toDigestCredentials(raw);
    return isFail(d) ? E.left(headerError(header, value, d)) : E.right(d);
  };

/**
 * Parses a WWW-Authenticate value (§20.44, §25 challenge). A Digest challenge needs realm and
 * nonce; any other scheme is kept as an `OtherChallenge`.
 */
export const parseChallenge: (value: string) => E.Either<HeaderError, Challenge> = challengeParser("WWW-Authenticate");
/** `parseChallenge` for a Proxy-Authenticate value (§20.27): same grammar, errors name the header. */
export const parseProxyChallenge: (value: string) => E.Either<HeaderError, Challenge> = challengeParser("Proxy-Authenticate");

/**
 * Parses an Authorization value (§20.7, §25 credentials). Digest credentials need username,
 * realm, nonce and response; `nc` must be 8 hex digits.
 */
export const parseCredentials: (value: string) => E.Either<HeaderError, Credentials> = credentialsParser("Authorization");
/** `parseCredentials` for a Proxy-Authorization value (§20.28). */
export const parseProxyCredentials: (value: string) => E.Either<HeaderError, Credentials> = credentialsParser("Proxy-Authorization");

// ---------------------------------------------------------------------------------------------
// HeaderDefs for readHeader / readHeaderList. Not comma lists: §7.3.1 exempts the four
// challenge and credentials headers from combining, so each line holds one challenge or one
// set of credentials; an Authentication-Info value is one set of ainfo parameters.

const authHeader = <A>(name: string, parse: (value: string) => E.Either<HeaderError, A>, print: (a: A) => string): HeaderDef<A> => ({
  name,
  compact: undefined,
  list: false,
  emptyAllowed: false,
  parse,
  print,
});

/** WWW-Authenticate (§20.44): a 401's challenges, one per line. */
export const wwwAuthenticateHeader: HeaderDef<Challenge> = authHeader("WWW-Authenticate", parseChallenge, printChallenge);
/** Proxy-Authenticate (§20.27): a 407's challenges, one per line. */
export const proxyAuthenticateHeader: HeaderDef<Challenge> = authHeader("Proxy-Authenticate", parseProxyChallenge, printChallenge);
/** Authorization (§20.7). */
export const authorizationHeader: HeaderDef<Credentials> = authHeader("Authorization", parseCredentials, printCredentials);
/** Proxy-Authorization (§20.28). */
export const proxyAuthorizationHeader: HeaderDef<Credentials> = authHeader("Proxy-Authorization", parseProxyCredentials, printCredentials);
/** Authentication-Info (§20.6): one value per line; its commas separate its own parameters. */
export const authenticationInfoHeader: HeaderDef<AuthenticationInfo> = authHeader("Authentication-Info", parseAuthenticationInfo, printAuthenticationInfo);
