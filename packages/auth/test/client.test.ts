import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import { printCredentials, type DigestChallenge, type DigestCredentials } from "@puresip/message";
import { hexEntropy, respond, type RespondInput } from "../src/index.js";

const challenge: DigestChallenge = {
  _tag: "DigestChallenge",
  realm: "testrealm@host.com",
  nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
  opaque: "5ccc069c403ebaf9f0171e9517f40e41",
  qop: ["auth", "auth-int"],
  params: [],
};

// RFC 2617 §3.5.
const input: RespondInput = {
  challenge,
  username: "Mufasa",
  secret: { _tag: "Password", password: "Circle Of Life" },
  method: "GET",
  uri: "/dir/index.html",
  nc: 1,
  cnonce: "0a4f113b",
};

const ok = (i: RespondInput): DigestCredentials => {
  const r = respond(i);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

describe("RFC 2617 §3.5 and RFC 7616 §3.4 the Authorization header field", () => {
  it("answers the RFC 2617 §3.5 challenge with its credentials", () => {
    expect(printCredentials(ok(input))).toBe(
      'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", response="6629fae49393a05397450978507c4ef1", cnonce="0a4f113b", opaque="5ccc069c403ebaf9f0171e9517f40e41", qop=auth, nc=00000001',
    );
  });
  it("returns opaque and algorithm exactly as the challenge gave them (RFC 7616 §3.4)", () => {
    const c = ok({ ...input, challenge: { ...challenge, algorithm: "md5" } });
    expect(c).toMatchObject({ algorithm: "md5", opaque: "5ccc069c403ebaf9f0171e9517f40e41", response: "6629fae49393a05397450978507c4ef1" });
    expect(ok(input).algorithm).toBeUndefined();
  });
  it("writes the nonce count as 8 hex digits (RFC 7616 §3.4 nc)", () => {
    expect(ok({ ...input, nc: 0x1a }).nc).toBe("0000001a");
    expect(ok({ ...input, nc: 0xffffffff }).nc).toBe("ffffffff");
  });
  it("refuses a nonce count outside 1..0xffffffff and an empty cnonce", () => {
    for (const nc of [0, -1, 1.5, 0x100000000]) expect(respond({ ...input, nc })).toMatchObject(E.left({ _tag: "BadValue", field: "nc" }));
    expect(respond({ ...input, cnonce: "" })).toMatchObject(E.left({ _tag: "BadValue", field: "cnonce" }));
    expect(respond({ ...input, cnonce: "a\r\nb" })).toMatchObject(E.left({ _tag: "BadValue", field: "cnonce" }));
  });
  it("refuses a method that is not a token and values with CR or LF", () => {
    expect(respond({ ...input, method: "GET X" })).toMatchObject(E.left({ _tag: "BadValue", field: "method" }));
    expect(respond({ ...input, uri: "sip:a\nb" })).toMatchObject(E.left({ _tag: "BadValue", field: "uri" }));
    expect(respond({ ...input, uri: "" })).toMatchObject(E.left({ _tag: "BadValue", field: "uri" }));
    expect(respond({ ...input, username: "a\rb" })).toMatchObject(E.left({ _tag: "BadValue", field: "username" }));
  });
  it("refuses an algorithm it does not know, naming it", () => {
    expect(respond({ ...input, challenge: { ...challenge, algorithm: "SHA-1" } })).toStrictEqual(E.left({ _tag: "UnsupportedAlgorithm", algorithm: "SHA-1" }));
  });
});

describe("RFC 3261 §22.4 item 8 and RFC 7616 §3.4 qop", () => {
  it("sends auth when offered, else auth-int", () => {
    expect(ok(input).qop).toBe("auth");
    expect(ok({ ...input, challenge: { ...challenge, qop: ["auth-int"] } }).qop).toBe("auth-int");
  });
  it("sends the qop asked for when the server offered it, and refuses one it did not", () => {
    expect(ok({ ...input, qop: "auth-int" }).qop).toBe("auth-int");
    expect(respond({ ...input, qop: "auth-int", challenge: { ...challenge, qop: ["auth"] } })).toStrictEqual(E.left({ _tag: "UnsupportedQop", offered: ["auth"] }));
  });
  it("matches qop-values case-insensitively", () => {
    expect(ok({ ...input, challenge: { ...challenge, qop: ["AUTH"] } }).qop).toBe("auth");
  });
  it("refuses a challenge whose qop-options are all unknown (RFC 7616 §3.3: ignore unrecognized options)", () => {
    expect(respond({ ...input, challenge: { ...challenge, qop: ["auth-conf"] } })).toStrictEqual(E.left({ _tag: "UnsupportedQop", offered: ["auth-conf"] }));
  });
  it("without qop-options sends no qop, nc or cnonce (RFC 2069 form; §22.4 item 8)", () => {
    const { qop: _, ...legacy } = challenge;
    const c = ok({ ...input, challenge: legacy });
    expect(c.qop).toBeUndefined();
    expect(c.nc).toBeUndefined();
    expect(c.cnonce).toBeUndefined();
    expect(c.response).toHaveLength(32);
  });
  it("refuses a -sess algorithm without qop", () => {
    const { qop: _, ...legacy } = challenge;
    expect(respond({ ...input, challenge: { ...legacy, algorithm: "MD5-sess" } })).toStrictEqual(E.left({ _tag: "SessionNeedsQop", algorithm: "MD5-sess" }));
  });
  it("auth-int covers the body: a different body gives a different response", () => {
    const a = ok({ ...input, qop: "auth-int", body: Buffer.from("v=0\r\n") });
    const b = ok({ ...input, qop: "auth-int", body: Buffer.from("v=1\r\n") });
    const none = ok({ ...input, qop: "auth-int" });
    const empty = ok({ ...input, qop: "auth-int", body: new Uint8Array(0) });
    expect(a.response).not.toBe(b.response);
    expect(none.response).toBe(empty.response);
  });
});

describe("RFC 7616 §3.4.4 username hashing", () => {
  it("sends H(username \":\" realm) and userhash=true when the challenge asks", () => {
    const c = ok({
      ...input,
      challenge: { _tag: "DigestChallenge", realm: "api@example.org", nonce: "5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", algorithm: "SHA-512-256", qop: ["auth"], userhash: true, params: [] },
      username: "J\u00e4s\u00f8n Doe",
      secret: { _tag: "Password", password: "Secret, or not?" },
      uri: "/doe.json",
      cnonce: "NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v",
    });
    expect(c).toMatchObject({
      username: "793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b",
      userhash: true,
      response: "3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5",
    });
  });
});

describe("entropy as data", () => {
  it("hexEntropy writes random bytes as a lower-case hex cnonce or nonce", () => {
    expect(hexEntropy(Uint8Array.from([0x0a, 0x4f, 0x11, 0x3b]))).toBe("0a4f113b");
  });
});
