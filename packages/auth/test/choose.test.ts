import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { parseChallenge, type Challenge, type DigestChallenge } from "@puresip/message";
import { chooseChallenge } from "../src/index.js";

const digest = (fields: Partial<DigestChallenge>): DigestChallenge => ({ _tag: "DigestChallenge", realm: "r", nonce: "n", qop: ["auth"], params: [], ...fields });
const parsed = (value: string): Challenge => {
  const c = parseChallenge(value);
  if (E.isLeft(c)) throw new Error(c.left.reason);
  return c.right;
};

describe("RFC 8760 §2.4 UAC behavior: which challenge to answer", () => {
  it("answers SHA-256 over MD5 in RFC 7616 §3.9.1's pair of challenges", () => {
    const challenges = [
      parsed('Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"'),
      parsed('Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"'),
    ];
    expect(chooseChallenge(challenges)).toStrictEqual(O.some(challenges[0]));
    expect(chooseChallenge([challenges[1]!, challenges[0]!])).toStrictEqual(O.some(challenges[0]));
  });
  it("picks the strongest hash wherever it is: SHA-512-256 > SHA-256 > MD5", () => {
    const md5 = digest({ algorithm: "MD5" });
    const sha256 = digest({ algorithm: "SHA-256" });
    const sha512 = digest({ algorithm: "SHA-512-256-sess" });
    expect(chooseChallenge([md5, sha512, sha256])).toStrictEqual(O.some(sha512));
  });
  it("keeps the topmost among equally strong challenges, the server's preference (RFC 8760 §2.3)", () => {
    const a = digest({ algorithm: "SHA-256-sess", nonce: "first" });
    const b = digest({ algorithm: "SHA-256", nonce: "second" });
    expect(chooseChallenge([a, b])).toStrictEqual(O.some(a));
  });
  it("treats a challenge without algorithm as MD5 (RFC 7616 §3.3)", () => {
    const none = digest({});
    expect(chooseChallenge([none])).toStrictEqual(O.some(none));
    const sha = digest({ algorithm: "SHA-256" });
    expect(chooseChallenge([none, sha])).toStrictEqual(O.some(sha));
  });
  it("ignores challenges it does not understand: other schemes, unknown algorithms, no applicable qop", () => {
    const other: Challenge = { _tag: "OtherChallenge", scheme: "Bearer", params: [{ name: "realm", value: "x", quoted: true }] };
    const unknownAlgorithm = digest({ algorithm: "AKAv1-MD5" });
    const unknownQop = digest({ algorithm: "SHA-512-256", qop: ["auth-conf"] });
    const md5 = digest({ algorithm: "MD5" });
    expect(chooseChallenge([other, unknownAlgorithm, unknownQop, md5])).toStrictEqual(O.some(md5));
    expect(chooseChallenge([other, unknownAlgorithm, unknownQop])).toStrictEqual(O.none);
  });
  it("ignores a -sess challenge without qop, which cannot be answered (RFC 3261 §22.4 item 8)", () => {
    const { qop: _, ...noQop } = digest({ algorithm: "SHA-256-sess" });
    const md5 = digest({ algorithm: "MD5" });
    expect(chooseChallenge([noQop, md5])).toStrictEqual(O.some(md5));
  });
  it("answers an RFC 2069 challenge without qop", () => {
    const { qop: _, ...legacy } = digest({ algorithm: "MD5" });
    expect(chooseChallenge([legacy])).toStrictEqual(O.some(legacy));
  });
  it("gives none for no challenges", () => {
    expect(chooseChallenge([])).toStrictEqual(O.none);
  });
});
