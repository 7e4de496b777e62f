import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { parseMessage, serializeMessage, tag, validateMessage } from "@puresip/message";
import type { Tag } from "@puresip/message";
import { describe, expect, it } from "vitest";
import { receive } from "../src/index.js";
import type { Received } from "../src/index.js";
import { enc, options } from "./helpers.js";

const corpus = fileURLToPath(new URL("../../../../shared/corpus/rfc4475/", import.meta.url));
const toTag = (): Tag => {
  const t = tag("fixedtag1");
  if (E.isLeft(t)) throw new Error("tag");
  return t.right;
};
const viaOf = (r: Received): string | undefined =>
  r._tag === "Request" ? r.request.headers.find((h) => h.name === "Via")?.value : r._tag === "Answer" ? r.response.headers.find((h) => h.name === "Via")?.value : undefined;

describe("RFC 3581 §4 and RFC 3261 §18.2.1 on receive", () => {
  it("RFC 3581 §4 example: from 192.0.2.1:9988 the top Via gets received=192.0.2.1;rport=9988", () => {
    const bytes = enc(options("z9hG4bKkjshdyff", "SIP/2.0/UDP 10.1.1.1:4540").replace(";rport;branch", ";rport;branch"));
    const r = receive(parseMessage(bytes), { source: { host: "192.0.2.1", port: 9988 }, toTag });
    expect(r._tag).toBe("Request");
    expect(viaOf(r)).toBe("SIP/2.0/UDP 10.1.1.1:4540;received=192.0.2.1;rport=9988;branch=z9hG4bKkjshdyff");
  });

  it("§18.2.1: without rport, received is added only when the sent-by differs from the source", () => {
    const same = enc(options("z9hG4bKa", "SIP/2.0/UDP 192.0.2.1:5060").replace(";rport", ""));
    expect(viaOf(receive(parseMessage(same), { source: { host: "192.0.2.1", port: 5060 }, toTag }))).toBe("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa");
    const named = enc(options("z9hG4bKb", "SIP/2.0/UDP pc33.atlanta.example.com").replace(";rport", ""));
    expect(viaOf(receive(parseMessage(named), { source: { host: "192.0.2.1", port: 5060 }, toTag }))).toBe(
      "SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKb;received=192.0.2.1",
    );
  });
});

