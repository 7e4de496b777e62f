import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { Invalid, SipMessage } from "../src/index.js";
import { parseMessage, validateMessage } from "../src/index.js";

const HEAD = [
  "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds",
  "Max-Forwards: 70",
  "To: <sip:bob@biloxi.example.com>",
  "From: <sip:alice@atlanta.example.com>;tag=1928301774",
  "Call-ID: a84b4c76e66710",
  "CSeq: 1 OPTIONS",
];
const request = (lines: ReadonlyArray<string>, start = "OPTIONS sip:bob@biloxi.example.com SIP/2.0"): SipMessage => {
  const r = parseMessage(`${[start, ...lines].join("\r\n")}\r\n\r\n`);
  if (E.isLeft(r)) throw new Error(r.left.detail);
  return r.right;
};
const invalid = (m: SipMessage): Invalid => {
  const v = validateMessage(m);
  if (E.isRight(v)) throw new Error("valid");
  return v.left;
};

describe("RFC 3261 §8.2 validateMessage", () => {
  it("gives a well-formed request back unchanged", () => {
    const m = request(HEAD);
    expect(validateMessage(m)).toStrictEqual(E.right(m));
  });
  it("§8.1.1 missing To, From, Call-ID, CSeq or Via is a 400 naming each", () => {
    const e = invalid(request(["Max-Forwards: 70"]));
    expect(e.status).toBe(400);
    expect(e.problems.map((p) => p.header)).toStrictEqual(["Via", "From", "To", "Call-ID", "CSeq"]);
  });
  it("RFC 4475 §3.4.1: a missing Max-Forwards is accepted (RFC 2543 peers)", () => {
    expect(E.isRight(validateMessage(request(HEAD.filter((h) => !h.startsWith("Max-Forwards")))))).toBe(true);
  });
  it("§7.3.1 a single-value header given twice with different values is a 400, in compact form too", () => {
    const e = invalid(request([...HEAD, "i: another-call-id"]));
    expect(e.problems).toStrictEqual([{ kind: "Multiple", header: "Call-ID", detail: "Call-ID appears 2 times with 2 different values but takes a single value" }]);
  });
  it("§8.2.2.3 / RFC 4475 §3.1.2.17 a CSeq method that differs from the request method", () => {
    expect(invalid(request(HEAD, "INVITE sip:bob@biloxi.example.com SIP/2.0")).problems[0].kind).toBe("CSeqMethod");
  });
  it("§20.22 Max-Forwards above 255", () => {
    expect(invalid(request(HEAD.map((h) => (h.startsWith("Max-Forwards") ? "Max-Forwards: 300" : h)))).problems[0]).toMatchObject({ kind: "OutOfRange", header: "Max-Forwards" });
  });
  it("RFC 4475 §3.1.2.16: a version other than SIP/2.0 is answered with 505, whatever else is wrong", () => {
    const e = invalid(request(["Max-Forwards: 70"], "OPTIONS sip:bob@biloxi.example.com SIP/7.0"));
    expect(e.status).toBe(505);
    expect(e.problems[0].kind).toBe("Version");
  });
  it("reads the version case-insensitively (RFC 5234 §2.3)", () => {
    expect(E.isRight(validateMessage(request(HEAD, "OPTIONS sip:bob@biloxi.example.com sip/2.0")))).toBe(true);
  });
  it("RFC3261-19.1.1-13: a headers component in the Request-URI, which Table 1 disallows there, is ignored (no 400) and kept for the layer above to drop", () => {
    const m = request(HEAD, "OPTIONS sip:bob@biloxi.example.com?Subject=hi&Route=%3Csip:example.com%3E SIP/2.0");
    expect(validateMessage(m)).toStrictEqual(E.right(m));
    expect(m._tag === "Request" && m.uri._tag === "SipUri" ? m.uri.headers.map((h) => h.name) : []).toStrictEqual(["Subject", "Route"]);
  });
  it("§7.2 a status code outside 100–699 in a built response", () => {
    const r = parseMessage(`SIP/2.0 200 OK\r\n${HEAD.join("\r\n")}\r\n\r\n`);
    if (E.isLeft(r) || r.right._tag !== "Response") throw new Error("parse");
    expect(invalid({ ...r.right, status: 700 }).problems[0].kind).toBe("OutOfRange");
    expect(E.isRight(validateMessage(r.right))).toBe(true);
  });
  it("§20.15 a Content-Type that is not one media-type is a 400; an unknown type is not", () => {
    expect(invalid(request([...HEAD, "Content-Type: application/sdp, text/plain"])).problems[0]).toMatchObject({ kind: "ContentType", header: "Content-Type" });
    expect(E.isRight(validateMessage(request([...HEAD, "Content-Type: application/x-unheard-of;level=7"])))).toBe(true);
  });
  it("RFC3261-20.15-1: a body without a Content-Type is a 400 (\"MUST be present if the body is not empty\"); an empty body needs none", () => {
    const r = parseMessage(`MESSAGE sip:bob@biloxi.example.com SIP/2.0\r\n${HEAD.map((h) => (h.startsWith("CSeq") ? "CSeq: 1 MESSAGE" : h)).join("\r\n")}\r\nContent-Length: 2\r\n\r\nhi`);
    if (E.isLeft(r)) throw new Error(r.left.detail);
    expect(invalid(r.right).problems[0]).toMatchObject({ kind: "ContentType", header: "Content-Type" });
    expect(E.isRight(validateMessage({ ...r.right, headers: [...r.right.headers, { name: "c", value: "text/plain" }] }))).toBe(true);
    expect(E.isRight(validateMessage(request(HEAD)))).toBe(true);
  });
  it("RFC3261-19.1.1-7: a URI parameter named twice in the Request-URI, From, To or Contact is a 400, names compared without case", () => {
    expect(invalid(request(HEAD, "OPTIONS sip:bob@biloxi.example.com;transport=udp;Transport=tcp SIP/2.0")).problems[0]).toMatchObject({ kind: "DuplicateParam" });
    const to = HEAD.map((h) => (h.startsWith("To") ? "To: <sip:bob@biloxi.example.com;lr;lr>" : h));
    expect(invalid(request(to)).problems[0]).toMatchObject({ kind: "DuplicateParam", header: "To" });
    expect(invalid(request([...HEAD, "Contact: <sip:a@192.0.2.1;ob;user=ip;ob>"])).problems[0]).toMatchObject({ kind: "DuplicateParam", header: "Contact" });
    // Header parameters after the URI are another list: a tag beside a URI's own parameter is fine.
    expect(E.isRight(validateMessage(request(HEAD, "OPTIONS sip:bob@biloxi.example.com;transport=udp;lr SIP/2.0")))).toBe(true);
  });
  it("RFC3261-7.3.1-6: a header parameter named twice in one Via, From, To or Contact value is a 400; the same name in two values is not", () => {
    const twice = HEAD.map((h) => (h.startsWith("From") ? "From: <sip:alice@atlanta.example.com>;tag=1928301774;TAG=2" : h));
    expect(invalid(request(twice)).problems[0]).toMatchObject({ kind: "DuplicateParam", header: "From" });
    const via = HEAD.map((h) => (h.startsWith("Via") ? "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;rport;rport" : h));
    expect(invalid(request(via)).problems[0]).toMatchObject({ kind: "DuplicateParam", header: "Via" });
    expect(E.isRight(validateMessage(request([...HEAD, "Contact: <sip:a@192.0.2.1>;expires=60, <sip:b@192.0.2.2>;expires=60"])))).toBe(true);
    // A long list (checked through a set, not pairwise): the repeat is still found, case aside.
    const many = Array.from({ length: 200 }, (_, i) => `;p${String(i)}`).join("");
    const longVia = HEAD.map((h) => (h.startsWith("Via") ? `${h}${many};P7` : h));
    expect(invalid(request(longVia)).problems[0]).toMatchObject({ kind: "DuplicateParam", header: "Via" });
    expect(E.isRight(validateMessage(request(HEAD.map((h) => (h.startsWith("Via") ? `${h}${many}` : h)))))).toBe(true);
  });
  it("unknown methods and URI schemes are not problems here (405/416 belong to the layers above)", () => {
    expect(E.isRight(validateMessage(request(HEAD.map((h) => (h.startsWith("CSeq") ? "CSeq: 1 FOO" : h)), "FOO urn:service:sos SIP/2.0")))).toBe(true);
  });
});
