import { describe, expect, it } from "vitest";
import { test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { SessionDescriptionCodec, parseSdp } from "../src/index.js";
import { arbSessionDescription } from "../src/arbitraries/index.js";
import { chromeOffer } from "./fixtures/real-world.js";

describe("io-ts codecs: descriptions stored as JSON", () => {
  test.prop([arbSessionDescription])("decode(JSON.parse(JSON.stringify(sd))) equals sd", (sd) => {
    expect(SessionDescriptionCodec.decode(JSON.parse(JSON.stringify(sd)))).toStrictEqual(E.right(sd));
  });
  it("decodes a parsed WebRTC offer from JSON", () => {
    const sd = parseSdp(chromeOffer);
    if (E.isLeft(sd)) throw new Error("fixture must parse");
    expect(SessionDescriptionCodec.decode(JSON.parse(JSON.stringify(sd.right)))).toStrictEqual(E.right(sd.right));
  });
  it("rejects a stored description with a bad attribute or a non-numeric version", () => {
    const sd = parseSdp(chromeOffer);
    if (E.isLeft(sd)) throw new Error("fixture must parse");
    const json = JSON.parse(JSON.stringify(sd.right)) as { origin: { sessionVersion: string }; attributes: Array<unknown> };
    expect(E.isLeft(SessionDescriptionCodec.decode({ ...json, attributes: [{ _tag: "Rtpmap", payloadType: "x" }] }))).toBe(true);
    expect(E.isLeft(SessionDescriptionCodec.decode({ ...json, origin: { ...json.origin, sessionVersion: "2a" } }))).toBe(true);
    expect(E.isLeft(SessionDescriptionCodec.decode({ ...json, version: 1 }))).toBe(true);
  });
  it("rejects a field with a line break, which would smuggle lines into the printed SDP", () => {
    const sd = parseSdp(chromeOffer);
    if (E.isLeft(sd)) throw new Error("fixture must parse");
    const json = JSON.parse(JSON.stringify(sd.right)) as Record<string, unknown>;
    expect(E.isLeft(SessionDescriptionCodec.decode({ ...json, sessionName: "-\r\na=injected" }))).toBe(true);
    expect(E.isLeft(SessionDescriptionCodec.decode({ ...json, attributes: [{ _tag: "Mid", value: "0\nm=audio 1 RTP/AVP 0" }] }))).toBe(true);
  });
});
