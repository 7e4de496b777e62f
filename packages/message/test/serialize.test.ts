import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { SipMessage } from "../src/index.js";
import { encodeUtf8, parseMessage, printParams, serializeMessage } from "../src/index.js";

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
  it("§25.1 Status-Code = 3DIGIT: a status code with a leading zero (099) prints with it and parses back (found by the message fuzz target)", () => {
    const m = parse("SIP/2.0 099 Odd\r\n\r\n");
    expect(print(m)).toBe("SIP/2.0 099 Odd\r\nContent-Length: 0\r\n\r\n");
    expect(parse(print(m))).toMatchObject({ status: 99, reason: "Odd" });
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
  it("RFC3261-7.1-5: \"implementations MUST send upper-case\": a version received as sip/2.0 goes out as SIP/2.0", () => {
    expect(print(parse("OPTIONS sip:a@b sip/2.0\r\n\r\n"))).toMatch(/^OPTIONS sip:a@b SIP\/2\.0\r\n/);
    expect(print(parse("sip/2.0 200 OK\r\n\r\n"))).toMatch(/^SIP\/2\.0 200 OK\r\n/);
    expect(parse("OPTIONS sip:a@b sip/2.0\r\n\r\n").version).toBe("sip/2.0");
  });
  it("RFC3261-25.1-2: special characters in a parameter value go in a quoted string (gen-value): a value built with a space, a ';' or a quote is printed as a quoted-string and parses back", () => {
    const m = parse("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\n\r\n");
    const via = m.core.via[0];
    if (via === undefined) throw new Error("via");
    const odd = printParams([{ name: "x", value: 'a b;c"d\\' }, { name: "y", value: "" }, { name: "z", value: '"kept"' }, { name: "w", value: "plain.token" }]);
    expect(odd).toBe(';x="a b;c\\"d\\\\";y="";z="kept";w=plain.token');
    const back = parse(`OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx${odd}\r\n\r\n`);
    expect(back.core.via[0]?.params.map((p) => p.value)).toStrictEqual(["z9hG4bKx", '"a b;c\\"d\\\\"', '""', '"kept"', "plain.token"]);
  });
  it("copies binary bodies byte for byte", () => {
    const body = new Uint8Array([0, 255, 13, 10, 13, 10, 1]);
    const out = serializeMessage({ ...parse("MESSAGE sip:a@b SIP/2.0\r\n\r\n"), body });
    expect(Array.from(out.subarray(out.length - body.length))).toStrictEqual(Array.from(body));
  });
});
