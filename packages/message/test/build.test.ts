import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { describe, expect, it } from "vitest";
import type { CallId, Method, NameAddr, ParseError, SipRequest, Tag, Uri, Via } from "../src/index.js";
import {
  addHeader,
  createRequest,
  createResponse,
  createResponseFromRaw,
  encodeUtf8,
  headerValues,
  parseMessage,
  parseNameAddr,
  parseUri,
  parseVia,
  prependHeader,
  reasonPhrase,
  removeHeader,
  replaceHeader,
  serializeMessage,
  setBody,
  setHeader,
  validateMessage,
} from "../src/index.js";

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left));
  return e.right;
};
const uri = (s: string): Uri => right(parseUri(s));
const nameAddr = (s: string): NameAddr => right(parseNameAddr(s));
const via = (s: string): Via => right(parseVia(s))[0]!;

const INVITE = [
  "INVITE sip:bob@biloxi.example.com SIP/2.0",
  "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds",
  "v: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp1",
  "Max-Forwards: 70",
  "Record-Route: <sip:proxy.example.com;lr>",
  "To: Bob <sip:bob@biloxi.example.com>",
  "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
  "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
  "CSeq: 314159 INVITE",
  "Timestamp: 54",
  "Contact: <sip:alice@pc33.atlanta.example.com>",
  "Content-Length: 0",
  "",
  "",
].join("\r\n");
const invite = (): SipRequest => {
  const m = right(parseMessage(INVITE));
  if (m._tag !== "Request") throw new Error("not a request");
  return m;
};

describe("RFC 3261 §8.1.1 createRequest", () => {
  const spec = {
    method: "OPTIONS" as Method,
    uri: uri("sip:carol@chicago.example.com"),
    via: via("SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKhjhs8ass877"),
    to: nameAddr("<sip:carol@chicago.example.com>"),
    from: nameAddr("Alice <sip:alice@atlanta.example.com>;tag=1928301774"),
    callId: "a84b4c76e66710" as CallId,
    seq: 63104,
  };
  it("has the six mandatory headers, Max-Forwards 70 and a Content-Length, and validates", () => {
    const r = right(createRequest(spec));
    expect(r.headers.map((h) => h.name)).toStrictEqual(["Via", "Max-Forwards", "To", "From", "Call-ID", "CSeq", "Content-Length"]);
    expect(r.core.maxForwards).toBe(70);
    expect(r.core.cseq).toStrictEqual({ seq: 63104, method: "OPTIONS" });
    expect(validateMessage(r)).toStrictEqual(E.right(r));
  });
  it("parses back to itself: core is what the headers say", () => {
    const r = right(createRequest({ ...spec, route: [nameAddr("<sip:p1.example.com;lr>")], contact: [nameAddr("<sip:alice@pc33.atlanta.example.com>")], body: encodeUtf8("v=0\r\n"), headers: [{ name: "Content-Type", value: "application/sdp" }] }));
    expect(parseMessage(serializeMessage(r))).toStrictEqual(E.right(r));
    expect(r.core.route).toHaveLength(1);
    expect(r.core.contentLength).toBe(5);
  });
  it("fails with the header's error when an extra header is a malformed core header", () => {
    const r = createRequest({ ...spec, headers: [{ name: "Record-Route", value: "<<nope" }] });
    expect(E.isLeft(r) && r.left.header).toBe("Record-Route");
  });
});

