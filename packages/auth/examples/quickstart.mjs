// Runs against the built package: `pnpm turbo run build --filter=@puresip/auth` from the
// repository root, then `node packages/auth/examples/quickstart.mjs`.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { parseChallenge, parseCredentials, printChallenge, printCredentials } from "@puresip/message";
import { chooseChallenge, createChallenge, respond, verify } from "@puresip/auth";

const right = (r) => { if (E.isLeft(r)) throw new Error(JSON.stringify(r.left)); return r.right; };

// Registrar: REGISTER arrived without credentials. The nonce comes from the adapter's CSPRNG.
const { challenges, state } = right(createChallenge({ realm: "biloxi.com", nonce: "ea9c8e88df84f1cec4341ae6cbe5a359", algorithms: ["SHA-256", "MD5"] }));
const wwwAuthenticate = challenges.map(printChallenge);
wwwAuthenticate.forEach((v) => console.log(`401  WWW-Authenticate: ${v}`));

// UA: answer the strongest challenge it understands; the cnonce is entropy from the adapter.
const chosen = chooseChallenge(wwwAuthenticate.map((v) => right(parseChallenge(v))));
if (O.isNone(chosen)) throw new Error("no challenge we can answer");
const request = { username: "bob", secret: { _tag: "Password", password: "zanzibar" }, method: "REGISTER", uri: "sip:biloxi.com", cnonce: "7ba1f9b2c0ffee11" };
const authorization = printCredentials(right(respond({ ...request, challenge: chosen.value, nc: 1 })));
console.log(`REGISTER  Authorization: ${authorization}`);

// Registrar: verify, store the new nonce state; the same credentials again are a replay.
const account = { secret: { _tag: "Password", password: "zanzibar" }, method: "REGISTER" };
const next = verify(right(parseCredentials(authorization)), account, state);
console.log("verified:", E.isRight(next), "nonce count now", E.isRight(next) && next.right.highestNc);
console.log("replayed:", JSON.stringify(verify(right(parseCredentials(authorization)), account, right(next))));
