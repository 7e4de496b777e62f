// The server side (RFC 3261 §22.1–22.3, RFC 7616 §3.3, RFC 8760 §2.3): issue challenges and
// check the credentials that answer them. The nonce is data from the caller's CSPRNG, and the
// nonce state is plain data (codec.ts) that the caller stores between requests, keyed by nonce.
import { isAuthParamValue, isToken, parseUri, uriEquals, type DigestChallenge, type DigestCredentials } from "@puresip/message";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { constantTimeEqual } from "./compare.js";
import { requestDigest, type Qop, type Secret } from "./digest.js";
import { plainUsername, required, same, type Checked } from "./checks.js";
import type { AuthError, VerifyError } from "./errors.js";
import { ALGORITHMS, isHex, parseAlgorithm, type Algorithm, type AlgorithmName } from "./hash.js";
import { NO_COUNTS, acceptNonceCount, type NonceCounts } from "./replay.js";

/** What the server remembers about one nonce it issued. */
export interface NonceState extends NonceCounts {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque?: string;
  /** The algorithms offered with this nonce, most preferred first. */
  readonly algorithms: ReadonlyArray<AlgorithmName>;
  readonly qop: ReadonlyArray<Qop>;
  /** When the nonce stops being accepted, on the clock the adapter passes as `now`. */
  readonly expiresAt?: number;
}

/** What a server needs to challenge a request (RFC 3261 §22.1, RFC 7616 §3.3): realm, algorithms in order of preference, qop and the nonce's ingredients. */
export interface ChallengeInput {
  readonly realm: string;
  /** Fresh and unpredictable, from the adapter's CSPRNG (`hexEntropy` of 16+ random bytes). */
  readonly nonce: string;
  readonly opaque?: string;
  /** RFC 7616 §3.3: true when the previous credentials were right but their nonce was not. */
  readonly stale?: boolean;
  /** One challenge per algorithm, in order of preference (RFC 8760 §2.3); default SHA-256. */
  readonly algorithms?: ReadonlyArray<AlgorithmName>;
  /** The qop-values offered; default auth. RFC 3261 §22.4 item 8: servers MUST send qop. */
  readonly qop?: ReadonlyArray<Qop>;
  /** RFC 7616 §3.4.4: ask the client to send H(username ":" realm) instead of the name. */
  readonly userhash?: boolean;
  /**
   * The end of the nonce's lifetime (RFC 7616 §5.4 limited-use nonces), in the milliseconds of
   * the clock the adapter will pass to `verify` as `now`. Time enters as data.
   */
  readonly expiresAt?: number;
}

/** The WWW-Authenticate (or Proxy-Authenticate) values to send, and the state to store. */
export interface Issued {
  readonly challenges: ReadonlyArray<DigestChallenge>;
  readonly state: NonceState;
}

const badValue = (field: string, reason: string): AuthError => ({ _tag: "BadValue", field, reason });

/**
 * Challenges for one 401/407 response, all with the same nonce, and the state that `verify`
 * needs. Several algorithms give several challenges, most preferred first (RFC 8760 §2.3:
 * "each of these header fields MUST use a different digest algorithm").
 */
