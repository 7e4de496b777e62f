// Stateless nonces (RFC 7616 §3.3 nonce): "timestamp H(timestamp ":" ETag ":" secret-data)",
// with RFC 8760 §2.6 item 4's remark that the ETag does not apply to SIP, so the realm takes its
// place, and a salt from the adapter's CSPRNG makes each 401's nonce unique ("uniquely generated
// each time a 401 response is made") even when two are issued in the same millisecond. The hash
// is HMAC-SHA-256 keyed by the server secret (RFC 2104), so a server needs no table to tell its
// own nonces, and their age, from forged ones: an unauthenticated REGISTER stores nothing.
// The secret and the time come in as data; nothing here reads a clock or draws random numbers.
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import * as E from "fp-ts/lib/Either.js";
import { constantTimeEqual } from "./compare.js";
import { isHex, toHex, utf8 } from "./hash.js";

/** Hex digits of the issue time (ms, 48 bits: about 8,900 years of a monotonic clock). */
const TIME_DIGITS = 12;
/** Hex digits of the salt: 8 random bytes. */
export const SALT_DIGITS = 16;
/** Hex digits of the MAC: the first 16 bytes of HMAC-SHA-256 (a 128-bit tag, RFC 2104 §5). */
const MAC_DIGITS = 32;
/** Length of every nonce `issueNonce` makes. */
export const NONCE_LENGTH = TIME_DIGITS + SALT_DIGITS + MAC_DIGITS;
const MAX_TIME = 2 ** 48 - 1;

/** What a stateless nonce is bound to, so that it cannot be replayed for another realm or client. */
export interface NonceKey {
  /** The server secret: at least 16 bytes from the adapter's CSPRNG, kept for the process's life. */
  readonly secret: Uint8Array;
  /** The realm the nonce is issued for: a nonce is good in this protection space only. */
  readonly realm: string;
}

/** A stateless nonce's ingredients (RFC 7616 §3.3, §5.4): its key (secret and realm), the issue time and a random salt. */
export interface NonceInput extends NonceKey {
  /** The issue time, whole ms on the clock later passed to `readNonce` as `now`. */
  readonly now: number;
  /** 16 hex digits (8 bytes) from the adapter's CSPRNG. */
  readonly salt: string;
}

/** Why a nonce is not one to accept: not issued by this key and realm, or too old. */
export type NonceProblem =
  | { readonly _tag: "Forged" }
  /** Issued by this key, but `now` is past its lifetime (or before its issue time). */
  | { readonly _tag: "Expired"; readonly issuedAt: number };

const mac = (key: NonceKey, time: string, salt: string): string =>
  toHex(hmac(sha256, key.secret, utf8(`${time}:${salt}:${key.realm}`))).slice(0, MAC_DIGITS);

const badSecret = (secret: Uint8Array): boolean => secret.length < 16;

/**
 * A fresh nonce: issue time, salt and MAC in lower-case hex (60 characters). A Left names the
 * input that cannot make one: a short secret, a time that is not a whole ms in 48 bits, a salt
 * that is not 16 hex digits.
 */
export const issueNonce = (input: NonceInput): E.Either<string, string> => {
  if (badSecret(input.secret)) return E.left("the nonce secret must be at least 16 bytes");
  if (!Number.isInteger(input.now) || input.now < 0 || input.now > MAX_TIME) return E.left("the nonce time must be whole ms from 0 to 2^48 - 1");
  if (!isHex(input.salt, SALT_DIGITS)) return E.left(`the nonce salt must be ${SALT_DIGITS} hex digits`);
  const time = input.now.toString(16).padStart(TIME_DIGITS, "0");
  const salt = input.salt.toLowerCase();
  return E.right(`${time}${salt}${mac(input, time, salt)}`);
};

/**
 * When `nonce` was issued, if `issueNonce` made it with this key and realm and it is still
 * within `lifetimeMs` at `now`. Costs one HMAC; the MAC is compared in constant time.
 */
export const readNonce = (key: NonceKey, nonce: string, now: number, lifetimeMs: number): E.Either<NonceProblem, number> => {
  if (badSecret(key.secret) || !isHex(nonce, NONCE_LENGTH)) return E.left({ _tag: "Forged" });
  const time = nonce.slice(0, TIME_DIGITS);
  const salt = nonce.slice(TIME_DIGITS, TIME_DIGITS + SALT_DIGITS);
  if (!constantTimeEqual(mac(key, time, salt), nonce.slice(TIME_DIGITS + SALT_DIGITS))) return E.left({ _tag: "Forged" });
  const issuedAt = Number.parseInt(time, 16);
  // A nonce from the future was made by this key with a later clock: a restarted adapter whose
  // clock began again. It is not trusted as fresh.
  return now < issuedAt || now - issuedAt >= lifetimeMs ? E.left({ _tag: "Expired", issuedAt }) : E.right(issuedAt);
};
