// CONTRIBUTING: public functions never throw; bad input gives a Left. Here every input is
// arbitrary: strings with CR/LF and non-ASCII, unknown algorithms and qop-values, bad HA1s,
// counts out of range, states with any counts.
import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import type { AuthenticationInfo, DigestChallenge, DigestCredentials } from "@puresip/message";
import { checkAuthenticationInfo, createChallenge, respond, verify, type NonceState, type Secret } from "../src/index.js";

const text = fc.string({ unit: fc.oneof(fc.constantFrom("\r", "\n", "\"", "\\", "ä", "\u{1F600}"), fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c))), maxLength: 12 });
const algorithm = fc.constantFrom("MD5", "MD5-sess", "SHA-256", "sha-256-SESS", "SHA-512-256", "SHA-512-256-sess", "SHA-1", "");
const qop = fc.constantFrom("auth", "auth-int", "AUTH", "auth-conf", "");
const secret: fc.Arbitrary<Secret> = fc.oneof(
  fc.record({ _tag: fc.constant("Password" as const), password: text }),
  fc.record({ _tag: fc.constant("HA1" as const), ha1: fc.oneof(text, fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF".split("")), minLength: 32, maxLength: 64 })) }),
);

const challenge: fc.Arbitrary<DigestChallenge> = fc.record(
  { _tag: fc.constant("DigestChallenge" as const), realm: text, nonce: text, opaque: text, algorithm, qop: fc.array(qop, { maxLength: 3 }), userhash: fc.boolean(), params: fc.constant([]) },
  { requiredKeys: ["_tag", "realm", "nonce", "params"] },
);
const credentials: fc.Arbitrary<DigestCredentials> = fc.record(
  {
    _tag: fc.constant("DigestCredentials" as const),
    username: text,
    realm: text,
    nonce: text,
    uri: text,
    response: text,
    algorithm,
    cnonce: text,
    opaque: text,
    qop,
    nc: fc.oneof(text, fc.constantFrom("00000000", "00000001", "ffffffff", "FFFFFFFF")),
    userhash: fc.boolean(),
    params: fc.constant([]),
  },
  { requiredKeys: ["_tag", "username", "realm", "nonce", "response", "params"] },
);
const state: fc.Arbitrary<NonceState> = fc.record(
  {
    realm: text,
    nonce: text,
    opaque: text,
    algorithms: fc.array(fc.constantFrom("MD5" as const, "SHA-256-sess" as const, "SHA-512-256" as const), { maxLength: 3 }),
    qop: fc.array(fc.constantFrom("auth" as const, "auth-int" as const), { maxLength: 2 }),
    expiresAt: fc.integer(),
    highestNc: fc.integer({ min: 0, max: 0xffffffff }),
    window: fc.integer({ min: 0, max: 0xffffffff }),
  },
  { requiredKeys: ["realm", "nonce", "algorithms", "qop", "highestNc", "window"] },
);
const info: fc.Arbitrary<AuthenticationInfo> = fc.record({ rspauth: text, qop, nc: text, cnonce: text, params: fc.constant([]) }, { requiredKeys: ["params"] });

/** A Left must name its reason with a _tag; a throw fails the property outright. */
const tagged = (x: E.Either<{ readonly _tag: string }, unknown>): boolean => E.isRight(x) || x.left._tag.length > 0;

describe("RFC 7616 client and server functions are total", () => {
  test.prop([challenge, text, secret, text, text, fc.integer({ min: -2, max: 2 ** 33 }), text, fc.option(fc.constantFrom("auth" as const, "auth-int" as const), { nil: undefined })])(
    "respond returns an Either for any input",
    (c, username, s, method, uri, nc, cnonce, q) => {
      const r = respond({ challenge: c, username, secret: s, method, uri, nc, cnonce, ...(q !== undefined ? { qop: q } : {}) });
      expect(tagged(r)).toBe(true);
      // An answer always carries a digest of the algorithm's length in lower-case hex (RFC 7616 §3.2).
      if (E.isRight(r)) expect(r.right.response).toMatch(/^(?:[0-9a-f]{32}|[0-9a-f]{64})$/);
    },
  );
  test.prop([credentials, secret, text, fc.option(text, { nil: undefined }), fc.option(fc.integer(), { nil: undefined }), state])(
    "verify returns an Either for any input",
    (c, s, method, username, now, st) => {
      const r = verify(c, { secret: s, method, ...(username !== undefined ? { username } : {}), ...(now !== undefined ? { now } : {}) }, st);
      expect(tagged(r)).toBe(true);
      // Random credentials essentially never carry a right response.
      expect(E.isLeft(r)).toBe(true);
    },
  );
  test.prop([info, credentials, secret])("checkAuthenticationInfo returns an Either for any input", (i, c, s) => {
    const r = checkAuthenticationInfo(i, c, { secret: s });
    expect(tagged(r)).toBe(true);
    expect(E.isLeft(r)).toBe(true);
  });
  test.prop([text, text, fc.option(text, { nil: undefined }), fc.array(algorithm, { maxLength: 3 })])("createChallenge returns an Either for any input", (realm, nonce, opaque, algorithms) => {
    // Algorithm names arrive unchecked from JavaScript callers.
    const input = { realm, nonce, ...(opaque !== undefined ? { opaque } : {}), algorithms } as unknown as Parameters<typeof createChallenge>[0];
    const r = createChallenge(input);
    expect(tagged(r)).toBe(true);
    // Every challenge issued shares the nonce and names one of the algorithms asked for.
    if (E.isRight(r)) for (const c of r.right.challenges) expect(c.nonce === nonce && (algorithms as ReadonlyArray<string>).includes(c.algorithm ?? "")).toBe(true);
  });
});
