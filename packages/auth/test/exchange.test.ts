// A REGISTER / 401 / REGISTER exchange (RFC 3261 §22.2, RFC 8760 §2.3–2.4) end to end through
// the header printers and parsers. Every digest below was computed by hand with coreutils:
//   HA1 = printf '%s' 'bob:biloxi.com:zanzibar' | sha256sum
//       = e65db393e748c5228939a6b4b2879e9ea5625cd79fd5267868cb568d69f6b97e
//   HA2 = printf '%s' 'REGISTER:sip:biloxi.com' | sha256sum
//       = 6bf0fcd72d0d89a0ccc72682499b006d1c303d45d80d972eaa4290d585cfb2dc
//   response = printf '%s' "$HA1:ea9c8e88df84f1cec4341ae6cbe5a359:00000001:7ba1f9b2c0ffee11:auth:$HA2" | sha256sum
// and the same with md5sum for the MD5 challenge.
import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { parseChallenge, parseCredentials, printChallenge, printCredentials, type Challenge, type DigestCredentials } from "@puresip/message";
import { chooseChallenge, createChallenge, respond, verify, type NonceState } from "../src/index.js";

const right = <A>(r: E.Either<unknown, A>): A => {
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

const NONCE = "ea9c8e88df84f1cec4341ae6cbe5a359";
const CNONCE = "7ba1f9b2c0ffee11";

// The registrar's side: REGISTER sip:biloxi.com arrived without credentials.
const { challenges, state: issuedState } = right(createChallenge({ realm: "biloxi.com", nonce: NONCE, algorithms: ["SHA-256", "MD5"] }));
const wwwAuthenticate = challenges.map(printChallenge);

const digestCredentials = (c: ReturnType<typeof parseCredentials>): DigestCredentials => {
  const v = right(c);
  if (v._tag !== "DigestCredentials") throw new Error("expected Digest");
  return v;
};

describe("RFC 3261 §22.2 REGISTER / 401 / REGISTER computed by hand", () => {
  it("the 401 carries one WWW-Authenticate per algorithm, preferred first (RFC 8760 §2.3)", () => {
    expect(wwwAuthenticate).toStrictEqual([
      `Digest realm="biloxi.com", nonce="${NONCE}", algorithm=SHA-256, qop="auth"`,
      `Digest realm="biloxi.com", nonce="${NONCE}", algorithm=MD5, qop="auth"`,
    ]);
  });

  // The UA's side: it parses the 401's headers, picks one and answers it.
  const received: ReadonlyArray<Challenge> = wwwAuthenticate.map((v) => right(parseChallenge(v)));
  const chosen = chooseChallenge(received);
  const request = { username: "bob", secret: { _tag: "Password", password: "zanzibar" }, method: "REGISTER", uri: "sip:biloxi.com", cnonce: CNONCE } as const;

  it("the UA answers the SHA-256 challenge with the hand-computed response", () => {
    expect(O.map((c: { readonly algorithm?: string }) => c.algorithm)(chosen)).toStrictEqual(O.some("SHA-256"));
    if (O.isNone(chosen)) throw new Error("no challenge");
    const authorization = printCredentials(right(respond({ ...request, challenge: chosen.value, nc: 1 })));
    expect(authorization).toBe(
      `Digest username="bob", realm="biloxi.com", nonce="${NONCE}", uri="sip:biloxi.com", response="072996c3587d91bcce99ec59110312f2163b746aaebb8ac9df79dd280a06ad60", algorithm=SHA-256, cnonce="${CNONCE}", qop=auth, nc=00000001`,
    );
  });

  it("an MD5-only UA answers the second challenge with the hand-computed MD5 response", () => {
    const md5 = received[1];
    if (md5?._tag !== "DigestChallenge") throw new Error("expected Digest");
    expect(right(respond({ ...request, challenge: md5, nc: 1 })).response).toBe("076db950b1596da73f530d87d4503d10");
  });

  it("the registrar verifies the second REGISTER, then refuses its replay and accepts the refresh", () => {
    if (O.isNone(chosen)) throw new Error("no challenge");
    const first = printCredentials(right(respond({ ...request, challenge: chosen.value, nc: 1 })));
    const account = { secret: { _tag: "Password", password: "zanzibar" }, method: "REGISTER" } as const;
    const afterFirst: NonceState = right(verify(digestCredentials(parseCredentials(first)), account, issuedState));
    expect(afterFirst.highestNc).toBe(1);
    expect(verify(digestCredentials(parseCredentials(first)), account, afterFirst)).toStrictEqual(E.left({ _tag: "Replay", nc: 1 }));
    const refresh = printCredentials(right(respond({ ...request, challenge: chosen.value, nc: 2 })));
    expect(right(verify(digestCredentials(parseCredentials(refresh)), account, afterFirst))).toMatchObject({ highestNc: 2, window: 1 });
  });
});
