import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { printChallenge, type DigestCredentials } from "@puresip/message";
import { createChallenge, hashA1, isStale, parseAlgorithm, respond, verify, type Issued, type NonceState, type VerifyError } from "../src/index.js";
import * as O from "fp-ts/lib/Option.js";

const issue = (input: Parameters<typeof createChallenge>[0]): Issued => {
  const r = createChallenge(input);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

const issued = issue({ realm: "biloxi.com", nonce: "ea9c8e88df84f1cec4341ae6cbe5a359", opaque: "op4que", algorithms: ["SHA-256", "MD5"], qop: ["auth", "auth-int"] });

const answer = (state: Issued, index: number, nc: number, extra: Partial<Parameters<typeof respond>[0]> = {}): DigestCredentials => {
  const r = respond({
    challenge: state.challenges[index]!,
    username: "bob",
    secret: { _tag: "Password", password: "zanzibar" },
    method: "REGISTER",
    uri: "sip:biloxi.com",
    nc,
    cnonce: "7ba1f9b2c0ffee11",
    ...extra,
  });
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

const account = { secret: { _tag: "Password", password: "zanzibar" }, method: "REGISTER" } as const;

const verified = (c: DigestCredentials, state: NonceState = issued.state): NonceState => {
  const r = verify(c, account, state);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

describe("RFC 7616 §3.3 and RFC 8760 §2.3 creating challenges", () => {
  it("defaults to one SHA-256 challenge with qop=auth (RFC 3261 §22.4 item 8: servers MUST send qop)", () => {
    const { challenges, state } = issue({ realm: "atlanta.com", nonce: "abc" });
    expect(challenges.map(printChallenge)).toStrictEqual(['Digest realm="atlanta.com", nonce="abc", algorithm=SHA-256, qop="auth"']);
    expect(state).toStrictEqual({ realm: "atlanta.com", nonce: "abc", algorithms: ["SHA-256"], qop: ["auth"], highestNc: 0, window: 0 });
  });
  it("gives one challenge per algorithm, in the order of preference, sharing the nonce", () => {
    expect(issued.challenges.map(printChallenge)).toStrictEqual([
      'Digest realm="biloxi.com", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", opaque="op4que", algorithm=SHA-256, qop="auth,auth-int"',
      'Digest realm="biloxi.com", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", opaque="op4que", algorithm=MD5, qop="auth,auth-int"',
    ]);
  });
  it("carries stale and userhash", () => {
    const { challenges } = issue({ realm: "r", nonce: "n", stale: true, userhash: true });
    expect(printChallenge(challenges[0]!)).toBe('Digest realm="r", nonce="n", stale=true, algorithm=SHA-256, qop="auth", userhash=true');
  });
  it("refuses what cannot be sent or answered", () => {
    expect(createChallenge({ realm: "a\r\nb", nonce: "n" })).toMatchObject(E.left({ _tag: "BadValue", field: "realm" }));
    expect(createChallenge({ realm: "r", nonce: "" })).toMatchObject(E.left({ _tag: "BadValue", field: "nonce" }));
    expect(createChallenge({ realm: "r", nonce: "n", opaque: "\n" })).toMatchObject(E.left({ _tag: "BadValue", field: "opaque" }));
    expect(createChallenge({ realm: "r", nonce: "n", algorithms: [] })).toMatchObject(E.left({ _tag: "BadValue", field: "algorithms" }));
    expect(createChallenge({ realm: "r", nonce: "n", algorithms: ["MD5", "MD5"] })).toMatchObject(E.left({ _tag: "BadValue", field: "algorithms" }));
    expect(createChallenge({ realm: "r", nonce: "n", qop: [] })).toMatchObject(E.left({ _tag: "BadValue", field: "qop" }));
  });
});

describe("RFC 7616 §3.4 verifying credentials", () => {
  it("accepts the client's answer to either challenge and records its nonce count", () => {
    expect(verified(answer(issued, 0, 1))).toStrictEqual({ ...issued.state, highestNc: 1, window: 0 });
    expect(verified(answer(issued, 1, 1))).toMatchObject({ highestNc: 1 });
  });
  it("accepts a stored H(A1) for the credentials' algorithm (RFC 7616 §5.2)", () => {
    const sha = parseAlgorithm("SHA-256");
    if (O.isNone(sha)) throw new Error("SHA-256");
    const ha1 = hashA1(sha.value, "bob", "biloxi.com", "zanzibar");
    expect(E.isRight(verify(answer(issued, 0, 1), { secret: { _tag: "HA1", ha1 }, method: "REGISTER" }, issued.state))).toBe(true);
    expect(verify(answer(issued, 1, 1), { secret: { _tag: "HA1", ha1 }, method: "REGISTER" }, issued.state)).toStrictEqual(E.left({ _tag: "BadHA1", expectedLength: 32 }));
  });
  it("refuses a wrong password as WrongResponse", () => {
    expect(verify(answer(issued, 0, 1, { secret: { _tag: "Password", password: "zanzibaR" } }), account, issued.state)).toStrictEqual(E.left({ _tag: "WrongResponse" }));
  });
  it("refuses credentials for another method: the response covers it (A2)", () => {
    expect(verify(answer(issued, 0, 1), { ...account, method: "INVITE" }, issued.state)).toStrictEqual(E.left({ _tag: "WrongResponse" }));
  });
  it("accepts an upper-case response: hex compares case-insensitively", () => {
    const c = answer(issued, 0, 1);
    expect(E.isRight(verify({ ...c, response: c.response.toUpperCase() }, account, issued.state))).toBe(true);
  });
  it("refuses a realm, nonce or opaque other than the ones issued", () => {
    const c = answer(issued, 0, 1);
    expect(verify({ ...c, realm: "atlanta.com" }, account, issued.state)).toStrictEqual(E.left({ _tag: "Mismatch", field: "realm" }));
    expect(verify({ ...c, nonce: "other" }, account, issued.state)).toStrictEqual(E.left({ _tag: "Mismatch", field: "nonce" }));
    const { opaque: _, ...noOpaque } = c;
    expect(verify(noOpaque, account, issued.state)).toStrictEqual(E.left({ _tag: "Mismatch", field: "opaque" }));
  });
  it("refuses an algorithm the nonce was not offered with, absent meaning MD5", () => {
    const sha = issue({ realm: "biloxi.com", nonce: "n1", algorithms: ["SHA-256"] });
    const c = answer(sha, 0, 1);
    expect(verify({ ...c, algorithm: "SHA-512-256" }, account, sha.state)).toStrictEqual(E.left({ _tag: "Mismatch", field: "algorithm" }));
    const { algorithm: _, ...md5 } = c;
    expect(verify(md5, account, sha.state)).toStrictEqual(E.left({ _tag: "Mismatch", field: "algorithm" }));
  });
  it("needs qop, uri, nc and cnonce (RFC 3261 §22.4 item 8; RFC 7616 §3.4: 'MUST be used')", () => {
    const c = answer(issued, 0, 1);
    for (const field of ["qop", "uri", "nc", "cnonce"] as const) {
      const { [field]: _, ...without } = c;
      expect(verify(without, account, issued.state)).toStrictEqual(E.left({ _tag: "Missing", field }));
    }
  });
  it("refuses a qop the server did not offer", () => {
    const authOnly = issue({ realm: "biloxi.com", nonce: "n2", qop: ["auth"] });
    const c = answer(issued, 0, 1, { qop: "auth-int" });
    expect(verify({ ...c, nonce: "n2", opaque: "x" }, account, { ...authOnly.state, opaque: "x" })).toStrictEqual(E.left({ _tag: "QopNotOffered", qop: "auth-int" }));
  });
  it("refuses nc=00000000", () => {
    expect(verify({ ...answer(issued, 0, 1), nc: "00000000" }, account, issued.state)).toMatchObject(E.left({ _tag: "BadValue", field: "nc" }));
  });
  it("checks auth-int bodies (RFC 7616 §3.4.3)", () => {
    const body = Buffer.from("v=0\r\n");
    const c = answer(issued, 0, 1, { qop: "auth-int", body });
    expect(E.isRight(verify(c, { ...account, body }, issued.state))).toBe(true);
    expect(verify(c, { ...account, body: Buffer.from("v=1\r\n") }, issued.state)).toStrictEqual(E.left({ _tag: "WrongResponse" }));
  });
});

describe("RFC 7616 §3.4 nc and §5.5 replay attacks", () => {
  it("refuses the same nc twice, and accepts the next", () => {
    const c1 = answer(issued, 0, 1);
    const s1 = verified(c1);
    expect(verify(c1, account, s1)).toStrictEqual(E.left({ _tag: "Replay", nc: 1 }));
    expect(verified(answer(issued, 0, 2), s1)).toMatchObject({ highestNc: 2, window: 1 });
  });
  it("accepts a request that overtook an earlier one, once", () => {
    const s3 = verified(answer(issued, 0, 3));
    const s2 = verified(answer(issued, 0, 2), s3);
    expect(verify(answer(issued, 0, 2), account, s2)).toStrictEqual(E.left({ _tag: "Replay", nc: 2 }));
    expect(verify(answer(issued, 0, 3), account, s2)).toStrictEqual(E.left({ _tag: "Replay", nc: 3 }));
  });
  it("a replay is stale: the client may retry with a new nonce without asking its user", () => {
    const replay: VerifyError = { _tag: "Replay", nc: 1 };
    expect(isStale(replay)).toBe(true);
    // RFC 7616 §3.3: stale only when the digest was valid for the old nonce; a nonce Mismatch is found before any digest.
    expect(isStale({ _tag: "Mismatch", field: "nonce" })).toBe(false);
    expect(isStale({ _tag: "WrongResponse" })).toBe(false);
    expect(isStale({ _tag: "Mismatch", field: "realm" })).toBe(false);
  });
});

describe("RFC 7616 §3.4.4 username hashing on the server", () => {
  const hashed = issue({ realm: "api@example.org", nonce: "n3", algorithms: ["SHA-512-256"], userhash: true });
  const c = answer(hashed, 0, 1, { username: "J\u00e4s\u00f8n Doe" });
  it("needs the plain user name to check userhash credentials", () => {
    expect(c.userhash).toBe(true);
    expect(verify(c, account, hashed.state)).toMatchObject(E.left({ _tag: "BadValue", field: "username" }));
    expect(E.isRight(verify(c, { ...account, username: "J\u00e4s\u00f8n Doe" }, hashed.state))).toBe(true);
  });
  it("refuses a user name whose hash is not the one sent", () => {
    expect(verify(c, { ...account, username: "Jason Doe" }, hashed.state)).toStrictEqual(E.left({ _tag: "Mismatch", field: "username" }));
  });
  it("checks a plain user name when one is given", () => {
    expect(verify(answer(issued, 0, 1), { ...account, username: "alice" }, issued.state)).toStrictEqual(E.left({ _tag: "Mismatch", field: "username" }));
  });
});

describe("RFC 7616 §5.4 limited-use nonces: time as data", () => {
  const timed = issue({ realm: "biloxi.com", nonce: "n4", algorithms: ["SHA-256"], expiresAt: 30_000 });
  const c = answer(timed, 0, 1);
  it("keeps expiresAt in the state and accepts the nonce before it", () => {
    expect(timed.state.expiresAt).toBe(30_000);
    expect(verify(c, { ...account, now: 29_999 }, timed.state)).toMatchObject(E.right({ highestNc: 1 }));
  });
  it("answers Expired, a stale nonce, from expiresAt on", () => {
    const r = verify(c, { ...account, now: 30_000 }, timed.state);
    expect(r).toStrictEqual(E.left({ _tag: "Expired", expiresAt: 30_000 }));
    if (E.isLeft(r)) expect(isStale(r.left)).toBe(true);
  });
  it("reports a wrong password as WrongResponse even when expired: stale=true only for a client that knows the secret", () => {
    const wrong = answer(timed, 0, 1, { secret: { _tag: "Password", password: "wrong" } });
    expect(verify(wrong, { ...account, now: 99_999 }, timed.state)).toStrictEqual(E.left({ _tag: "WrongResponse" }));
  });
  it("needs the clock when the nonce expires", () => {
    expect(verify(c, account, timed.state)).toMatchObject(E.left({ _tag: "BadValue", field: "now" }));
  });
  it("refuses a lifetime that is not a finite number", () => {
    expect(createChallenge({ realm: "r", nonce: "n", expiresAt: Number.NaN })).toMatchObject(E.left({ _tag: "BadValue", field: "expiresAt" }));
  });
});

describe("RFC 7616 §3.4.6: the digest uri names the Request-URI", () => {
  it("credentials whose uri is the Request-URI, as text or as an equal SIP URI (RFC 3261 §19.1.4), verify", () => {
    const c = answer(issued, 1, 1, { uri: "sip:biloxi.com" });
    expect(E.isRight(verify(c, { ...account, requestUri: "sip:biloxi.com" }, issued.state))).toBe(true);
    expect(E.isRight(verify(c, { ...account, requestUri: "sip:BILOXI.com" }, issued.state))).toBe(true);
  });
  it("'if they are not, the server SHOULD return a 400': a uri for another resource is a uri Mismatch, found before any hash", () => {
    const c = answer(issued, 1, 1, { uri: "sip:biloxi.com" });
    expect(verify(c, { ...account, requestUri: "sip:atlanta.com" }, issued.state)).toStrictEqual(E.left({ _tag: "Mismatch", field: "uri" }));
    // With a wrong secret too: the uri is what is reported, so no digest was computed.
    expect(verify(c, { ...account, secret: { _tag: "Password", password: "x" }, requestUri: "sip:atlanta.com" }, issued.state)).toStrictEqual(E.left({ _tag: "Mismatch", field: "uri" }));
  });
});
