// Authentication-Info (RFC 3261 §20.6, RFC 7616 §3.5): after accepting credentials a server
// can prove that it knows the secret too (rspauth, mutual authentication) and hand out the
// next nonce. rspauth is the request-digest with an empty method, so A2 = ":" digest-uri
// (and ":" H(entity-body) of the response for auth-int); qop, cnonce and nc are the request's.
import type { AuthenticationInfo, DigestCredentials } from "@puresip/message";
import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { plainUsername, required, same, type Checked } from "./checks.js";
import { constantTimeEqual } from "./compare.js";
import { requestDigest, type Protection, type Secret } from "./digest.js";
import type { VerifyError } from "./errors.js";
import { parseAlgorithm } from "./hash.js";

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
  return pipe(
    E.Do,
    E.bind("nc", () => required("nc", credentials.nc)),
    E.bind("cnonce", () => required("cnonce", credentials.cnonce)),
    E.map(({ nc, cnonce }): Protection => ({ _tag: "Qop", qop, nc, cnonce })),
  );
};

/** rspauth for a response to `credentials` (RFC 7616 §3.5). */
const responseAuth = (credentials: DigestCredentials, input: InfoInput): Checked<string> =>
  pipe(
    E.Do,
    E.bind("algorithm", () =>
      pipe(
        parseAlgorithm(credentials.algorithm),
        E.fromOption((): VerifyError => ({ _tag: "UnsupportedAlgorithm", algorithm: credentials.algorithm ?? "MD5" })),
      ),
    ),
    E.bind("protection", () => protectionOf(credentials)),
    E.bind("uri", () => required("uri", credentials.uri)),
    E.bind("username", ({ algorithm }) => plainUsername(algorithm, credentials, input)),
    E.chain(({ algorithm, protection, uri, username }): Checked<string> =>
      requestDigest({
        algorithm,
        username,
        realm: credentials.realm,
        secret: input.secret,
        nonce: credentials.nonce,
        method: "",
        uri,
        protection,
        body: input.body ?? EMPTY,
      }),
    ),
  );

/**
 * Server: the Authentication-Info for the response to credentials that `verify` accepted,
 * with rspauth and the request's qop, cnonce and nc, and `nextnonce` when given.
 */
export const authenticationInfo = (credentials: DigestCredentials, input: InfoInput & { readonly nextnonce?: string }): E.Either<VerifyError, AuthenticationInfo> =>
  E.map(
    (rspauth: string): AuthenticationInfo => ({
      ...(input.nextnonce !== undefined ? { nextnonce: input.nextnonce } : {}),
      ...(credentials.qop !== undefined ? { qop: credentials.qop } : {}),
      rspauth,
      ...(credentials.cnonce !== undefined && credentials.qop !== undefined ? { cnonce: credentials.cnonce } : {}),
      ...(credentials.nc !== undefined && credentials.qop !== undefined ? { nc: credentials.nc } : {}),
      params: [],
    }),
  )(responseAuth(credentials, input));

/**
 * Client: checks a response's Authentication-Info against the credentials sent with the
 * request (mutual authentication, RFC 7616 §3.5): rspauth must be present and right, compared
 * in constant time, and qop, cnonce and nc, when present, must be the request's.
 */
export const checkAuthenticationInfo = (info: AuthenticationInfo, sent: DigestCredentials, input: InfoInput): E.Either<VerifyError, AuthenticationInfo> =>
  pipe(
    required("rspauth", info.rspauth),
    E.chainFirst(() => (info.qop === undefined ? E.right(undefined) : same("qop", sent.qop?.toLowerCase(), info.qop.toLowerCase()))),
    E.chainFirst(() => (info.cnonce === undefined ? E.right(undefined) : same("cnonce", sent.cnonce, info.cnonce))),
    E.chainFirst(() => (info.nc === undefined ? E.right(undefined) : same("nc", sent.nc?.toLowerCase(), info.nc.toLowerCase()))),
    E.chain((rspauth) =>
      pipe(
        responseAuth(sent, input),
        E.chain((expected) => (constantTimeEqual(expected, rspauth.toLowerCase()) ? E.right(info) : E.left<VerifyError>({ _tag: "WrongResponse" }))),
      ),
    ),
  );
