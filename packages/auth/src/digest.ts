// The digest computation of RFC 7616 §3.4.1–3.4.4 (RFC 2617 §3.2.2 for the no-qop form),
// shared by the client and the server so both sides compute the same bytes. This is the hot
// path of both sides: plain early returns on Either values, no fp-ts combinators per call.
import * as E from "fp-ts/lib/Either.js";
import type { AuthError } from "./errors.js";
import { hashHex, isHex, type Algorithm } from "./hash.js";

/** The qop-values this package applies: authentication, and authentication with integrity. */
export type Qop = "auth" | "auth-int";

/** What proves the user: the password, or H(A1) stored instead of it (RFC 7616 §5.2). */
export type Secret =
  | { readonly _tag: "Password"; readonly password: string }
  /** H(unq(username) ":" unq(realm) ":" passwd) in hex, for the challenge's algorithm. */
  | { readonly _tag: "HA1"; readonly ha1: string };

/** With qop, the nonce count and cnonce enter the digest; without, it is RFC 2069's form. */
export type Protection =
  | { readonly _tag: "NoQop" }
  | { readonly _tag: "Qop"; readonly qop: Qop; readonly nc: string; readonly cnonce: string };

/** H(A1) with A1 = unq(username) ":" unq(realm) ":" passwd (RFC 7616 §3.4.2): what a server stores. */
export const hashA1 = (algorithm: Algorithm, username: string, realm: string, password: string): string =>
  hashHex(algorithm.hash)(`${username}:${realm}:${password}`);

/** RFC 7616 §3.4.4: username = H( unq(username) ":" unq(realm) ). */
export const hashUsername = (algorithm: Algorithm, username: string, realm: string): string =>
  hashHex(algorithm.hash)(`${username}:${realm}`);

/** What the digest response is computed from (RFC 7616 §3.4.1): the credentials, the challenge's values and the request's method and URI. */
export interface DigestInput {
  readonly algorithm: Algorithm;
  /** The user name in plain text (not the userhash). */
  readonly username: string;
  readonly realm: string;
  readonly secret: Secret;
  readonly nonce: string;
  readonly method: string;
  /** digest-uri-value, exactly as it is sent in `uri` (RFC 8760 §2.6 item 3). */
  readonly uri: string;
  readonly protection: Protection;
  /** The entity-body for auth-int; no body hashes as the empty string (RFC 8760 §2.6 item 7). */
  readonly body: Uint8Array;
}

const ha1Of = (d: DigestInput): E.Either<AuthError, string> => {
  if (d.secret._tag === "Password") return E.right(hashA1(d.algorithm, d.username, d.realm, d.secret.password));
  return isHex(d.secret.ha1, d.algorithm.hexLength)
    ? E.right(d.secret.ha1.toLowerCase())
    : E.left({ _tag: "BadHA1", expectedLength: d.algorithm.hexLength });
};

/**
 * request-digest (RFC 7616 §3.4.1), in lower-case hex:
 *   with qop:    KD(H(A1), unq(nonce) ":" nc ":" unq(cnonce) ":" unq(qop) ":" H(A2))
 *   without qop: KD(H(A1), unq(nonce) ":" H(A2))                       (RFC 2617 §3.2.2.1)
 * where KD(secret, data) = H(secret ":" data).
 */
export const requestDigest = (d: DigestInput): E.Either<AuthError, string> => {
  const H = hashHex(d.algorithm.hash);
  const p = d.protection;
  if (d.algorithm.session && p._tag === "NoQop") return E.left({ _tag: "SessionNeedsQop", algorithm: d.algorithm.name });
  const baseHa1 = ha1Of(d);
  if (E.isLeft(baseHa1)) return baseHa1;
  // RFC 7616 §3.4.2: for "<algorithm>-sess", A1 = H(user:realm:passwd) ":" nonce ":" cnonce.
  const ha1 = d.algorithm.session && p._tag === "Qop" ? H(`${baseHa1.right}:${d.nonce}:${p.cnonce}`) : baseHa1.right;
  // RFC 7616 §3.4.3: A2 = Method ":" request-uri [ ":" H(entity-body) for auth-int ].
  const a2 = p._tag === "Qop" && p.qop === "auth-int" ? `${d.method}:${d.uri}:${H(d.body)}` : `${d.method}:${d.uri}`;
  const ha2 = H(a2);
  return E.right(p._tag === "Qop" ? H(`${ha1}:${d.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`) : H(`${ha1}:${d.nonce}:${ha2}`));
};

/** nc-value: the count as 8 lower-case hex digits (RFC 7616 §3.4, "nc=00000001"). */
export const formatNonceCount = (nc: number): string => nc.toString(16).padStart(8, "0");
