// The client side (RFC 3261 §22.2, §22.3; RFC 7616 §3.4): answer a Digest challenge with
// credentials for one request. Entropy enters as data: the caller supplies the cnonce, and
// counts the requests it has sent with this nonce (nc).
import { isAuthParamValue, isToken, type DigestChallenge, type DigestCredentials } from "@puresip/message";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { formatNonceCount, hashUsername, requestDigest, type Protection, type Qop, type Secret } from "./digest.js";
import type { AuthError } from "./errors.js";
import { parseAlgorithm, toHex, type Algorithm } from "./hash.js";

/** What a client needs to answer a challenge (RFC 3261 §22.2, RFC 7616 §3.4): the challenge, the user's secret, the request, and the cnonce and nc it uses. */
export interface RespondInput {
  readonly challenge: DigestChallenge;
  /** The user name in plain text; hashed here when the challenge asks for userhash (RFC 7616 §3.4.4). */
  readonly username: string;
  readonly secret: Secret;
  /** The request's method (RFC 7616 §3.4.3 A2). */
  readonly method: string;
  /** The Request-URI as it will be sent (RFC 8760 §2.6 item 3: digest-uri-value = Request-URI). */
  readonly uri: string;
  /** The message body, for qop=auth-int; absent means an empty body (RFC 8760 §2.6 item 7). */
  readonly body?: Uint8Array;
  /** How many requests, this one included, the client has sent with this nonce: 1 for the first. */
  readonly nc: number;
  /** A fresh client nonce; `hexEntropy` turns random bytes into one. */
  readonly cnonce: string;
  /** The qop to apply; by default auth when offered, else auth-int. */
  readonly qop?: Qop;
}

const EMPTY = new Uint8Array(0);

/** A nonce or cnonce from random bytes (at least 16 are a sound choice): their lower-case hex. */
export const hexEntropy = (bytes: Uint8Array): string => toHex(bytes);

const badValue = (field: string, reason: string): AuthError => ({ _tag: "BadValue", field, reason });

/**
 * RFC 3261 §22.4 item 8: "If a client receives a qop parameter in a challenge header field, it
 * MUST send the qop parameter"; its value "MUST be one of the alternatives the server indicated"
 * (RFC 7616 §3.4). No qop-options means RFC 2069's form, with no nc and no cnonce.
 */
const chooseQop = (offered: ReadonlyArray<string> | undefined, wanted: Qop | undefined): E.Either<AuthError, Qop | undefined> => {
  if (offered === undefined) return E.right(undefined);
  const has = (q: Qop): boolean => offered.some((o) => o.toLowerCase() === q);
  if (wanted !== undefined) return has(wanted) ? E.right(wanted) : E.left({ _tag: "UnsupportedQop", offered });
  if (has("auth")) return E.right("auth");
  if (has("auth-int")) return E.right("auth-int");
  return E.left({ _tag: "UnsupportedQop", offered });
};

const protectionFor = (qop: Qop | undefined, input: RespondInput): E.Either<AuthError, Protection> => {
  if (qop === undefined) return E.right({ _tag: "NoQop" });
  if (!Number.isInteger(input.nc) || input.nc < 1 || input.nc > 0xffffffff) return E.left(badValue("nc", "the nonce count is an integer from 1 to 0xffffffff"));
  if (input.cnonce === "" || !isAuthParamValue(input.cnonce)) return E.left(badValue("cnonce", "a cnonce is non-empty and has no CR or LF"));
  return E.right({ _tag: "Qop", qop, nc: formatNonceCount(input.nc), cnonce: input.cnonce });
};

/** The first input that cannot be sent, if any. */
const badInput = (input: RespondInput): AuthError | undefined => {
  if (!isToken(input.method)) return badValue("method", "a method is a token (RFC 3261 §25.1)");
  if (!isAuthParamValue(input.username)) return badValue("username", "a username has no CR or LF");
  if (input.uri === "" || !isAuthParamValue(input.uri)) return badValue("uri", "a uri is the non-empty Request-URI, with no CR or LF");
  return undefined;
};

const credentials = (input: RespondInput, algorithm: Algorithm, protection: Protection, response: string): DigestCredentials => {
  const c = input.challenge;
  // RFC 7616 §3.4.4: with userhash the client sends H(username ":" realm) instead of the name.
  const userhash = c.userhash === true;
  return {
    _tag: "DigestCredentials",
    username: userhash ? hashUsername(algorithm, input.username, c.realm) : input.username,
    realm: c.realm,
    nonce: c.nonce,
    uri: input.uri,
    response,
    // RFC 7616 §3.4: "The values of the opaque and algorithm fields must be those supplied".
    ...(c.algorithm !== undefined ? { algorithm: c.algorithm } : {}),
    ...(protection._tag === "Qop" ? { cnonce: protection.cnonce } : {}),
    ...(c.opaque !== undefined ? { opaque: c.opaque } : {}),
    ...(protection._tag === "Qop" ? { qop: protection.qop, nc: protection.nc } : {}),
    ...(userhash ? { userhash: true } : {}),
    params: [],
  };
};

/**
 * Credentials that answer `input.challenge` for one request (RFC 7616 §3.4), ready for
 * `printCredentials` in an Authorization or Proxy-Authorization header. Fails with a reason
 * when the challenge cannot be answered (unknown algorithm, no applicable qop) or an input is
 * out of range.
 */
export const respond = (input: RespondInput): E.Either<AuthError, DigestCredentials> => {
  const bad = badInput(input);
  if (bad !== undefined) return E.left(bad);
  const algorithm = parseAlgorithm(input.challenge.algorithm);
  if (O.isNone(algorithm)) return E.left({ _tag: "UnsupportedAlgorithm", algorithm: input.challenge.algorithm ?? "MD5" });
  const qop = chooseQop(input.challenge.qop, input.qop);
  if (E.isLeft(qop)) return qop;
  const protection = protectionFor(qop.right, input);
  if (E.isLeft(protection)) return protection;
  const response = requestDigest({
    algorithm: algorithm.value,
    username: input.username,
    realm: input.challenge.realm,
    secret: input.secret,
    nonce: input.challenge.nonce,
    method: input.method,
    uri: input.uri,
    protection: protection.right,
    body: input.body ?? EMPTY,
  });
  return E.isLeft(response) ? response : E.right(credentials(input, algorithm.value, protection.right, response.right));
};
