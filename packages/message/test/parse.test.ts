import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { ParseError, SipMessage } from "../src/index.js";
import { decodeUtf8, defaultLimits, encodeUtf8, parseMessage, utf8Length } from "../src/index.js";

const INVITE = [
  "INVITE sip:bob@biloxi.example.com SIP/2.0",
  "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds",
  "Max-Forwards: 70",
  "To: Bob <sip:bob@biloxi.example.com>",
  "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
  "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
  "CSeq: 314159 INVITE",
  "Contact: <sip:alice@pc33.atlanta.example.com>",
  "Content-Type: application/sdp",
  "Content-Length: 4",
  "",
  "v=0\n",
].join("\r\n");

const ok = (input: Uint8Array | string, options?: Parameters<typeof parseMessage>[1]): SipMessage => {
  const r = parseMessage(input, options);
  if (E.isLeft(r)) throw new Error(r.left.detail);
  return r.right;
};
const fail = (input: Uint8Array | string, options?: Parameters<typeof parseMessage>[1]): ParseError => {
  const r = parseMessage(input, options);
  if (E.isRight(r)) throw new Error("parsed");
  return r.left;
};

describe("RFC 3261 §7.1 Request-Line", () => {
  it("reads method, Request-URI and version, and the core headers", () => {
    const m = ok(INVITE);
    expect(m._tag).toBe("Request");
    if (m._tag !== "Request") return;
    expect(m.method).toBe("INVITE");
    expect(m.uri).toMatchObject({ _tag: "SipUri", user: "bob" });
    expect(m.version).toBe("SIP/2.0");
    expect(m.core.via[0]?.params).toContainEqual({ name: "branch", value: "z9hG4bK776asdhds" });
    expect(m.core.cseq).toStrictEqual({ seq: 314159, method: "INVITE" });
    expect(m.core.callId).toBe("a84b4c76e66710@pc33.atlanta.example.com");
    expect(m.body).toStrictEqual(encodeUtf8("v=0\n"));
  });
  it("keeps headers in wire order with their raw values", () => {
    const m = ok(INVITE);
    expect(m.headers.map((h) => h.name)).toStrictEqual(["Via", "Max-Forwards", "To", "From", "Call-ID", "CSeq", "Contact", "Content-Type", "Content-Length"]);
    expect(m.headers[3]).toStrictEqual({ name: "From", value: "Alice <sip:alice@atlanta.example.com>;tag=1928301774" });
  });
  it("rejects a Request-Line without SIP-Version, naming the start line", () => {
    const e = fail("INVITE sip:a@b\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\r\n");
    expect([e.kind, e.status]).toStrictEqual(["StartLine", 400]);
  });
  it("rejects a Request-URI that does not parse, pointing into it", () => {
    const e = fail("INVITE <sip:a@b> SIP/2.0\r\n\r\n");
    expect(e.kind).toBe("RequestUri");
    expect(e.offset).toBe(7);
  });
  it("accepts any SIP-Version shape (validateMessage answers 505) but not a non-SIP protocol", () => {
    expect(ok("OPTIONS sip:a@b SIP/7.0\r\n\r\n").version).toBe("SIP/7.0");
    expect(fail("OPTIONS sip:a@b HTTP/1.1\r\n\r\n").kind).toBe("StartLine");
  });
});

describe("RFC 3261 §7.2 Status-Line", () => {
  it("reads status and reason phrase with spaces", () => {
    const m = ok("SIP/2.0 486 Busy Here\r\n\r\n");
    expect(m._tag === "Response" && [m.status, m.reason]).toStrictEqual([486, "Busy Here"]);
  });
  it("requires exactly three digits", () => {
    expect(fail("SIP/2.0 20 OK\r\n\r\n").kind).toBe("StartLine");
    expect(fail("SIP/2.0 2000 OK\r\n\r\n").kind).toBe("StartLine");
  });
});