describe("RFC 3261 §8.2.6 createResponse", () => {
  it("§8.2.6.2 copies Via (all, in order), From, To, Call-ID and CSeq as the peer wrote them", () => {
    const r = right(pipe(invite(), createResponse(486)));
    expect(r.headers.map((h) => h.name)).toStrictEqual(["Via", "v", "To", "From", "Call-ID", "CSeq", "Content-Length"]);
    expect([r.status, r.reason]).toStrictEqual([486, "Busy Here"]);
    expect(r.core.via).toStrictEqual(invite().core.via);
    expect(r.core.from).toStrictEqual(invite().core.from);
    expect(r.core.callId).toBe(invite().core.callId);
    expect(r.core.cseq).toStrictEqual(invite().core.cseq);
  });
  it("§8.2.6.2 adds the To tag when asked and the request had none", () => {
    const r = right(pipe(invite(), createResponse(180, { toTag: "a6c85cf" as Tag })));
    expect(headerValues("To")(r)).toStrictEqual(["Bob <sip:bob@biloxi.example.com>;tag=a6c85cf"]);
    expect(r.core.to?.params).toContainEqual({ name: "tag", value: "a6c85cf" });
  });
  it("§8.2.6.2 keeps an existing To tag and adds none to 100 (Trying)", () => {
    const tagged = right(pipe(invite(), setHeader("To", "<sip:bob@biloxi.example.com>;tag=old")));
    expect(headerValues("To")(right(pipe(tagged, createResponse(200, { toTag: "new" as Tag }))))).toStrictEqual(["<sip:bob@biloxi.example.com>;tag=old"]);
    expect(headerValues("To")(right(pipe(invite(), createResponse(100, { toTag: "x" as Tag }))))).toStrictEqual(["Bob <sip:bob@biloxi.example.com>"]);
  });
  it("§8.2.6.1 copies Timestamp into 100 (Trying) only", () => {
    expect(headerValues("Timestamp")(right(pipe(invite(), createResponse(100))))).toStrictEqual(["54"]);
    expect(headerValues("Timestamp")(right(pipe(invite(), createResponse(180))))).toStrictEqual([]);
  });
  it("§12.1.1 copies Record-Route into dialog-creating responses only", () => {
    expect(right(pipe(invite(), createResponse(200))).core.recordRoute).toHaveLength(1);
    expect(right(pipe(invite(), createResponse(486))).core.recordRoute).toHaveLength(0);
    expect(right(pipe(invite(), createResponse(200, { copyRecordRoute: false }))).core.recordRoute).toHaveLength(0);
  });
  it("appends extra headers and a body with its Content-Length; the result validates and round-trips", () => {
    const r = right(pipe(invite(), createResponse(200, { toTag: "t1" as Tag, headers: [{ name: "Contact", value: "<sip:bob@192.0.2.4>" }, { name: "Content-Type", value: "application/sdp" }], body: encodeUtf8("v=0\r\n") })));
    expect(r.core.contact).toHaveLength(1);
    expect(r.core.contentLength).toBe(5);
    expect(validateMessage(r)).toStrictEqual(E.right(r));
    expect(parseMessage(serializeMessage(r))).toStrictEqual(E.right(r));
  });
  it("§21 default reason phrases", () => {
    expect([reasonPhrase(180), reasonPhrase(481), reasonPhrase(599)]).toStrictEqual(["Ringing", "Call/Transaction Does Not Exist", "Server Internal Error"]);
  });
});

describe("RFC 3261 §8.2 answering a request that did not parse", () => {
  const failure = (text: string): ParseError => {
    const r = parseMessage(text);
    if (E.isRight(r)) throw new Error("parsed");
    return r.left;
  };
  it("builds the 400 from the framed fields when Via, From, To, Call-ID and CSeq are readable", () => {
    const e = failure(INVITE.replace("Contact: <sip:alice@pc33.atlanta.example.com>", "Contact: <sip:alice@pc33"));
    const r = right(pipe(e.framed!, createResponseFromRaw(400, { reason: "Bad Contact", toTag: "z" as Tag })));
    expect([r.status, r.reason]).toStrictEqual([400, "Bad Contact"]);
    expect(r.core.via).toHaveLength(2);
    expect(r.core.to?.params).toContainEqual({ name: "tag", value: "z" });
  });
  it("RFC 4475 §3.1.2.4 and §3.1.2.14 (issue #15): a CSeq or To that does not parse is left out, so the 400 itself parses", () => {
    const cseq = failure(INVITE.replace("CSeq: 314159 INVITE", "CSeq: 36893488147419103232 INVITE"));
    const r = right(pipe(cseq.framed!, createResponseFromRaw(400, { toTag: "z" as Tag })));
    expect(r.headers.find((h) => h.name === "CSeq")).toBeUndefined();
    expect([r.core.cseq, r.core.callId, r.core.via.length]).toStrictEqual([undefined, "a84b4c76e66710@pc33.atlanta.example.com", 2]);
    expect(parseMessage(serializeMessage(r))).toStrictEqual(E.right(r));
    const to = failure(INVITE.replace("To: Bob <sip:bob@biloxi.example.com>", 'To: "Watson, Thomas" < sip:t.watson@example.org >'));
    const t = right(pipe(to.framed!, createResponseFromRaw(400, { toTag: "z" as Tag })));
    expect(t.headers.find((h) => h.name === "To")).toBeUndefined();
    expect(new TextDecoder().decode(serializeMessage(t))).toContain("\r\nCSeq: 314159 INVITE\r\n");
    expect(parseMessage(serializeMessage(t))).toStrictEqual(E.right(t));
  });
  it("§8.2.6.2 / §25.1: never echoes a NUL or a bare CR, nor a second From, To, Call-ID or CSeq", () => {
    const nul = failure(INVITE.replace("From: Alice", "From: \"Al\u0000ice\""));
    const r = right(pipe(nul.framed!, createResponseFromRaw(400, { toTag: "z" as Tag })));
    expect(r.headers.find((h) => h.name === "From")).toBeUndefined();
    expect(serializeMessage(r).includes(0)).toBe(false);
    const cr = failure(INVITE.replace("Call-ID: a84b4c76e66710", "Call-ID: a84b4c\r76e66710"));
    const c = right(pipe(cr.framed!, createResponseFromRaw(400, { toTag: "z" as Tag, reason: "Bad\rRequest\u0000" })));
    expect([c.headers.some((h) => h.name === "Call-ID"), c.reason]).toStrictEqual([false, "Bad Request "]);
    const twice = failure(INVITE.replace("\r\n\r\n", "\r\nCSeq: 2 BYE\r\nContent-Length: x\r\n\r\n"));
    const t = right(pipe(twice.framed!, createResponseFromRaw(400, { toTag: "z" as Tag })));
    expect(t.headers.filter((h) => h.name === "CSeq").map((h) => h.value)).toStrictEqual(["314159 INVITE"]);
  });
  it("a Via holding a control character is a Left (§18.2.2: nowhere to send it)", () => {
    const e = failure(INVITE.replace("branch=z9hG4bK776asdhds", "branch=z9hG4bK776\u0001asdhds"));
    expect(E.isLeft(pipe(e.framed!, createResponseFromRaw(400)))).toBe(true);
  });
  it("is a Left when the copied fields are themselves malformed (nowhere to send a response)", () => {
    const e = failure(INVITE.replace("Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds", "Via: SIP/2.0/UDP ;;,"));
    expect(E.isLeft(pipe(e.framed!, createResponseFromRaw(400)))).toBe(true);
  });
});

