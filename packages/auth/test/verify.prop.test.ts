import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { parseAuthenticationInfo, parseCredentials, printAuthenticationInfo, printCredentials, type DigestCredentials } from "@puresip/message";
import {
  ALGORITHMS,
  NonceStateCodec,
  authenticationInfo,
  checkAuthenticationInfo,
  createChallenge,
  hashA1,
  parseAlgorithm,
  respond,
  verify,
  type AlgorithmName,
  type Issued,
  type NonceState,
  type Qop,
  type Secret,
  type VerifyInput,
} from "../src/index.js";

const TOKEN_CHARS = Array.from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~");
const asciiChar = fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c));
/** Anything a quoted-string can carry: no CR or LF (RFC 3261 §25.1). */
const quotable = (minLength = 0) =>
  fc.string({ unit: fc.oneof(asciiChar, fc.constantFrom('"', "\\", "ä", "€", "\u{1F600}")), minLength, maxLength: 20 }).filter((s) => !/[\r\n]/.test(s));

interface Case {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque: string | undefined;
  readonly algorithm: AlgorithmName;
  readonly qop: Qop;
  readonly userhash: boolean;
  readonly username: string;
  readonly password: string;
  readonly useHA1: boolean;
  readonly method: string;
  readonly uri: string;
  readonly body: Uint8Array;
  readonly nc: number;
  readonly cnonce: string;
}

const cases: fc.Arbitrary<Case> = fc.record({
  realm: quotable(),
  nonce: quotable(1),
  opaque: fc.option(quotable(), { nil: undefined }),
  algorithm: fc.constantFrom(...ALGORITHMS.map((a) => a.name)),
  qop: fc.constantFrom<Qop>("auth", "auth-int"),
  userhash: fc.boolean(),
  username: quotable(),
  password: fc.string({ unit: "binary", maxLength: 20 }),
  useHA1: fc.boolean(),
  method: fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 10 }),
  uri: quotable(1),
  body: fc.uint8Array({ maxLength: 64 }),
  nc: fc.integer({ min: 1, max: 0xffffffff }),
  cnonce: quotable(1),
});

