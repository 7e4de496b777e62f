// io-ts codecs for what auth's users store: the server's nonce state (a shared cache, a
// database) and the Digest challenge and credentials a UA keeps to authenticate its next
// requests. The JSON is the value itself, checked on the way in.
import type { AuthParam, DigestChallenge, DigestCredentials } from "@puresip/message";
import * as t from "io-ts";
import type { AlgorithmName } from "./hash.js";
import type { Qop } from "./digest.js";
import type { NonceState } from "./server.js";

const uint32 = new t.Type<number, number, unknown>(
  "Uint32",
  (u): u is number => typeof u === "number" && Number.isInteger(u) && u >= 0 && u <= 0xffffffff,
  (u, c) => (typeof u === "number" && Number.isInteger(u) && u >= 0 && u <= 0xffffffff ? t.success(u) : t.failure(u, c)),
  (n) => n,
);

const finite = new t.Type<number, number, unknown>(
  "FiniteNumber",
  (u): u is number => typeof u === "number" && Number.isFinite(u),
  (u, c) => (typeof u === "number" && Number.isFinite(u) ? t.success(u) : t.failure(u, c)),
  (n) => n,
);

const algorithmName: t.Type<AlgorithmName> = t.keyof({
  MD5: null,
  "MD5-sess": null,
  "SHA-256": null,
  "SHA-256-sess": null,
  "SHA-512-256": null,
  "SHA-512-256-sess": null,
});

const qop: t.Type<Qop> = t.keyof({ auth: null, "auth-int": null });

/** NonceState ⇄ JSON-safe object; decoding rejects anything `verify` could not trust. */
export const NonceStateCodec: t.Type<NonceState, NonceState> = t.exact(
  t.intersection([
    t.type({
      realm: t.string,
      nonce: t.string,
      algorithms: t.readonlyArray(algorithmName),
      qop: t.readonlyArray(qop),
      highestNc: uint32,
      window: uint32,
    }),
    t.partial({ opaque: t.string, expiresAt: finite }),
  ]),
);

const authParam: t.Type<AuthParam> = t.type({ name: t.string, value: t.string, quoted: t.boolean });

/** DigestChallenge ⇄ JSON (a UA keeps the challenge it answers to sign its next requests). */
export const DigestChallengeCodec: t.Type<DigestChallenge, DigestChallenge> = t.exact(
  t.intersection([
    t.type({ _tag: t.literal("DigestChallenge"), realm: t.string, nonce: t.string, params: t.readonlyArray(authParam) }),
    t.partial({
      domain: t.readonlyArray(t.string),
      opaque: t.string,
      stale: t.boolean,
      algorithm: t.string,
      qop: t.readonlyArray(t.string),
      charset: t.string,
      userhash: t.boolean,
    }),
  ]),
);

/** DigestCredentials ⇄ JSON. */
export const DigestCredentialsCodec: t.Type<DigestCredentials, DigestCredentials> = t.exact(
  t.intersection([
    t.type({ _tag: t.literal("DigestCredentials"), username: t.string, realm: t.string, nonce: t.string, response: t.string, params: t.readonlyArray(authParam) }),
    t.partial({
      uri: t.string,
      algorithm: t.string,
      cnonce: t.string,
      opaque: t.string,
      qop: t.string,
      nc: t.string,
      userhash: t.boolean,
    }),
  ]),
);
