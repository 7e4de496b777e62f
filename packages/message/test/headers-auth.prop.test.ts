import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { parseAuthenticationInfo, parseChallenge, parseCredentials, printAuthenticationInfo, printChallenge, printCredentials } from "../src/index.js";
import type { AuthenticationInfo, AuthParam, Challenge, Credentials, DigestChallenge, DigestCredentials } from "../src/index.js";

const TOKEN_CHARS = Array.from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~");
const token = fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 12 });
/** Anything a quoted-string can carry: every character but CR and LF (§25.1). */
const asciiChar = fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c));
const quotable = fc.string({ unit: fc.oneof(asciiChar, fc.constantFrom('"', "\\", "\t", "ä", "€", "\u0001")), maxLength: 16 }).filter((s) => !/[\r\n]/.test(s));
const lhex8 = fc.string({ unit: fc.constantFrom(...Array.from("0123456789abcdef")), minLength: 8, maxLength: 8 });

const CHALLENGE_NAMES = ["realm", "domain", "nonce", "opaque", "stale", "algorithm", "qop", "charset", "userhash"];
const CREDENTIAL_NAMES = ["username", "realm", "nonce", "uri", "response", "algorithm", "cnonce", "opaque", "qop", "nc", "userhash"];

/** Other auth-params with distinct names that do not collide with the known ones. */
const otherParams = (known: ReadonlyArray<string>): fc.Arbitrary<ReadonlyArray<AuthParam>> =>
  fc.uniqueArray(
    fc.oneof(
      fc.record({ name: token, value: token, quoted: fc.constant(false) }),
      fc.record({ name: token, value: quotable, quoted: fc.constant(true) }),
    ),
    { maxLength: 3, selector: (p) => p.name.toLowerCase() },
  ).filter((ps) => ps.every((p) => !known.includes(p.name.toLowerCase()) && p.name.toLowerCase() !== "username*"));

const digestChallenge: fc.Arbitrary<DigestChallenge> = fc.record(
  {
    _tag: fc.constant("DigestChallenge" as const),
    realm: quotable,
    nonce: quotable,
    domain: fc.array(fc.string({ unit: fc.constantFrom(...Array.from("abc:/.@;=")), minLength: 1, maxLength: 10 }), { maxLength: 3 }),
    opaque: quotable,
    stale: fc.boolean(),
    algorithm: fc.oneof(fc.constantFrom("MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess"), token),
    qop: fc.array(token, { minLength: 1, maxLength: 3 }),
    charset: fc.oneof(token, quotable),
    userhash: fc.boolean(),
    params: otherParams(CHALLENGE_NAMES),
  },
  { requiredKeys: ["_tag", "realm", "nonce", "params"] },
);

const digestCredentials: fc.Arbitrary<DigestCredentials> = fc.record(
  {
    _tag: fc.constant("DigestCredentials" as const),
    username: quotable,
    realm: quotable,
    nonce: quotable,
    uri: quotable,
    response: quotable,
    algorithm: token,
    cnonce: quotable,
    opaque: quotable,
    qop: token,
    nc: lhex8,
    userhash: fc.boolean(),
    params: otherParams(CREDENTIAL_NAMES),
  },
  { requiredKeys: ["_tag", "username", "realm", "nonce", "response", "params"] },
);

const otherScheme = token.filter((s) => s.toLowerCase() !== "digest");
const nonEmptyParams = otherParams([]).filter((ps) => ps.length > 0);
// fc.record builds null-prototype objects; parsers build plain ones, and toStrictEqual compares prototypes.
const plain = <T>(x: T): T => structuredClone(x);

const challenge: fc.Arbitrary<Challenge> = fc.oneof(
  digestChallenge,
  fc.record({ _tag: fc.constant("OtherChallenge" as const), scheme: otherScheme, params: nonEmptyParams }),
).map(plain);
const credentials: fc.Arbitrary<Credentials> = fc.oneof(
  digestCredentials,
  fc.record({ _tag: fc.constant("OtherCredentials" as const), scheme: otherScheme, params: nonEmptyParams }),
).map(plain);

const INFO_NAMES = ["nextnonce", "qop", "rspauth", "cnonce", "nc"];
const authenticationInfo: fc.Arbitrary<AuthenticationInfo> = fc
  .record(
    { nextnonce: quotable, qop: token, rspauth: quotable, cnonce: quotable, nc: lhex8, params: otherParams(INFO_NAMES) },
    { requiredKeys: ["params"] },
  )
  .filter((i) => Object.keys(i).length > 1 || i.params.length > 0)
  .map(plain);

describe("RFC 3261 §25 challenge and credentials round trip", () => {
  test.prop([authenticationInfo])("parseAuthenticationInfo(printAuthenticationInfo(i)) is i (§20.6)", (i) => {
    expect(parseAuthenticationInfo(printAuthenticationInfo(i))).toStrictEqual(E.right(i));
  });
  test.prop([challenge])("parseChallenge(printChallenge(c)) is c", (c) => {
    expect(parseChallenge(printChallenge(c))).toStrictEqual(E.right(c));
  });
  test.prop([credentials])("parseCredentials(printCredentials(c)) is c", (c) => {
    expect(parseCredentials(printCredentials(c))).toStrictEqual(E.right(c));
  });
  test.prop([challenge])("printing is canonical: print(parse(print(c))) is print(c)", (c) => {
    const printed = printChallenge(c);
    expect(E.map(printChallenge)(parseChallenge(printed))).toStrictEqual(E.right(printed));
  });
});

describe("RFC 3261 §25 parsers are total", () => {
  const noisy = fc.string({ unit: fc.oneof(asciiChar, fc.constantFrom('"', "\\", ",", "=", " ", "Digest ", "realm=", "\r", "\n")), maxLength: 60 });
  test.prop([noisy])("parseChallenge and parseCredentials return an Either for any input, never throw", (s) => {
    const c = parseChallenge(s);
    const d = parseCredentials(s);
    const i = parseAuthenticationInfo(s);
    for (const r of [c, d, i]) {
      if (E.isLeft(r)) {
        expect(r.left.value).toBe(s);
        expect(r.left.position).toBeGreaterThanOrEqual(0);
        expect(r.left.position).toBeLessThanOrEqual(s.length);
      }
    }
  });
});
