import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { arbMessage } from "../src/arbitraries/index.js";
import { SipMessageCodec, decodeBase64, encodeBase64, parseMessage } from "../src/index.js";

describe("SipMessageCodec: the message's JSON form", () => {
  it("encodes to plain JSON with the Request-URI as text and the body as base64", () => {
    const m = parseMessage("MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x@y\r\nContent-Length: 3\r\n\r\nhi!");
    if (E.isLeft(m)) throw new Error(m.left.detail);
    expect(SipMessageCodec.encode(m.right)).toStrictEqual({
      _tag: "Request",
      method: "MESSAGE",
      uri: "sip:a@b",
      version: "SIP/2.0",
      headers: [
        { name: "Call-ID", value: "x@y" },
        { name: "Content-Length", value: "3" },
      ],
      body: "aGkh",
    });
  });
  test.prop([arbMessage])("decode(JSON.parse(JSON.stringify(encode(m)))) equals m", (m) => {
    expect(SipMessageCodec.decode(JSON.parse(JSON.stringify(SipMessageCodec.encode(m))))).toStrictEqual(E.right(m));
  });
  test.prop([arbMessage])("is recognises decoded messages", (m) => {
    expect(SipMessageCodec.is(m)).toBe(true);
  });
  it("rejects a bad method, URI, core header or body, and non-messages", () => {
    const good = { _tag: "Request", method: "MESSAGE", uri: "sip:a@b", version: "SIP/2.0", headers: [], body: "" };
    expect(E.isRight(SipMessageCodec.decode(good))).toBe(true);
    expect(E.isLeft(SipMessageCodec.decode({ ...good, method: "ME SSAGE" }))).toBe(true);
    expect(E.isLeft(SipMessageCodec.decode({ ...good, uri: "<sip:a@b>" }))).toBe(true);
    expect(E.isLeft(SipMessageCodec.decode({ ...good, headers: [{ name: "CSeq", value: "x" }] }))).toBe(true);
    expect(E.isLeft(SipMessageCodec.decode({ ...good, body: "a" }))).toBe(true);
    expect(E.isLeft(SipMessageCodec.decode({ _tag: "Response", version: "SIP/2.0", status: "200", reason: "OK", headers: [], body: "" }))).toBe(true);
    expect(E.isLeft(SipMessageCodec.decode(null))).toBe(true);
  });
});

describe("RFC 4648 §4 base64", () => {
  it("matches the RFC's test vectors", () => {
    const vectors: ReadonlyArray<readonly [string, string]> = [["", ""], ["f", "Zg=="], ["fo", "Zm8="], ["foo", "Zm9v"], ["foob", "Zm9vYg=="], ["fooba", "Zm9vYmE="], ["foobar", "Zm9vYmFy"]];
    for (const [plain, coded] of vectors) {
      const bytes = new TextEncoder().encode(plain);
      expect(encodeBase64(bytes)).toBe(coded);
      expect(decodeBase64(coded)).toStrictEqual(bytes);
    }
  });
  test.prop([fc.uint8Array({ maxLength: 300 })])("round trips and agrees with Node's Buffer", (bytes) => {
    expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
    expect(decodeBase64(encodeBase64(bytes))).toStrictEqual(bytes);
  });
  it("rejects non-canonical or malformed text", () => {
    for (const bad of ["Zg", "Zh==", "Z===", "Zm9v!A==", "=Zm9", "Zm=v"]) expect(decodeBase64(bad), bad).toBeUndefined();
  });
});
