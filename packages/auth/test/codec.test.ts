import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { NonceStateCodec, createChallenge, type NonceState } from "../src/index.js";

describe("NonceState codec (DESIGN.md: state is plain data with an io-ts codec)", () => {
  const state: NonceState = { realm: "biloxi.com", nonce: "n", opaque: "o", algorithms: ["SHA-256", "MD5"], qop: ["auth"], highestNc: 7, window: 5 };
  it("decodes what it encodes, through JSON", () => {
    expect(NonceStateCodec.decode(JSON.parse(JSON.stringify(NonceStateCodec.encode(state))))).toStrictEqual(E.right(state));
  });
  it("decodes a fresh state from createChallenge", () => {
    const issued = createChallenge({ realm: "r", nonce: "n" });
    if (E.isLeft(issued)) throw new Error("createChallenge");
    expect(NonceStateCodec.decode(JSON.parse(JSON.stringify(issued.right.state)))).toStrictEqual(E.right(issued.right.state));
  });
  it("refuses an unknown algorithm or qop, a count out of range and missing fields", () => {
    expect(E.isLeft(NonceStateCodec.decode({ ...state, algorithms: ["SHA-1"] }))).toBe(true);
    expect(E.isLeft(NonceStateCodec.decode({ ...state, qop: ["auth-conf"] }))).toBe(true);
    expect(E.isLeft(NonceStateCodec.decode({ ...state, highestNc: -1 }))).toBe(true);
    expect(E.isLeft(NonceStateCodec.decode({ ...state, highestNc: 2 ** 32 }))).toBe(true);
    expect(E.isLeft(NonceStateCodec.decode({ ...state, window: 1.5 }))).toBe(true);
    const { nonce: _, ...noNonce } = state;
    expect(E.isLeft(NonceStateCodec.decode(noNonce))).toBe(true);
    expect(E.isLeft(NonceStateCodec.decode(null))).toBe(true);
  });
  it("keeps expiresAt and refuses a non-finite one", () => {
    const timed: NonceState = { ...state, expiresAt: 123_456 };
    expect(NonceStateCodec.decode(JSON.parse(JSON.stringify(timed)))).toStrictEqual(E.right(timed));
    expect(E.isLeft(NonceStateCodec.decode({ ...state, expiresAt: "soon" }))).toBe(true);
    expect(E.isLeft(NonceStateCodec.decode({ ...state, expiresAt: Number.POSITIVE_INFINITY }))).toBe(true);
  });
  it("drops unknown fields", () => {
    expect(NonceStateCodec.decode({ ...state, extra: 1 })).toStrictEqual(E.right(state));
  });
});