export const createChallenge = (input: ChallengeInput): E.Either<AuthError, Issued> => {
  const algorithms = input.algorithms ?? ["SHA-256"];
  const qop = input.qop ?? ["auth"];
  if (!isAuthParamValue(input.realm)) return E.left(badValue("realm", "a realm has no CR or LF"));
  if (input.nonce === "" || !isAuthParamValue(input.nonce)) return E.left(badValue("nonce", "a nonce is non-empty and has no CR or LF"));
  if (input.opaque !== undefined && !isAuthParamValue(input.opaque)) return E.left(badValue("opaque", "opaque has no CR or LF"));
  if (algorithms.length === 0) return E.left(badValue("algorithms", "offer at least one algorithm"));
  if (new Set(algorithms).size !== algorithms.length) return E.left(badValue("algorithms", "each challenge must use a different algorithm (RFC 8760 §2.3)"));
  for (const a of algorithms) if (!ALGORITHMS.some((known) => known.name === a)) return E.left({ _tag: "UnsupportedAlgorithm", algorithm: a });
  if (qop.length === 0) return E.left(badValue("qop", "servers MUST always send a qop parameter (RFC 3261 §22.4 item 8)"));
  if (input.expiresAt !== undefined && !Number.isFinite(input.expiresAt)) return E.left(badValue("expiresAt", "a finite time"));
  const state: NonceState = {
    realm: input.realm,
    nonce: input.nonce,
    ...(input.opaque !== undefined ? { opaque: input.opaque } : {}),
    algorithms,
    qop,
    ...(input.expiresAt !== undefined ? { expiresAt: input.expiresAt } : {}),
    ...NO_COUNTS,
  };
  const challenges = algorithms.map(
    (algorithm): DigestChallenge => ({
      _tag: "DigestChallenge",
      realm: input.realm,
      nonce: input.nonce,
      ...(input.opaque !== undefined ? { opaque: input.opaque } : {}),
      ...(input.stale !== undefined ? { stale: input.stale } : {}),
      algorithm,
      qop,
      ...(input.userhash !== undefined ? { userhash: input.userhash } : {}),
      params: [],
    }),
  );
  return E.right({ challenges, state });
};

/** What a server needs to verify credentials (RFC 7616 §3.4): the credentials, the request, the stored secret and the nonce state it issued. */
export interface VerifyInput {
  /**
   * The password, or the stored H(A1) for the algorithm the credentials name (one HA1 per
   * algorithm: look at `credentials.algorithm`, absent meaning MD5).
   */
  readonly secret: Secret;
  /** The method of the request that carried the credentials. */
  readonly method: string;
  /** Its body, for qop=auth-int; absent means empty. */
  readonly body?: Uint8Array;
  /**
   * The plain user name the caller looked the account up by. Required when the credentials
   * carry userhash=true (the credentials then hold only the hash); checked when given.
   */
  readonly username?: string;
  /** The adapter's clock, needed when the state has `expiresAt`. */
  readonly now?: number;
  /**
   * The Request-URI of the request that carried the credentials, as written. When given, the
   * credentials' `uri` must name the same resource (RFC 7616 §3.4.6: "The authenticating server
   * MUST assure that the resource designated by the "uri" parameter is the same as the resource
   * specified in the Request-Line"): equal as text or as SIP URIs (RFC 3261 §19.1.4). RFC 8760
   * §2.6 item 6 lets a SIP UAS that takes forwarded requests leave it out and check the user.
   */
  readonly requestUri?: string;
}

/** RFC 7616 §3.4.6 (and RFC 8760 §2.6 item 3: digest-uri-value = Request-URI). */
const sameResource = (digestUri: string, requestUri: string): boolean => {
  if (digestUri === requestUri) return true;
  const a = parseUri(digestUri);
  const b = parseUri(requestUri);
  return E.isRight(a) && E.isRight(b) && uriEquals(a.right, b.right);
};

const EMPTY = new Uint8Array(0);

/** The credentials' algorithm, which must be one this nonce was offered with. */
const algorithmOf = (state: NonceState, credentials: DigestCredentials): Checked<Algorithm> => {
  const a = parseAlgorithm(credentials.algorithm);
  return O.isSome(a) && state.algorithms.includes(a.value.name) ? E.right(a.value) : E.left({ _tag: "Mismatch", field: "algorithm" });
};

/** RFC 7616 §3.4 qop: "Its value MUST be one of the alternatives the server indicated". */
const qopOf = (state: NonceState, credentials: DigestCredentials): Checked<Qop> => {
  const q = required("qop", credentials.qop);
  if (E.isLeft(q)) return q;
  const lower = q.right.toLowerCase();
  const offered = state.qop.find((o) => o === lower);
  return offered === undefined ? E.left({ _tag: "QopNotOffered", qop: q.right }) : E.right(offered);
};

