import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as O from "fp-ts/lib/Option.js";
import type { Challenge } from "@puresip/message";
import { answerableAlgorithm, chooseChallenge } from "../src/index.js";

const challenge: fc.Arbitrary<Challenge> = fc.oneof(
  fc.record(
    {
      _tag: fc.constant("DigestChallenge" as const),
      realm: fc.constantFrom("a.example", "b.example"),
      nonce: fc.string({ maxLength: 4 }),
      algorithm: fc.constantFrom("MD5", "md5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-SESS", "SHA-1", "AKAv1-MD5"),
      qop: fc.array(fc.constantFrom("auth", "auth-int", "auth-conf"), { maxLength: 3 }).map((q) => (q.length === 0 ? ["auth"] : q)),
      params: fc.constant([]),
    },
    { requiredKeys: ["_tag", "realm", "nonce", "params"] },
  ),
  fc.constant<Challenge>({ _tag: "OtherChallenge", scheme: "Bearer", params: [{ name: "realm", value: "x", quoted: true }] }),
);

const strength = (c: Challenge): number => (c._tag === "DigestChallenge" ? O.getOrElse(() => 0)(O.map((a: { readonly strength: number }) => a.strength)(answerableAlgorithm(c))) : 0);

describe("RFC 8760 §2.4 the client picks the strongest challenge it understands", () => {
  test.prop([fc.array(challenge, { maxLength: 8 })])("the topmost of the strongest answerable challenges, or none", (challenges) => {
    const best = Math.max(0, ...challenges.map(strength));
    const expected = best === 0 ? O.none : O.some(challenges.find((c) => strength(c) === best));
    expect(chooseChallenge(challenges)).toStrictEqual(expected);
  });
});
