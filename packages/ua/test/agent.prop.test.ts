// CapabilitiesCodec with the §20.35/§20.41 agent: product tokens round-trip, text that would
// break the header line is refused.
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect } from "vitest";
import { CapabilitiesCodec, basicCapabilities } from "../src/index.js";

const token = fc.string({ unit: fc.constantFrom(...Array.from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~")), minLength: 1, maxLength: 12 });
const product = fc.tuple(token, fc.option(token, { nil: undefined })).map(([name, version]) => (version === undefined ? name : `${name}/${version}`));
const agent = fc.array(product, { minLength: 1, maxLength: 4 }).map((ps) => ps.join(" "));

describe("RFC 3261 §20.35, §20.41 the agent in CapabilitiesCodec", () => {
  test.prop([agent])("product tokens decode to themselves, through JSON", (a) => {
    const json: unknown = JSON.parse(JSON.stringify(CapabilitiesCodec.encode({ ...basicCapabilities, agent: a })));
    const back = CapabilitiesCodec.decode(json);
    expect(E.isRight(back) && back.right.agent).toBe(a);
  });

  test.prop([agent, agent, fc.constantFrom("\r\n", "\n", "\r", "\u0000")])("a control character anywhere is refused", (before, after, control) => {
    const json: unknown = JSON.parse(JSON.stringify({ ...(CapabilitiesCodec.encode(basicCapabilities) as Readonly<Record<string, unknown>>), agent: `${before}${control}${after}` }));
    expect(E.isLeft(CapabilitiesCodec.decode(json))).toBe(true);
  });
});
