import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { SipMessage } from "../src/index.js";
import { encodeUtf8, parseMessage, serializeMessage } from "../src/index.js";

const parse = (text: string): SipMessage => {
  const r = parseMessage(text);
  if (E.isLeft(r)) throw new Error(r.left.detail);
  return r.right;
};
const print = (m: SipMessage): string => new TextDecoder().decode(serializeMessage(m));

describe("RFC 3261 §7 serializeMessage", () => {
  it("prints the start line with single SPs, every header as stored, CRLF ends and the body", () => {
    const m = parse("OPTIONS  sip:carol@chicago.example.com  SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bKx\r\nX-Odd:  value  \r\nl: 5\r\n\r\nhello");
    expect(print(m)).toBe("OPTIONS sip:carol@chicago.example.com SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bKx\r\nX-Odd: value\r\nl: 5\r\n\r\nhello");
  });
  it("prints a response's empty reason phrase after its SP (§7.2, RFC 4475 §3.1.1.13)", () => {
    expect(print(parse("SIP/2.0 100 \r\n\r\n"))).toBe("SIP/2.0 100 \r\nContent-Length: 0\r\n\r\n");
  });
  it("§20.14 recomputes Content-Length in octets, in place, dropping repeats", () => {
    const m = parse("MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 0\r\nSubject: x\r\nContent-Length: 0\r\n\r\n");
    expect(print({ ...m, body: encodeUtf8("€") })).toBe("MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 3\r\nSubject: x\r\n\r\n€");
  });
  it("appends Content-Length when the message has none (§18.3: always framed on output)", () => {
    expect(print(parse("MESSAGE sip:a@b SIP/2.0\r\nSubject: x\r\n\r\nhi"))).toBe("MESSAGE sip:a@b SIP/2.0\r\nSubject: x\r\nContent-Length: 2\r\n\r\nhi");
  });
  it("keeps folded values unfolded, with the fold read as one SP (§7.3.1)", () => {
    expect(print(parse("OPTIONS sip:a@b SIP/2.0\r\nSubject: a\r\n  b\r\n\r\n"))).toContain("Subject: a b\r\n");
  });
  it("copies binary bodies byte for byte", () => {
    const body = new Uint8Array([0, 255, 13, 10, 13, 10, 1]);
    const out = serializeMessage({ ...parse("MESSAGE sip:a@b SIP/2.0\r\n\r\n"), body });
    expect(Array.from(out.subarray(out.length - body.length))).toStrictEqual(Array.from(body));
  });
});