describe("header edits return new messages (§7.3.1 order, §16.6 step 8)", () => {
  it("setHeader replaces every field of that name, compact forms included, at the first one's place", () => {
    const m = right(pipe(invite(), setHeader("Via", "SIP/2.0/TCP new.example.com;branch=z9hG4bKn")));
    expect(headerValues("Via")(m)).toStrictEqual(["SIP/2.0/TCP new.example.com;branch=z9hG4bKn"]);
    expect(m.headers[0]?.name).toBe("Via");
    expect(m.core.via).toHaveLength(1);
    expect(invite().core.via).toHaveLength(2);
  });
  it("prependHeader puts a Via on top (§16.6 step 8) and addHeader appends", () => {
    const m = right(pipe(invite(), prependHeader("Via", "SIP/2.0/UDP p2.example.com;branch=z9hG4bKp2"), E.flatMap(addHeader("Subject", "hi"))));
    expect(m.core.via[0]?.host).toStrictEqual({ _tag: "Hostname", value: "p2.example.com" });
    expect(m.headers.at(-1)).toStrictEqual({ name: "Subject", value: "hi" });
  });
  it("removeHeader and replaceHeader", () => {
    const m = right(pipe(invite(), removeHeader("record-route"), E.flatMap(replaceHeader("Contact", ["<sip:a@h1>", "<sip:b@h2>"]))));
    expect(m.core.recordRoute).toStrictEqual([]);
    expect(m.core.contact).toHaveLength(2);
    expect(m.headers.filter((h) => h.name === "Contact")).toHaveLength(2);
  });
  it("a malformed core value is a Left; a non-core header is never parsed", () => {
    expect(E.isLeft(pipe(invite(), setHeader("CSeq", "x")))).toBe(true);
    expect(E.isRight(pipe(invite(), setHeader("Date", "not a date")))).toBe(true);
  });
  it("setBody sets the body, Content-Length and Content-Type", () => {
    const m = right(pipe(invite(), setBody(encodeUtf8("hé"), "text/plain")));
    expect([headerValues("Content-Length")(m), headerValues("Content-Type")(m), m.core.contentLength]).toStrictEqual([["3"], ["text/plain"], 3]);
  });
  it("never changes the message it was given", () => {
    const m = invite();
    const before = JSON.stringify(m.headers);
    right(pipe(m, setHeader("To", "<sip:x@y>")));
    expect(JSON.stringify(m.headers)).toBe(before);
  });
});
