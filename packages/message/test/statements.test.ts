// Parser and printer rules of RFC 3261 §7 and §19.1 that no older test named, each test citing
// the statement it checks by its ID (docs/CONFORMANCE.md).
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { SipMessage } from "../src/index.js";
import { createResponse, parseMessage, parseNameAddr, parseUri, printNameAddr, printUri, serializeMessage } from "../src/index.js";

const parse = (text: string): SipMessage => {
  const r = parseMessage(text);
  if (E.isLeft(r)) throw new Error(`fixture does not parse: ${JSON.stringify(r.left)}`);
  return r.right;
};
const print = (m: SipMessage): string => new TextDecoder().decode(serializeMessage(m));
const head = "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\nTo: <sip:bob@biloxi.example.com>\r\nFrom: <sip:alice@atlanta.example.com>;tag=1928301774\r\nCall-ID: a84b4c76e66710\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n";

describe("RFC 3261 §7 and §19.1 statements", () => {
  it("RFC3261-7-2: a message without a body is still printed with its empty line", () => {
    const text = print(parse(`OPTIONS sip:bob@biloxi.example.com SIP/2.0\r\n${head}\r\n`));
    expect(text.endsWith("\r\n\r\n")).toBe(true);
    expect(text.split("\r\n\r\n")).toEqual([expect.any(String), ""]);
  });

  it("RFC3261-7.1-1: a Request-URI in angle brackets or with an unescaped space does not parse", () => {
    expect(E.isLeft(parseMessage(`OPTIONS <sip:bob@biloxi.example.com> SIP/2.0\r\n${head}\r\n`))).toBe(true);
    expect(E.isLeft(parseMessage(`OPTIONS sip:bob smith@biloxi.example.com SIP/2.0\r\n${head}\r\n`))).toBe(true);
  });

  it("RFC3261-7.1-4, RFC3261-7.1-5: a SIP-Version received in lower case is accepted, and a response built to it is sent as SIP/2.0", () => {
    const request = parse(`OPTIONS sip:bob@biloxi.example.com sip/2.0\r\n${head}\r\n`);
    expect(request._tag).toBe("Request");
    if (request._tag !== "Request") return;
    const response = createResponse(200)(request);
    expect(E.isRight(response) && print(response.right).startsWith("SIP/2.0 200 OK\r\n")).toBe(true);
  });

  it("RFC3261-19.1.1-2: a SIP or SIPS URI with an @ and an empty user does not parse", () => {
    expect(E.isLeft(parseUri("sip:@biloxi.example.com"))).toBe(true);
    expect(E.isLeft(parseUri("sips:@biloxi.example.com"))).toBe(true);
    expect(E.isRight(parseUri("sip:biloxi.example.com"))).toBe(true);
  });

  it("RFC3261-19.1.2-2: a URI with an unescaped space or control character does not parse", () => {
    expect(E.isLeft(parseUri("sip:bob smith@biloxi.example.com"))).toBe(true);
    expect(E.isLeft(parseUri("sip:bob\u0001@biloxi.example.com"))).toBe(true);
    expect(E.isRight(parseUri("sip:bob%20smith@biloxi.example.com"))).toBe(true);
  });

  it("RFC3261-19.1.2-6: an escaped character in the host is not taken for the character itself", () => {
    expect(E.isLeft(parseUri("sip:bob@%62iloxi.example.com"))).toBe(true);
  });

  it("RFC3261-19.1.1-12: URI parameters it does not understand are accepted and kept, not refused", () => {
    const uri = parseUri("sip:bob@biloxi.example.com;x-unknown=1;lr");
    expect(E.isRight(uri) && printUri(uri.right)).toBe("sip:bob@biloxi.example.com;x-unknown=1;lr");
  });

  it("RFC3261-20-11, RFC3261-20.31-3: a URI with a semicolon or question mark is printed in angle brackets, display name or not", () => {
    for (const text of ["<sip:bob@biloxi.example.com;transport=tcp>", "<sip:bob@biloxi.example.com?subject=x>"]) {
      const na = parseNameAddr(text);
      expect(E.isRight(na) && printNameAddr({ ...na.right, angle: false })).toBe(text);
    }
  });

  it("RFC3261-20.28-1, RFC3261-20.7-1: two Proxy-Authorization or Authorization fields stay two header lines when printed", () => {
    const cred = 'Digest username="alice", realm="%R", nonce="n", uri="sip:bob@biloxi.example.com", response="00000000000000000000000000000000"';
    for (const name of ["Proxy-Authorization", "Authorization"]) {
      const text = print(parse(`OPTIONS sip:bob@biloxi.example.com SIP/2.0\r\n${head}${name}: ${cred.replace("%R", "a.example.com")}\r\n${name}: ${cred.replace("%R", "b.example.com")}\r\n\r\n`));
      expect(text.split("\r\n").filter((l) => l.startsWith(`${name}:`)).length).toBe(2);
    }
  });

  it("RFC3261-7.3.1-3: Route values on two rows mean what the same values on one comma-separated row mean", () => {
    const rows = parse(`OPTIONS sip:bob@biloxi.example.com SIP/2.0\r\n${head}Route: <sip:p1.example.com;lr>\r\nRoute: <sip:p2.example.com;lr>\r\n\r\n`);
    const combined = parse(`OPTIONS sip:bob@biloxi.example.com SIP/2.0\r\n${head}Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n\r\n`);
    expect(rows.core.route).toEqual(combined.core.route);
    expect(rows.core.route.length).toBe(2);
  });
});