const issue = (c: Case): Issued => {
  const r = createChallenge({ realm: c.realm, nonce: c.nonce, ...(c.opaque !== undefined ? { opaque: c.opaque } : {}), algorithms: [c.algorithm], qop: [c.qop], userhash: c.userhash });
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

const secretOf = (c: Case): Secret => {
  if (!c.useHA1) return { _tag: "Password", password: c.password };
  const a = parseAlgorithm(c.algorithm);
  if (O.isNone(a)) throw new Error(c.algorithm);
  return { _tag: "HA1", ha1: hashA1(a.value, c.username, c.realm, c.password) };
};

/** The client's credentials, as the server reads them off the wire. */
const answer = (c: Case, issued: Issued): DigestCredentials => {
  const r = respond({ challenge: issued.challenges[0]!, username: c.username, secret: secretOf(c), method: c.method, uri: c.uri, body: c.body, nc: c.nc, cnonce: c.cnonce });
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  const wire = parseCredentials(printCredentials(r.right));
  if (E.isLeft(wire) || wire.right._tag !== "DigestCredentials") throw new Error("credentials did not parse back");
  return wire.right;
};

const accountOf = (c: Case): VerifyInput => ({ secret: secretOf(c), method: c.method, body: c.body, username: c.username });

/** Changes the character at `at` (mod length) of a non-empty string to a different one. */
const changeChar = (s: string, at: number, to: string): string => {
  const i = at % s.length;
  const replacement = s.charAt(i) === to ? (to === "a" ? "b" : "a") : to;
  return s.slice(0, i) + replacement + s.slice(i + 1);
};

describe("RFC 7616 §3.4 a response computed by the client verifies on the server", () => {
  test.prop([cases])("for any credentials, method, uri, body, algorithm and qop", (c) => {
    const issued = issue(c);
    const verified = verify(answer(c, issued), accountOf(c), issued.state);
    expect(verified).toStrictEqual(E.right({ ...issued.state, highestNc: c.nc, window: 0 }));
  });
});

describe("RFC 7616 §3.4.1 a changed byte fails verification", () => {
  const mutation = fc.record({
    what: fc.constantFrom("response", "uri", "cnonce", "nc", "method", "password", "username", "body", "nonce", "realm"),
    at: fc.nat(),
    to: fc.constantFrom("0", "a", "f", "x", "\u00e4"),
    bit: fc.integer({ min: 0, max: 7 }),
  });
  test.prop([cases, mutation])("in the credentials or the request they cover", (c, m) => {
    const issued = issue(c);
    const creds = answer(c, issued);
    const account = accountOf(c);
    const tampered = ((): readonly [DigestCredentials, VerifyInput, NonceState] => {
      switch (m.what) {
        case "response":
          return [{ ...creds, response: changeChar(creds.response, m.at, m.to === "\u00e4" ? "0" : m.to) }, account, issued.state];
        case "uri":
          return [{ ...creds, uri: changeChar(creds.uri ?? "x", m.at, m.to) }, account, issued.state];
        case "cnonce":
          return [{ ...creds, cnonce: changeChar(creds.cnonce ?? "", m.at, m.to) }, account, issued.state];
        case "nc":
          return [{ ...creds, nc: ((c.nc % 0xffffffff) + 1).toString(16).padStart(8, "0") }, account, issued.state];
        case "method":
          return [creds, { ...account, method: changeChar(c.method, m.at, m.to === "\u00e4" ? "Z" : m.to) }, issued.state];
        case "password":
          return [creds, { ...account, secret: secretOf({ ...c, password: c.password + m.to }) }, issued.state];
        case "username": {
          const other = c.username === "" ? m.to : changeChar(c.username, m.at, m.to);
          // With userhash the credentials hold H(username:realm); the server's plain name changes.
          // A server with stored HA1s looks the secret up by the name it was given.
          return [c.userhash ? creds : { ...creds, username: other }, { ...account, username: other, secret: secretOf({ ...c, username: other }) }, issued.state];
        }
        case "body":
          // auth covers no body: tamper the body only where qop=auth-int protects it.
          if (c.qop === "auth" || c.body.length === 0) return [creds, { ...account, body: Uint8Array.from([...c.body, m.bit]) }, issued.state];
          return [creds, { ...account, body: c.body.map((b, i) => (i === m.at % c.body.length ? b ^ (1 << m.bit) : b)) }, issued.state];
        case "nonce":
          return [{ ...creds, nonce: changeChar(creds.nonce, m.at, m.to) }, account, issued.state];
        case "realm":
          return [{ ...creds, realm: creds.realm + m.to }, account, issued.state];
      }
      throw new Error(m.what);
    })();
    const bodyUnprotected = m.what === "body" && c.qop === "auth";
    const result = verify(...tampered);
    if (bodyUnprotected) expect(E.isRight(result)).toBe(true);
    else expect(E.isLeft(result)).toBe(true);
  });
});

describe("DESIGN.md: a nonce state restored from JSON behaves the same", () => {
  test.prop([cases, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 12 })])("for any sequence of nonce counts", (c, ncs) => {
    const issued = issue(c);
    let live: NonceState = issued.state;
    let restoredEachTime: NonceState = issued.state;
    for (const nc of ncs) {
      const creds = answer({ ...c, nc }, issued);
      const json: unknown = JSON.parse(JSON.stringify(NonceStateCodec.encode(restoredEachTime)));
      const restored = NonceStateCodec.decode(json);
      if (E.isLeft(restored)) throw new Error("state did not decode");
      const a = verify(creds, accountOf(c), live);
      const b = verify(creds, accountOf(c), restored.right);
      expect(b).toStrictEqual(a);
      if (E.isRight(a)) live = a.right;
      if (E.isRight(b)) restoredEachTime = b.right;
    }
    expect(restoredEachTime).toStrictEqual(live);
  });
});

describe("RFC 7616 §3.5 the server's rspauth verifies on the client", () => {
  test.prop([cases, fc.uint8Array({ maxLength: 32 })])("for any credentials and response body", (c, responseBody) => {
    const issued = issue(c);
    const creds = answer(c, issued);
    const account = { secret: secretOf(c), username: c.username, body: responseBody };
    const info = authenticationInfo(creds, account);
    if (E.isLeft(info)) throw new Error(JSON.stringify(info.left));
    const wire = parseAuthenticationInfo(printAuthenticationInfo(info.right));
    if (E.isLeft(wire)) throw new Error(wire.left.reason);
    expect(checkAuthenticationInfo(wire.right, creds, account)).toStrictEqual(E.right(wire.right));
    const other = { ...account, body: Uint8Array.from([...responseBody, 1]) };
    expect(E.isLeft(checkAuthenticationInfo(info.right, creds, other))).toBe(c.qop === "auth-int");
  });
});
