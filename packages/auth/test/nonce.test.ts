import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { NONCE_LENGTH, issueNonce, readNonce } from "../src/index.js";

const secret = new Uint8Array(32).fill(7);
const key = { secret, realm: "biloxi.example.com" };
const issue = (now: number, salt = "0123456789abcdef"): string => {
  const n = issueNonce({ ...key, now, salt });
  if (E.isLeft(n)) throw new Error(n.left);
  return n.right;
};

describe("RFC 7616 §3.3 nonce: 'timestamp H(timestamp \":\" ETag \":\" secret-data)', realm for the ETag (RFC 8760 §2.6 item 4)", () => {
  it("is hex of a fixed length and reads back its issue time while fresh", () => {
    const n = issue(1_000);
    expect(n).toMatch(/^[0-9a-f]+$/);
    expect(n.length).toBe(NONCE_LENGTH);
    expect(readNonce(key, n, 1_000, 300_000)).toStrictEqual(E.right(1_000));
    expect(readNonce(key, n, 300_999, 300_000)).toStrictEqual(E.right(1_000));
  });
  it("'uniquely generated each time a 401 response is made': two salts in the same ms give two nonces", () => {
    expect(issue(5, "0000000000000000")).not.toBe(issue(5, "0000000000000001"));
  });
  it("'reject the request ... if the timestamp value is not recent enough': Expired, with the issue time", () => {
    expect(readNonce(key, issue(1_000), 301_000, 300_000)).toStrictEqual(E.left({ _tag: "Expired", issuedAt: 1_000 }));
    // Issued on a later clock than now (a restarted adapter): never fresh.
    expect(readNonce(key, issue(9_000), 1_000, 300_000)).toStrictEqual(E.left({ _tag: "Expired", issuedAt: 9_000 }));
  });
  it("a nonce not made with this secret and realm, or altered, is Forged", () => {
    const n = issue(1_000);
    expect(readNonce({ ...key, realm: "atlanta.example.com" }, n, 1_000, 300_000)).toStrictEqual(E.left({ _tag: "Forged" }));
    expect(readNonce({ ...key, secret: new Uint8Array(32).fill(8) }, n, 1_000, 300_000)).toStrictEqual(E.left({ _tag: "Forged" }));
    // A later time written over the timestamp, the MAC kept.
    expect(readNonce(key, `00000000ffff${n.slice(12)}`, 1_000, 300_000)).toStrictEqual(E.left({ _tag: "Forged" }));
    expect(readNonce(key, n.toUpperCase(), 1_000, 300_000)).toStrictEqual(E.left({ _tag: "Forged" }));
    expect(readNonce(key, "ea9c8e88df84f1cec4341ae6cbe5a359", 1_000, 300_000)).toStrictEqual(E.left({ _tag: "Forged" }));
  });
  it("refuses inputs that cannot make a sound nonce: a short secret, a bad time or salt", () => {
    expect(E.isLeft(issueNonce({ ...key, secret: new Uint8Array(8), now: 0, salt: "0123456789abcdef" }))).toBe(true);
    expect(E.isLeft(issueNonce({ ...key, now: 1.5, salt: "0123456789abcdef" }))).toBe(true);
    expect(E.isLeft(issueNonce({ ...key, now: -1, salt: "0123456789abcdef" }))).toBe(true);
    expect(E.isLeft(issueNonce({ ...key, now: 0, salt: "xyz" }))).toBe(true);
  });
});
