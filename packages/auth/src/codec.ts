// io-ts codec for the server's nonce state, so it can be stored (a shared cache, a database)
// and restored by another process: the JSON is the state itself, checked on the way in.
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
