// Authentication-Info (RFC 3261 §20.6, RFC 7616 §3.5): after accepting credentials a server
// can prove that it knows the secret too (rspauth, mutual authentication) and hand out the
// next nonce. rspauth is the request-digest with an empty method, so A2 = ":" digest-uri
// (and ":" H(entity-body) of the response for auth-int); qop, cnonce and nc are the request's.
import type { AuthenticationInfo, DigestCredentials } from "@puresip/message";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { plainUsername, required, same, type Checked } from "./checks.js";
import { constantTimeEqual } from "./compare.js";
import { requestDigest, type Protection, type Secret } from "./digest.js";
import type { VerifyError } from "./errors.js";
import { parseAlgorithm } from "./hash.js";

/** What the Authentication-Info header (RFC 7616 §3.5) is computed from. */
export interface InfoInput {
  /** The same secret that verified (server) or produced (client) the credentials. */
  readonly secret: Secret;
  /** The plain user name; needed when the credentials carry userhash (RFC 7616 §3.4.4). */
  readonly username?: string;
  /** The body of the response that carries Authentication-Info, for qop=auth-int. */
  readonly body?: Uint8Array;
}

const EMPTY = new Uint8Array(0);

/** The protection the credentials used: their qop with its nc and cnonce, or none. */
const protectionOf = (credentials: DigestCredentials): Checked<Protection> => {
  if (credentials.qop === undefined) return E.right({ _tag: "NoQop" });
  const qop = credentials.qop.toLowerCase();
  if (qop !== "auth" && qop !== "auth-int") return E.left({ _tag: "QopNotOffered", qop: credentials.qop });
  const nc = required("nc", credentials.nc);
  if (E.isLeft(nc)) return nc;
  const cnonce = required("cnonce", credentials.cnonce);
  if (E.isLeft(cnonce)) return cnonce;
  return E.right({ _tag: "Qop", qop, nc: nc.right, cnonce: cnonce.right });
};

/** rspauth for a response to `credentials` (RFC 7616 §3.5). */
const responseAuth = (credentials: DigestCredentials, input: InfoInput): Checked<string> => {
  const algorithm = parseAlgorithm(credentials.algorithm);
  if (O.isNone(algorithm)) return E.left({ _tag: "UnsupportedAlgorithm", algorithm: credentials.algorithm ?? "MD5" });
  const protection = protectionOf(credentials);
  if (E.isLeft(protection)) return protection;
  const uri = required("uri", credentials.uri);
  if (E.isLeft(uri)) return uri;
  const username = plainUsername(algorithm.value, credentials, input);
  if (E.isLeft(username)) return username;
  return requestDigest({
    algorithm: algorithm.value,
    username: username.right,
    realm: credentials.realm,
    secret: input.secret,
    nonce: credentials.nonce,
    method: "",
    uri: uri.right,
    protection: protection.right,
    body: input.body ?? EMPTY,
  });
};

/**
 * Server: the Authentication-Info for the response to credentials that `verify` accepted,
 * with rspauth and the request's qop, cnonce and nc, and `nextnonce` when given.
 */
export const authenticationInfo = (credentials: DigestCredentials, input: InfoInput & { readonly nextnonce?: string }): E.Either<VerifyError, AuthenticationInfo> => {
  const rspauth = responseAuth(credentials, input);
  if (E.isLeft(rspauth)) return rspauth;
  const withQop = credentials.qop !== undefined;
  return E.right({
    ...(input.nextnonce !== undefined ? { nextnonce: input.nextnonce } : {}),
    ...(withQop ? { qop: credentials.qop } : {}),
    rspauth: rspauth.right,
    ...(withQop && credentials.cnonce !== undefined ? { cnonce: credentials.cnonce } : {}),
    ...(withQop && credentials.nc !== undefined ? { nc: credentials.nc } : {}),
    params: [],
  });
};

/** Equal when the server echoed the value, or when it left it out. */
const echoed = (field: "qop" | "cnonce" | "nc", sent: string | undefined, got: string | undefined): Checked<void> =>
  got === undefined ? E.right(undefined) : same(field, sent?.toLowerCase(), got.toLowerCase());

/**
 * Client: checks a response's Authentication-Info against the credentials sent with the
 * request (mutual authentication, RFC 7616 §3.5): rspauth must be present and right, compared
 * in constant time, and qop, cnonce and nc, when present, must be the request's.
 */
export const checkAuthenticationInfo = (info: AuthenticationInfo, sent: DigestCredentials, input: InfoInput): E.Either<VerifyError, AuthenticationInfo> => {
  const rspauth = required("rspauth", info.rspauth);
  if (E.isLeft(rspauth)) return rspauth;
  for (const check of [echoed("qop", sent.qop, info.qop), echoed("nc", sent.nc, info.nc)]) if (E.isLeft(check)) return check;
  if (info.cnonce !== undefined && info.cnonce !== sent.cnonce) return E.left({ _tag: "Mismatch", field: "cnonce" });
  const expected = responseAuth(sent, input);
  if (E.isLeft(expected)) return expected;
  return constantTimeEqual(expected.right, rspauth.right.toLowerCase()) ? E.right(info) : E.left({ _tag: "WrongResponse" });
};