describe("RFC 3261 §7.3.1 header fields", () => {
  it("unfolds continuation lines into one SP", () => {
    const m = ok("OPTIONS sip:a@b SIP/2.0\r\nSubject: I know you're there,\r\n   pick up the phone\r\n\tand talk to me!\r\n\r\n");
    expect(m.headers).toStrictEqual([{ name: "Subject", value: "I know you're there, pick up the phone and talk to me!" }]);
  });
  it("allows whitespace before the colon and trims the value", () => {
    expect(ok("OPTIONS sip:a@b SIP/2.0\r\nSubject   :   hi there  \r\n\r\n").headers).toStrictEqual([{ name: "Subject", value: "hi there" }]);
  });
  it("rejects a line without a colon and keeps what was framed before it", () => {
    const e = fail("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x@y\r\nFoobar roobar\r\n\r\n");
    expect(e.kind).toBe("HeaderLine");
    expect(e.framed?.headers).toStrictEqual([{ name: "Call-ID", value: "x@y" }]);
    expect(e.offset).toBe("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x@y\r\n".length);
  });
  it("rejects a continuation line before any header", () => {
    expect(fail("OPTIONS sip:a@b SIP/2.0\r\n  folded\r\n\r\n").kind).toBe("HeaderLine");
  });
  it("rejects a header section that is not UTF-8", () => {
    const bytes = encodeUtf8("OPTIONS sip:a@b SIP/2.0\r\nSubject: x\r\n\r\n");
    const bad = new Uint8Array([...bytes.subarray(0, 34), 0xff, ...bytes.subarray(34)]);
    expect(fail(bad).kind).toBe("Encoding");
  });
  it("a malformed core header is a 400 that keeps the framed fields for the answer", () => {
    const e = fail("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCSeq: one OPTIONS\r\n\r\n");
    expect([e.kind, e.status]).toStrictEqual(["CoreHeader", 400]);
    expect(e.detail).toContain("CSeq");
    expect(e.framed?.headers).toHaveLength(2);
  });
});

describe("RFC 3261 §7.5 and §18.3 framing a datagram", () => {
  it("ignores CRLFs before the start line", () => {
    expect(ok(`\r\n\r\n${INVITE}`)._tag).toBe("Request");
  });
  it("ignores octets after Content-Length", () => {
    expect(ok(`${INVITE}garbage after the body`).body).toStrictEqual(encodeUtf8("v=0\n"));
  });
  it("without Content-Length, the body is the rest of the datagram", () => {
    expect(ok("MESSAGE sip:a@b SIP/2.0\r\n\r\nhello").body).toStrictEqual(encodeUtf8("hello"));
  });
  it("a Content-Length larger than the datagram is a 400", () => {
    expect(fail("MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 6\r\n\r\nhello")).toMatchObject({ kind: "Truncated", status: 400 });
  });
  it("compact l frames like Content-Length; equal repeats frame, different ones do not", () => {
    expect(ok("MESSAGE sip:a@b SIP/2.0\r\nl: 2\r\n\r\nhello").body).toHaveLength(2);
    expect(ok("MESSAGE sip:a@b SIP/2.0\r\nl: 2\r\nContent-Length: 2\r\n\r\nhello").body).toHaveLength(2);
    expect(fail("MESSAGE sip:a@b SIP/2.0\r\nl: 2\r\nContent-Length: 3\r\n\r\nhello").kind).toBe("ContentLength");
  });
  it("Content-Length counts octets: a string body is encoded as UTF-8 first", () => {
    const m = ok("MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 6\r\n\r\nhé€");
    expect(m.body).toStrictEqual(encodeUtf8("hé€"));
    expect(ok("MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 3\r\n\r\nhé€x").body).toStrictEqual(encodeUtf8("hé"));
    expect(fail("MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 8\r\n\r\nhé€x").kind).toBe("Truncated");
  });
  it("a message with no empty line ends at the end of the datagram", () => {
    expect(ok("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x@y\r\n").headers).toStrictEqual([{ name: "Call-ID", value: "x@y" }]);
  });
  it("empty input or only line ends is an Empty error", () => {
    expect(fail("").kind).toBe("Empty");
    expect(fail(new Uint8Array([13, 10, 13, 10])).kind).toBe("Empty");
  });
  it("a string and its UTF-8 bytes parse to the same message", () => {
    expect(ok(encodeUtf8(INVITE))).toStrictEqual(ok(INVITE));
  });
});

