// What can go wrong answering a challenge or checking credentials, as plain data. Each variant
// names the rule it enforces, so a UA can decide between giving up, prompting the user, and a
// fresh challenge (stale=true, RFC 7616 §3.3).
import type { AlgorithmName } from "./hash.js";

/**
 * The fields verification compares with what was issued or sent: realm to username against
 * the nonce state, uri against the Request-URI (RFC 7616 §3.4.6); qop, nc and cnonce of Authentication-Info against the credentials sent.
 */
export type CheckedField = "realm" | "nonce" | "opaque" | "algorithm" | "username" | "qop" | "nc" | "cnonce" | "uri";
/** The fields verification needs (RFC 7616 §3.4: "This parameter MUST be used"; §3.5 rspauth). */
export type RequiredField = "uri" | "qop" | "nc" | "cnonce" | "rspauth";

/** Why a challenge could not be answered or built: a value that cannot be sent, or an algorithm or qop this package does not support. */
export type AuthError =
  /** The algorithm is not in RFC 7616 §6.1's registry as this package knows it. */
  | { readonly _tag: "UnsupportedAlgorithm"; readonly algorithm: string }
  /** No qop this package can apply (auth, auth-int) is offered, or the requested one is not. */
  | { readonly _tag: "UnsupportedQop"; readonly offered: ReadonlyArray<string> }
  /** RFC 3261 §22.4 item 8: "-sess" algorithms depend on the cnonce, so they need qop. */
  | { readonly _tag: "SessionNeedsQop"; readonly algorithm: AlgorithmName }
  /** A precomputed H(A1) that is not hex of the algorithm's length. */
  | { readonly _tag: "BadHA1"; readonly expectedLength: number }
  /** A value that cannot be sent or used: why, and which field. */
  | { readonly _tag: "BadValue"; readonly field: string; readonly reason: string };

/** Why a server refused credentials (RFC 7616 §3.4): each case says whether the client may retry with a fresh nonce. */
export type VerifyError =
  | AuthError
  | { readonly _tag: "Mismatch"; readonly field: CheckedField }
  | { readonly _tag: "Missing"; readonly field: RequiredField }
  /** RFC 7616 §3.4: the client's qop "MUST be one of the alternatives the server indicated". */
  | { readonly _tag: "QopNotOffered"; readonly qop: string }
  /** RFC 7616 §3.4 nc: "if the same nc value is seen twice, then the request is a replay". */
  | { readonly _tag: "Replay"; readonly nc: number }
  /** The response is right but the nonce's lifetime (`expiresAt`) is over. */
  | { readonly _tag: "Expired"; readonly expiresAt: number }
  /** The request-digest (or rspauth) does not match: wrong secret, or the message was altered. */
  | { readonly _tag: "WrongResponse" };

/**
 * True when the credentials are right but the nonce is not: answer with a new nonce and
 * stale=true so the client retries without asking its user (RFC 7616 §3.3 stale; RFC 2617
 * §3.2.1: "only ... if it receives a request for which the nonce is invalid but with a valid
 * digest for that nonce"). `verify` reports Replay and Expired only after the response proved
 * the secret; a nonce Mismatch is found before any digest, so it is not stale.
 */
export const isStale = (e: VerifyError): boolean => e._tag === "Replay" || e._tag === "Expired";
