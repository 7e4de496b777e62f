import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { PING, frameOf, readFrame } from "../src/index.js";

describe("RFC 7118 §4.2 SIP encoding over WebSocket", () => {
  it("sends a UTF-8 message as a text frame", () => {
    const bytes = new TextEncoder().encode("OPTIONS sip:a@b SIP/2.0\r\n\r\n");
    expect(frameOf(bytes)).toBe("OPTIONS sip:a@b SIP/2.0\r\n\r\n");
  });

  it("sends a message with a non-UTF-8 octet as a binary frame (§4.2 MUST)", () => {
    const bytes = Uint8Array.from([0x4f, 0x50, 0xff, 0x0d, 0x0a]);
    const frame = frameOf(bytes);
    expect(frame).toBeInstanceOf(Uint8Array);
    expect([...(frame as Uint8Array)]).toEqual([...bytes]);
  });

  it("accepts text and binary frames alike (§4.2: MUST accept both)", () => {
    const text = readFrame("SIP/2.0 200 OK\r\n\r\n");
    const binary = readFrame(new TextEncoder().encode("SIP/2.0 200 OK\r\n\r\n"));
    expect(text).toEqual(binary);
    expect(text._tag).toBe("Message");
  });
});

describe("RFC 5626 §4.4.1 CRLF keep-alive frames", () => {
  it("reads a single CRLF as the server's pong and a double CRLF as a ping", () => {
    expect(readFrame("\r\n")).toEqual({ _tag: "KeepAlive", pong: true });
    expect(readFrame(PING)).toEqual({ _tag: "KeepAlive", pong: false });
  });

  it("does not take a lone LF or an empty frame for a keep-alive", () => {
    expect(readFrame("\n")._tag).toBe("Message");
    expect(readFrame("")._tag).toBe("Message");
  });
});

describe("RFC 7118 §5 one SIP message per WebSocket message (properties)", () => {
  test.prop([fc.uint8Array({ minLength: 1, maxLength: 300 })])("what is framed is read back octet for octet", (bytes) => {
    const read = readFrame(frameOf(bytes));
    if (read._tag === "KeepAlive") {
      // Only a message of CRLFs reads as a keep-alive, and SIP never sends one.
      expect(new TextDecoder().decode(bytes).replace(/\r\n/g, "")).toBe("");
      return;
    }
    expect([...read.bytes]).toEqual([...bytes]);
  });

  test.prop([fc.string({ unit: "grapheme", maxLength: 200 })])("a UTF-8 message always goes as text", (s) => {
    expect(frameOf(new TextEncoder().encode(s))).toBe(s);
  });
});