describe("limits (safe defaults, clean Left)", () => {
  it("has safe defaults", () => {
    expect(defaultLimits).toStrictEqual({ maxMessageBytes: 65535, maxHeaderCount: 256, maxLineBytes: 65535, maxBodyBytes: 65535, maxVia: 70 });
  });
  it("message size", () => {
    expect(fail(INVITE, { maxMessageBytes: 100 })).toMatchObject({ kind: "Limit", status: 513 });
    expect(fail(encodeUtf8(INVITE), { maxMessageBytes: 100 })).toMatchObject({ kind: "Limit", status: 513 });
  });
  it("header count", () => {
    expect(fail(INVITE, { maxHeaderCount: 3 })).toMatchObject({ kind: "Limit", detail: expect.stringContaining("maxHeaderCount") as unknown });
  });
  it("line length", () => {
    expect(fail(INVITE, { maxLineBytes: 40 })).toMatchObject({ kind: "Limit", detail: expect.stringContaining("maxLineBytes") as unknown });
  });
  it("body size", () => {
    expect(fail(INVITE, { maxBodyBytes: 3 })).toMatchObject({ kind: "Limit", status: 413 });
    expect(fail("MESSAGE sip:a@b SIP/2.0\r\n\r\nhello", { maxBodyBytes: 3 })).toMatchObject({ kind: "Limit", status: 413 });
  });
  it("Via count", () => {
    const vias = Array.from({ length: 5 }, (_, i) => `Via: SIP/2.0/UDP h${i};branch=z9hG4bK${i}`).join("\r\n");
    expect(fail(`OPTIONS sip:a@b SIP/2.0\r\n${vias}\r\n\r\n`, { maxVia: 4 })).toMatchObject({ kind: "Limit", detail: expect.stringContaining("maxVia") as unknown });
    expect(ok(`OPTIONS sip:a@b SIP/2.0\r\n${vias}\r\n\r\n`, { maxVia: 5 }).core.via).toHaveLength(5);
  });
  it("a huge Content-Length is reported, never used as an index", () => {
    expect(fail("MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 99999999999999999999999\r\n\r\nx")).toMatchObject({ kind: "Limit", status: 413 });
  });
});

describe("UTF-8 (RFC 3629)", () => {
  it("encodes and decodes every plane, counting octets", () => {
    const s = "aé€😀";
    expect(Array.from(encodeUtf8(s))).toStrictEqual([0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
    expect(utf8Length(s)).toBe(10);
    expect(decodeUtf8(encodeUtf8(s))).toStrictEqual(E.right(s));
  });
  it("rejects overlong forms, surrogates, truncation and stray continuation bytes, with the offset", () => {
    expect(decodeUtf8(new Uint8Array([0x61, 0xc0, 0xaf]))).toStrictEqual(E.left({ _tag: "Utf8Error", offset: 1 }));
    expect(decodeUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toStrictEqual(E.left({ _tag: "Utf8Error", offset: 0 }));
    expect(decodeUtf8(new Uint8Array([0x61, 0x62, 0xe2, 0x82]))).toStrictEqual(E.left({ _tag: "Utf8Error", offset: 2 }));
    expect(decodeUtf8(new Uint8Array([0x80]))).toStrictEqual(E.left({ _tag: "Utf8Error", offset: 0 }));
    expect(decodeUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toStrictEqual(E.left({ _tag: "Utf8Error", offset: 0 }));
  });
  it("writes a lone surrogate as U+FFFD, like TextEncoder", () => {
    expect(encodeUtf8("\ud800")).toStrictEqual(new TextEncoder().encode("\ud800"));
  });
});
