import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import type { DigestChallenge, DigestCredentials } from "@puresip/message";
import { DigestChallengeCodec, DigestCredentialsCodec } from "../src/index.js";

const param = fc.record({ name: fc.string({ minLength: 1 }), value: fc.string(), quoted: fc.boolean() });
// fc.record builds null-prototype objects; JSON.parse builds plain ones.
const plain = <T>(x: T): T => structuredClone(x);

const challenge: fc.Arbitrary<DigestChallenge> = fc
  .record(
    {
      _tag: fc.constant("DigestChallenge" as const),
      realm: fc.string(),
      nonce: fc.string(),
      domain: fc.array(fc.string(), { maxLength: 3 }),
      opaque: fc.string(),
      stale: fc.boolean(),
      algorithm: fc.string(),
      qop: fc.array(fc.string(), { maxLength: 3 }),
      charset: fc.string(),
      userhash: fc.boolean(),
      params: fc.array(param, { maxLength: 3 }),
    },
    { requiredKeys: ["_tag", "realm", "nonce", "params"] },
  )
  .map(plain);

const credentials: fc.Arbitrary<DigestCredentials> = fc
  .record(
    {
      _tag: fc.constant("DigestCredentials" as const),
      username: fc.string(),
      realm: fc.string(),
      nonce: fc.string(),
      uri: fc.string(),
      response: fc.string(),
      algorithm: fc.string(),
      cnonce: fc.string(),
      opaque: fc.string(),
      qop: fc.string(),
      nc: fc.string(),
      userhash: fc.boolean(),
      params: fc.array(param, { maxLength: 3 }),
    },
    { requiredKeys: ["_tag", "username", "realm", "nonce", "response", "params"] },
  )
  .map(plain);

const viaJson = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

describe("DESIGN.md: stored values have io-ts codecs", () => {
  test.prop([challenge])("DigestChallenge decodes from the JSON of its encoding", (c) => {
    expect(DigestChallengeCodec.decode(viaJson(DigestChallengeCodec.encode(c)))).toStrictEqual(E.right(c));
  });
  test.prop([credentials])("DigestCredentials decodes from the JSON of its encoding", (c) => {
    expect(DigestCredentialsCodec.decode(viaJson(DigestCredentialsCodec.encode(c)))).toStrictEqual(E.right(c));
  });
  test.prop([challenge])("the credentials codec refuses a challenge", (c) => {
    expect(E.isLeft(DigestCredentialsCodec.decode(viaJson(c)))).toBe(true);
  });
  test.prop([credentials])("the challenge codec refuses credentials", (c) => {
    expect(E.isLeft(DigestChallengeCodec.decode(viaJson(c)))).toBe(true);
  });
});