describe("RFC 4475 malformed requests get the answer the RFC asks for, or are dropped", () => {
  const at = { source: { host: "192.0.2.7", port: 5060 }, toTag };
  const datagram = (file: string): Uint8Array => new Uint8Array(readFileSync(`${corpus}${file}`));

  it("RFC 4475 §3.3.1 insuf.dat: 400 naming the missing headers, routed by a stamped Via", () => {
    const r = receive(parseMessage(datagram("insuf.dat")), at);
    expect(r._tag === "Answer" && r.response.status).toBe(400);
    expect(r._tag === "Answer" && r.response.reason).toContain("no Call-ID header field");
    expect(viaOf(r)).toContain("received=192.0.2.7");
  });

  it("RFC 4475 §3.1.2.16 badvers.dat: 505", () => {
    const r = receive(parseMessage(datagram("badvers.dat")), at);
    expect(r._tag === "Answer" && r.response.status).toBe(505);
  });

  it("RFC 4475 §3.1.2.7 ltgtruri.dat: 400 whose reason names the problem, To tagged (§8.2.6.2)", () => {
    const r = receive(parseMessage(datagram("ltgtruri.dat")), at);
    expect(r._tag).toBe("Answer");
    if (r._tag !== "Answer") return;
    expect(r.response.status).toBe(400);
    expect(r.response.reason).toBe("Bad Request - Request-URI: expected a URI scheme");
    expect(r.response.headers.find((h) => h.name === "To")?.value).toContain(";tag=fixedtag1");
    expect(viaOf(r)).toContain("received=192.0.2.7");
  });

  it("RFC 4475 §3.1.2.4 scalar02.dat: 400 because of the CSeq, which the answer leaves out so that it parses (issue #15)", () => {
    const r = receive(parseMessage(datagram("scalar02.dat")), at);
    expect(r._tag).toBe("Answer");
    if (r._tag !== "Answer") return;
    expect([r.response.status, r.parseError]).toStrictEqual([400, true]);
    expect(r.response.reason).toContain("CSeq");
    expect(r.response.headers.find((h) => h.name === "CSeq")).toBeUndefined();
    expect(viaOf(r)).toContain("received=192.0.2.7");
    expect(parseMessage(serializeMessage(r.response))).toStrictEqual(E.right(r.response));
  });

  it("RFC 4475 §3.1.2.14 badaspec.dat: 400 for the spaces inside the To URI; the To that does not parse is not echoed", () => {
    const r = receive(parseMessage(datagram("badaspec.dat")), at);
    expect(r._tag).toBe("Answer");
    if (r._tag !== "Answer") return;
    expect([r.response.status, r.parseError]).toStrictEqual([400, true]);
    expect(r.response.headers.find((h) => h.name === "To")).toBeUndefined();
    expect(parseMessage(serializeMessage(r.response))).toStrictEqual(E.right(r.response));
  });

  it("§25.1: a NUL in a header value is answered 400, and the answer carries no NUL or bare CR", () => {
    const text = options("z9hG4bKnul", "SIP/2.0/UDP 10.1.1.1:4540");
    const bytes = enc(text.replace("Max-Forwards: 70", "Max-Forwards: 70\r\nSubject: a\u0000b\rc"));
    const r = receive(parseMessage(bytes), at);
    expect(r._tag === "Answer" && [r.response.status, r.parseError]).toStrictEqual([400, true]);
    if (r._tag !== "Answer") return;
    const printed = serializeMessage(r.response);
    expect(printed.includes(0)).toBe(false);
    expect(r.response.reason).toContain("U+0000");
    expect(parseMessage(printed)).toStrictEqual(E.right(r.response));
  });

  it("§7.3.1: a request whose only fault is invalid UTF-8 in a non-core header is answered 400", () => {
    const text = options("z9hG4bKutf", "SIP/2.0/UDP 10.1.1.1:4540").replace("Max-Forwards: 70", "Max-Forwards: 70\r\nUser-Agent: phone-X");
    const bytes = enc(text).map((b) => (b === 0x58 ? 0xff : b));
    const r = receive(parseMessage(bytes), at);
    expect(r._tag === "Answer" && [r.response.status, r.response.reason]).toStrictEqual([400, "Bad Request - the header section is not valid UTF-8 (§7.3.1)"]);
    if (r._tag !== "Answer") return;
    expect(r.response.core.callId).toBeDefined();
    expect(r.response.core.cseq).toBeDefined();
  });

  it("§7.3.1: a request refused for two different From values gets a 400 with one From (itself valid)", () => {
    const text = options("z9hG4bKdup", "SIP/2.0/UDP 10.1.1.1:4540").replace("Max-Forwards: 70", "Max-Forwards: 70\r\nFrom: <sip:mallory@example.com>;tag=x");
    const r = receive(parseMessage(enc(text)), at);
    expect(r._tag === "Answer" && r.response.status).toBe(400);
    if (r._tag !== "Answer") return;
    expect(r.response.headers.filter((h) => h.name === "From")).toHaveLength(1);
    expect(E.isRight(validateMessage(r.response))).toBe(true);
  });

  it("RFC 4475 §3.1.2.3 ncl.dat (negative Content-Length) over UDP: answered 400, never a throw", () => {
    const r = receive(parseMessage(datagram("ncl.dat")), at);
    expect(r._tag === "Answer" && r.response.status).toBe(400);
    expect(r._tag === "Answer" && r.parseError).toBe(true);
  });

  it("bytes that are not SIP at all are dropped with a reason", () => {
    const r = receive(parseMessage(new Uint8Array([0xff, 0xfe, 0x00, 0x01])), at);
    expect(r._tag).toBe("Drop");
    expect(r._tag === "Drop" && r.detail.length).toBeGreaterThan(0);
  });

  it("§17.1.1.3 a malformed ACK is never answered", () => {
    const ack = options("z9hG4bKack").replace("OPTIONS sip", "ACK sip").replace("CSeq: 63104 OPTIONS", "CSeq: 63104 INVITE");
    const r = receive(parseMessage(enc(ack)), at);
    expect(r._tag).toBe("Drop");
  });

  it("RFC3261-18.3-2: a datagram response that ends before its Content-Length says is discarded, not answered", () => {
    const resp = ["SIP/2.0 200 OK", "Via: SIP/2.0/UDP 192.0.2.7;branch=z9hG4bKr", "To: <sip:b@example.com>;tag=1", "From: <sip:a@example.com>;tag=2", "Call-ID: c1", "CSeq: 1 OPTIONS", "Content-Type: text/plain", "Content-Length: 50", "", "short"].join("\r\n");
    const r = receive(parseMessage(enc(resp)), at);
    expect(r._tag).toBe("Drop");
    expect(r._tag === "Drop" && r.detail).toMatch(/response/);
  });

  it("§18.1.2 a response that fails validation is dropped, not answered", () => {
    const resp = ["SIP/2.0 200 OK", "Via: SIP/2.0/UDP 192.0.2.7;branch=z9hG4bKr", "CSeq: 1 OPTIONS", "Content-Length: 0", "", ""].join("\r\n");
    const r = receive(parseMessage(enc(resp)), at);
    expect(r._tag).toBe("Drop");
  });
});