/**
 * Checks credentials against the nonce state they answer (RFC 7616 §3.4, RFC 3261 §22.4) and
 * returns the state with their nonce count recorded, to be stored in place of the old one.
 *
 * Realm, nonce, opaque and algorithm must be what was issued; qop, uri, nc and cnonce must be
 * present (RFC 3261 §22.4 item 8: a client that received qop "MUST send the qop parameter");
 * `uri` must name the Request-URI when `requestUri` is given (RFC 7616 §3.4.6);
 * the response is compared in constant time; then a nonce past its `expiresAt` is `Expired`
 * and a nonce count seen before is a `Replay`.
 * RFC 8760 §2.6 item 6 leaves whether `uri` names a user the server serves to the caller.
 */
export const verify = (credentials: DigestCredentials, input: VerifyInput, state: NonceState): E.Either<VerifyError, NonceState> => {
  // Plain early returns: this runs for every authenticated request.
  const realm = same("realm", state.realm, credentials.realm);
  if (E.isLeft(realm)) return realm;
  const nonce = same("nonce", state.nonce, credentials.nonce);
  if (E.isLeft(nonce)) return nonce;
  if (state.opaque !== undefined) {
    const opaque = same("opaque", state.opaque, credentials.opaque);
    if (E.isLeft(opaque)) return opaque;
  }
  const algorithm = algorithmOf(state, credentials);
  if (E.isLeft(algorithm)) return algorithm;
  const qop = qopOf(state, credentials);
  if (E.isLeft(qop)) return qop;
  const uri = required("uri", credentials.uri);
  if (E.isLeft(uri)) return uri;
  if (input.requestUri !== undefined && !sameResource(uri.right, input.requestUri)) return E.left({ _tag: "Mismatch", field: "uri" });
  const cnonce = required("cnonce", credentials.cnonce);
  if (E.isLeft(cnonce)) return cnonce;
  const nc = required("nc", credentials.nc);
  if (E.isLeft(nc)) return nc;
  if (!isHex(nc.right, 8) || nc.right === "00000000") return E.left({ _tag: "BadValue", field: "nc", reason: "nc is 8 hex digits, from 00000001" });
  if (!isToken(input.method)) return E.left({ _tag: "BadValue", field: "method", reason: "a method is a token" });
  const username = plainUsername(algorithm.right, credentials, input);
  if (E.isLeft(username)) return username;
  const expected = requestDigest({
    algorithm: algorithm.right,
    username: username.right,
    realm: credentials.realm,
    secret: input.secret,
    nonce: credentials.nonce,
    method: input.method,
    uri: uri.right,
    protection: { _tag: "Qop", qop: qop.right, nc: nc.right, cnonce: cnonce.right },
    body: input.body ?? EMPTY,
  });
  if (E.isLeft(expected)) return expected;
  if (!constantTimeEqual(expected.right, credentials.response.toLowerCase())) return E.left({ _tag: "WrongResponse" });
  // Checked after the response, so an expired nonce is reported (stale=true) only to a client
  // that knows the secret (RFC 7616 §3.3 stale).
  if (state.expiresAt !== undefined) {
    if (input.now === undefined) return E.left({ _tag: "BadValue", field: "now", reason: "this nonce expires: pass the clock as now" });
    if (input.now >= state.expiresAt) return E.left({ _tag: "Expired", expiresAt: state.expiresAt });
  }
  // Only credentials that prove the secret advance the count, so a forger cannot burn counts.
  const count = parseInt(nc.right, 16);
  const counts = acceptNonceCount(state, count);
  return E.isLeft(counts) ? E.left({ _tag: "Replay", nc: count }) : E.right({ ...state, highestNc: counts.right.highestNc, window: counts.right.window });
};
