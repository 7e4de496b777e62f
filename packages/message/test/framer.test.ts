import { describe, expect, it } from "vitest";
import type { FramerOutput } from "../src/index.js";
import { encodeUtf8, initFramer, push } from "../src/index.js";

const REGISTER = "REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nCall-ID: a@b\r\nContent-Length: 0\r\n\r\n";
const MESSAGE = "MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK2\r\nl: 5\r\n\r\nhello";

const tags = (outputs: ReadonlyArray<FramerOutput>) => outputs.map((o) => o._tag);

describe("RFC 3261 §18.3 stream framing", () => {
  it("cuts back-to-back messages by Content-Length", () => {
    const [state, out] = push(initFramer(), encodeUtf8(REGISTER + MESSAGE));
    expect(tags(out)).toStrictEqual(["Message", "Message"]);
    const second = out[1];
    expect(second?._tag === "Message" && second.message.body).toStrictEqual(encodeUtf8("hello"));
    expect(state.buffer).toHaveLength(0);
  });
  it("waits for the rest of a body and keeps the partial bytes", () => {
    const text = encodeUtf8(MESSAGE);
    const [s1, o1] = push(initFramer(), text.subarray(0, text.length - 2));
    expect(o1).toStrictEqual([]);
    const [, o2] = push(s1, text.subarray(text.length - 2));
    expect(tags(o2)).toStrictEqual(["Message"]);
  });
  it("does not change the state it was given or keep the caller's buffer", () => {
    const s0 = initFramer();
    const chunk = encodeUtf8(REGISTER.slice(0, 20));
    const [s1] = push(s0, chunk);
    chunk.fill(0);
    expect(s0.buffer).toHaveLength(0);
    expect(new TextDecoder().decode(s1.buffer)).toBe(REGISTER.slice(0, 20));
  });
  it("a message that frames but does not parse is reported and the stream goes on", () => {
    const bad = "OPTIONS sip:a@b SIP/2.0\r\nCSeq: x OPTIONS\r\nContent-Length: 0\r\n\r\n";
    const [state, out] = push(initFramer(), encodeUtf8(bad + REGISTER));
    expect(tags(out)).toStrictEqual(["Invalid", "Message"]);
    expect(state.failed).toBeUndefined();
  });
});

describe("RFC 5626 §3.5.1 keep-alives and RFC 3261 §7.5 leading CRLF", () => {
  it("reports a CRLF CRLF ping and a lone CRLF pong between messages", () => {
    const [, out] = push(initFramer(), encodeUtf8(`\r\n\r\n${REGISTER}\r\n${REGISTER}`));
    expect(tags(out)).toStrictEqual(["Ping", "Message", "Pong", "Message"]);
  });
  it("reports a pong that ends the buffer at once, and completes a ping split in two", () => {
    const [s1, o1] = push(initFramer(), encodeUtf8("\r\n"));
    expect(tags(o1)).toStrictEqual(["Pong"]);
    expect(tags(push(s1, encodeUtf8("\r\n"))[1])).toStrictEqual(["Ping"]);
    expect(tags(push(s1, encodeUtf8(REGISTER))[1])).toStrictEqual(["Message"]);
  });
  it("a stream ending CRLF CR holds the same octets pushed whole or one by one, counting a remembered half ping (tooling/fuzz finding)", () => {
    const text = encodeUtf8(`${REGISTER}\r\n\r`);
    const [whole] = push(initFramer(), text);
    let single = initFramer();
    for (const b of text) single = push(single, Uint8Array.of(b))[0];
    // Whole: CRLF CR waits; one by one: the CRLF was reported as a pong and remembered.
    const pending = (s: typeof whole): number => s.buffer.length + (s.halfPing === true ? 2 : 0);
    expect(pending(single)).toBe(pending(whole));
    for (const next of ["\n", "X"]) expect(tags(push(single, encodeUtf8(next))[1]).filter((t) => t !== "Pong")).toStrictEqual(tags(push(whole, encodeUtf8(next))[1]).filter((t) => t !== "Pong"));
  });
  it("a stream that cannot be framed after a push ending in a lone CRLF ends failed with nothing remembered, whole or in pieces (tooling/fuzz finding)", () => {
    // §20.14: a Content-Length that is not 1*DIGIT cannot frame the stream (§18.3).
    const bad = encodeUtf8("SIP/2.0 200 OK\r\nl: x\r\n\r\n");
    const lead = encodeUtf8(`${REGISTER}\r\n`);
    const [whole] = push(initFramer(), new Uint8Array([...lead, ...bad]));
    const [afterLead] = push(initFramer(), lead);
    expect(afterLead.halfPing).toBe(true);
    const [pieces, outs] = push(afterLead, bad);
    expect(tags(outs)).toStrictEqual(["FramingError"]);
    expect(pieces.halfPing).toBeUndefined();
    expect(whole.halfPing).toBeUndefined();
    expect([pieces.buffer.length, pieces.failed?.kind]).toStrictEqual([whole.buffer.length, whole.failed?.kind]);
  });

  it("waits when the buffer ends inside a possible ping", () => {
    const [s1, o1] = push(initFramer(), encodeUtf8("\r\n\r"));
    expect(o1).toStrictEqual([]);
    const [, o2] = push(s1, encodeUtf8("\n"));
    expect(tags(o2)).toStrictEqual(["Ping"]);
  });
});

