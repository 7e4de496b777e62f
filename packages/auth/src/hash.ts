// The digest algorithms of RFC 7616 §6.1 (the "Hash Algorithms for HTTP Digest Authentication"
// registry that RFC 8760 §2.1 opens to SIP) over @noble/hashes, a pure-JS library, so the same
// code runs in Node, browsers and workers. Strings are hashed as UTF-8 (RFC 7616 §4).
import { md5 } from "@noble/hashes/legacy.js";
import { sha256, sha512_256 } from "@noble/hashes/sha2.js";
import * as O from "fp-ts/lib/Option.js";

/** The hash functions digest can use (RFC 7616 §6.1, RFC 8760 §2). */
export type HashName = "MD5" | "SHA-256" | "SHA-512-256";

/** Every algorithm value this package answers and challenges with (RFC 8760 §2.7). */
export type AlgorithmName = "MD5" | "MD5-sess" | "SHA-256" | "SHA-256-sess" | "SHA-512-256" | "SHA-512-256-sess";

/** A digest algorithm of RFC 7616 §3.2 / RFC 8760: its name on the wire and its hash function. */
export interface Algorithm {
  readonly name: AlgorithmName;
  readonly hash: HashName;
  /** "<algorithm>-sess": A1 includes the nonce and cnonce (RFC 7616 §3.4.2). */
  readonly session: boolean;
  /** Hex characters in a digest: 32 for MD5, 64 for the SHA-2 variants (RFC 7616 §3.2). */
  readonly hexLength: number;
  /** Higher is stronger; the session variant ranks with its hash. */
  readonly strength: number;
}

const entry = (name: AlgorithmName, hash: HashName, session: boolean, hexLength: number, strength: number): Algorithm => ({
  name,
  hash,
  session,
  hexLength,
  strength,
});

/** Every algorithm this package implements (RFC 7616 §6.1, RFC 8760 §2), each with the strength that ranks it when a client chooses among challenges. */
export const ALGORITHMS: ReadonlyArray<Algorithm> = [
  entry("MD5", "MD5", false, 32, 1),
  entry("MD5-sess", "MD5", true, 32, 1),
  entry("SHA-256", "SHA-256", false, 64, 2),
  entry("SHA-256-sess", "SHA-256", true, 64, 2),
  entry("SHA-512-256", "SHA-512-256", false, 64, 3),
  entry("SHA-512-256-sess", "SHA-512-256", true, 64, 3),
];

/** The MD5 entry: RFC 7616 §3.3, "If this is not present, it is assumed to be MD5". */
export const MD5: Algorithm = entry("MD5", "MD5", false, 32, 1);

/**
 * The algorithm an `algorithm` parameter names, matched case-insensitively (it is a token,
 * §25.1); an absent parameter means MD5. `none` for an algorithm this package does not know,
 * which RFC 7616 §3.3 says a client ignores.
 */
export const parseAlgorithm = (value: string | undefined): O.Option<Algorithm> => {
  if (value === undefined) return O.some(MD5);
  const lower = value.toLowerCase();
  for (const a of ALGORITHMS) if (a.name.toLowerCase() === lower) return O.some(a);
  return O.none;
};

/** UTF-8 bytes of a string; a lone surrogate becomes U+FFFD, as TextEncoder does. */
export const utf8 = (s: string): Uint8Array => {
  // Digest inputs are nearly always ASCII: one allocation and one pass, until a wider char.
  const ascii = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) return utf8Wide(s, ascii, i);
    ascii[i] = c;
  }
  return ascii;
};

/** The general encoder, continuing from `from` after the ASCII prefix already in `prefix`. */
const utf8Wide = (s: string, prefix: Uint8Array, from: number): Uint8Array => {
  const bytes: number[] = Array.from(prefix.subarray(0, from));
  for (let i = from; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const low = s.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(bytes);
};

/** The two lower-case hex digits of every byte value. */
const HEX_PAIRS: ReadonlyArray<string> = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

/** Lower-case hex, most significant nibble first (RFC 7616 §3.2). */
export const toHex = (bytes: Uint8Array): string => {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX_PAIRS[bytes[i] ?? 0] ?? "";
  return out;
};

const digestBytes = (hash: HashName, data: Uint8Array): Uint8Array => {
  switch (hash) {
    case "MD5":
      return md5(data);
    case "SHA-256":
      return sha256(data);
    case "SHA-512-256":
      return sha512_256(data);
  }
};

/** H(data) of RFC 7616 §3.3 in hex; a string is hashed as its UTF-8 bytes. */
export const hashHex =
  (hash: HashName) =>
  (data: string | Uint8Array): string =>
    toHex(digestBytes(hash, typeof data === "string" ? utf8(data) : data));

/** True when `s` is exactly `length` hex digits (either case). */
export const isHex = (s: string, length: number): boolean => {
  if (s.length !== length) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46))) return false;
  }
  return true;
};