describe("RFC 4475 framing errors over a stream close the connection", () => {
  it("§3.1.2.3 negative Content-Length", () => {
    const [state, out] = push(initFramer(), encodeUtf8(`OPTIONS sip:a@b SIP/2.0\r\nContent-Length: -999\r\n\r\n${REGISTER}`));
    expect(tags(out)).toStrictEqual(["FramingError"]);
    expect(state.failed?.kind).toBe("ContentLength");
    expect(push(state, encodeUtf8(REGISTER))[1]).toStrictEqual([]);
  });
  it("§3.3.9 two different Content-Lengths", () => {
    const [, out] = push(initFramer(), encodeUtf8("OPTIONS sip:a@b SIP/2.0\r\nl: 1\r\nContent-Length: 2\r\n\r\nxx"));
    expect(tags(out)).toStrictEqual(["FramingError"]);
  });
  it("a header section that never ends is cut at maxMessageBytes", () => {
    const [state, out] = push(initFramer({ maxMessageBytes: 64 }), encodeUtf8(`OPTIONS sip:a@b SIP/2.0\r\nSubject: ${"x".repeat(100)}`));
    expect(tags(out)).toStrictEqual(["FramingError"]);
    expect(state.failed?.kind).toBe("Limit");
  });
  it("a header section over maxMessageBytes is refused even when it ends in the same push", () => {
    const big = `OPTIONS sip:a@b SIP/2.0\r\n${Array.from({ length: 20 }, (_, i) => `X-H${i}: ${"y".repeat(50)}`).join("\r\n")}\r\n\r\n`;
    const [state, out] = push(initFramer({ maxMessageBytes: 512 }), encodeUtf8(big));
    expect(tags(out)).toStrictEqual(["FramingError"]);
    expect(state.failed?.kind).toBe("Limit");
  });
  it("a body over maxBodyBytes is refused before it arrives", () => {
    const [, out] = push(initFramer({ maxBodyBytes: 10 }), encodeUtf8("MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 11\r\n\r\n"));
    expect(out).toMatchObject([{ _tag: "FramingError", error: { status: 413 } }]);
  });
});

describe("RFC 3261 §18.3 framing cost does not grow with the square of the message (tooling/fuzz finding)", () => {
  const big = encodeUtf8(`MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nl: 30000\r\n\r\n${"b".repeat(30000)}`);
  it("one octet per push reuses the buffer's store: about log2(n) stores for n octets, not n", () => {
    let state = initFramer();
    const stores = new Set<ArrayBufferLike>();
    const out: Array<FramerOutput> = [];
    for (let i = 0; i < big.length; i++) {
      const [next, o] = push(state, big.subarray(i, i + 1));
      state = next;
      out.push(...o);
      stores.add(state.buffer.buffer);
    }
    expect(tags(out)).toStrictEqual(["Message"]);
    expect(stores.size).toBeLessThan(20);
  });
  it("a state stays what it was: two pushes onto the same state each see only their own octets", () => {
    const head = encodeUtf8(REGISTER.slice(0, 40));
    const [s1] = push(initFramer(), head);
    const [s2] = push(s1, encodeUtf8("ab"));
    const [s3] = push(s1, encodeUtf8(REGISTER.slice(40)));
    expect(s1.buffer).toStrictEqual(head);
    expect(new TextDecoder().decode(s2.buffer)).toBe(`${REGISTER.slice(0, 40)}ab`);
    const [, o4] = push(s2, encodeUtf8("\r\n\r\n"));
    expect(tags(o4)).toStrictEqual(["Invalid"]);
    expect(s3.buffer).toHaveLength(0);
    const [, again] = push(s1, encodeUtf8(REGISTER.slice(40)));
    expect(tags(again)).toStrictEqual(["Message"]);
  });
});
