import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { MessagePeek } from "../src/peek/index.js";
import { encodeUtf8, parseMessage } from "../src/index.js";
import { peekMessage } from "../src/peek/index.js";
import { checkAgreement } from "./peek-agreement.js";

const crlf = (...lines: ReadonlyArray<string>): string => lines.join("\r\n");

const INVITE = crlf(
  "INVITE sip:bob@biloxi.example.com SIP/2.0",
  "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport",
  "Via: SIP/2.0/TCP proxy.example.com;branch=z9hG4bKother",
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
);

const right = (input: Uint8Array | string): MessagePeek => {
  const r = peekMessage(input);
  if (E.isLeft(r)) return expect.fail(r.left.detail);
  return r.right;
};

describe("RFC 3261 §17.2.3 matching requests to server transactions", () => {
  it("gives the top Via's branch, magic cookie and sent-by, and the method", () => {
    const p = right(encodeUtf8(INVITE));
    expect(p._tag === "RequestPeek" && [p.method, p.requestUri]).toEqual(["INVITE", "sip:bob@biloxi.example.com"]);
    expect(p.branch).toBe("z9hG4bK776asdhds");
    expect(p.rfc3261Branch).toBe(true);
    expect([p.topVia.transport, p.topVia.host, p.topVia.port]).toEqual(["UDP", { _tag: "Hostname", value: "pc33.atlanta.example.com" }, 5060]);
  });

  it("gives the RFC 2543 fields when the branch has no magic cookie: Call-ID, CSeq, From tag, no To tag", () => {
    const p = right(INVITE.replace("z9hG4bK776asdhds", "776asdhds"));
    expect(p.rfc3261Branch).toBe(false);
    expect([p.callId, p.cseq, p.fromTag, p.toTag]).toEqual(["a84b4c76e66710@pc33.atlanta.example.com", { seq: 314159, method: "INVITE" }, "1928301774", undefined]);
  });

  it("takes the top Via as the first value of the first Via field, several values in one field", () => {
    const p = right(INVITE.replace("Via: SIP/2.0/UDP pc33", "v: SIP/2.0/SCTP first.example.com;branch=z9hG4bKfirst, SIP/2.0/UDP pc33"));
    expect([p.topVia.transport, p.branch]).toEqual(["SCTP", "z9hG4bKfirst"]);
  });

  it("reads compact and any-case names (§7.3.3) and skips CRLFs before the start line (§7.5)", () => {
    const text = `\r\n\r\n${INVITE.replace("Call-ID:", "i:").replace("CSeq:", "cSEQ:").replace("From:", "f:").replace("To:", "TO:")}`;
    const p = right(text);
    expect([p.headerStart, p.callId, p.cseq.seq, p.fromTag]).toEqual([4, "a84b4c76e66710@pc33.atlanta.example.com", 314159, "1928301774"]);
  });

  it("takes no field for a matching one whose name only starts like it (§7.3.3: names are whole tokens)", () => {
    const decoys = "Viaduct: SIP/2.0/UDP decoy;branch=z9hG4bKdecoy\r\nFromage: <sip:x@y>;tag=decoy\r\nTo-Do: <sip:x@y>;tag=decoy\r\nCall-IDs: decoy\r\nCSeqs: 1 DECOY\r\nCall\rID: decoy\r\n";
    const p = right(INVITE.replace("Via: SIP/2.0/UDP pc33", `${decoys}Via: SIP/2.0/UDP pc33`));
    expect([p.branch, p.fromTag, p.toTag, p.callId, p.cseq.method]).toEqual(["z9hG4bK776asdhds", "1928301774", undefined, "a84b4c76e66710@pc33.atlanta.example.com", "INVITE"]);
  });

  it("finds the body after the empty line, as octets and as UTF-16 units", () => {
    const text = INVITE.replace("Alice", '"Alicé"');
    expect(text.slice(right(text).bodyStart)).toBe("v=0\n");
    const bytes = encodeUtf8(text);
    expect(bytes.length - right(bytes).bodyStart).toBe(4);
  });

  it("finds the body after an empty line ended by a bare LF, and not at an LF LF inside the body", () => {
    const bareLf = INVITE.replace("Content-Length: 4\r\n\r\n", "Content-Length: 4\n\n");
    expect(bareLf.slice(right(bareLf).bodyStart)).toBe("v=0\n");
    const lfInBody = INVITE.replace("v=0\n", "v\n\n");
    expect(lfInBody.slice(right(lfInBody).bodyStart)).toBe("v\n\n");
  });
});

describe("RFC 3261 §17.1.3 matching responses to client transactions", () => {
  const RESPONSE = crlf(
    "SIP/2.0 180 Ringing",
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;received=192.0.2.1",
    'To: "Bob; the <boss>, really" <sip:bob@biloxi.example.com>;tag=a6c85cf',
    'From: "Alice, \\"A;\\"" <sip:alice@atlanta.example.com;tag=no>;tag=1928301774',
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
    "CSeq: 314159 INVITE",
    "Content-Length: 0",
    "",
    "",
  );

  it("gives the status, the branch and the CSeq method", () => {
    const p = right(RESPONSE);
    expect(p._tag === "ResponsePeek" && p.status).toBe(180);
    expect([p.branch, p.cseq.method]).toEqual(["z9hG4bK776asdhds", "INVITE"]);
  });

  it("reads the tags after quoted display names holding ';', ',' and '<', not a URI parameter named tag", () => {
    const p = right(encodeUtf8(RESPONSE));
    expect([p.fromTag, p.toTag]).toEqual(["1928301774", "a6c85cf"]);
  });

  it("gives a CoreHeader Left for a malformed CSeq or top Via, as parseMessage does", () => {
    const badCSeq = peekMessage(RESPONSE.replace("CSeq: 314159 INVITE", "CSeq: 314159"));
    expect(E.isLeft(badCSeq) && [badCSeq.left.kind, badCSeq.left.status, badCSeq.left.detail.startsWith("CSeq:")]).toEqual(["CoreHeader", 400, true]);
    const badVia = peekMessage(RESPONSE.replace("SIP/2.0/UDP pc33", "SIP/2.0/UDP"));
    expect(E.isLeft(badVia) && badVia.left.detail.startsWith("Via:")).toBe(true);
  });

  it("gives a CoreHeader Left when a matching header is missing", () => {
    const r = peekMessage(RESPONSE.replace(/Call-ID: [^\r]*\r\n/, ""));
    expect(E.isLeft(r) && [r.left.kind, r.left.detail.startsWith("Call-ID:")]).toEqual(["CoreHeader", true]);
  });

  it("is not fooled by a malformed header it does not read", () => {
    const p = right(RESPONSE.replace("Content-Length: 0", "Content-Length: many\r\nContact: <<<"));
    expect(p.toTag).toBe("a6c85cf");
  });
});

describe("RFC 3261 §7.3.1 header folding and framing", () => {
  it("joins folded lines with one SP, inside a value and before it", () => {
    const folded = INVITE.replace("From: Alice", "From:\r\n   Alice").replace(";tag=1928301774", "\r\n\t;tag=1928301774").replace(";branch=z9hG4bK776asdhds", "\r\n ;branch=z9hG4bK776asdhds");
    const p = right(folded);
    expect([p.fromTag, p.branch]).toEqual(["1928301774", "z9hG4bK776asdhds"]);
  });

  it("refuses a continuation line before any header field, and a line it reads that is not name: value", () => {
    const cont = peekMessage(INVITE.replace("SIP/2.0\r\n", "SIP/2.0\r\n folded\r\n"));
    expect(E.isLeft(cont) && cont.left.kind).toBe("HeaderLine");
    const noColon = peekMessage(INVITE.replace("CSeq: 314159", "CSeq 314159"));
    expect(E.isLeft(noColon) && noColon.left.kind).toBe("HeaderLine");
  });

  it("passes over a field that cannot be a matching one without reading it (parseMessage refuses it)", () => {
    const text = INVITE.replace("Max-Forwards: 70", "Max-Forwards 70");
    expect(right(text).branch).toBe("z9hG4bK776asdhds");
    const full = parseMessage(text);
    expect(E.isLeft(full) && full.left.kind).toBe("HeaderLine");
  });

  it("reads the tags of From and To without parsing their URIs (§12.1.1 matches on tags)", () => {
    const text = INVITE.replace("<sip:alice@atlanta.example.com>", "<sip:alice@atl anta>");
    expect(right(text).fromTag).toBe("1928301774");
    const full = parseMessage(text);
    expect(E.isLeft(full) && full.left.detail.startsWith("From:")).toBe(true);
  });

  it("applies the limits of parseMessage", () => {
    const r = peekMessage(INVITE, { maxLineBytes: 40 });
    expect(E.isLeft(r) && [r.left.kind, r.left.status]).toEqual(["Limit", 513]);
    const n = peekMessage(INVITE, { maxHeaderCount: 2 });
    expect(E.isLeft(n) && n.left.kind).toBe("Limit");
    const size = peekMessage(INVITE, { maxMessageBytes: 100 });
    expect(E.isLeft(size) && size.left.kind).toBe("Limit");
  });

  it("refuses an empty input and a bad start line", () => {
    const empty = peekMessage("\r\n\r\n");
    expect(E.isLeft(empty) && empty.left.kind).toBe("Empty");
    const bad = peekMessage(INVITE.replace("SIP/2.0\r\n", "SIP/2.0 x\r\n"));
    expect(E.isLeft(bad) && bad.left.kind).toBe("StartLine");
  });
});

describe("RFC 3261 §7.3.1 line limits count characters, as parseMessage does", () => {
  it("accepts a UTF-8 line whose octets exceed maxLineBytes but whose characters do not", () => {
    const text = INVITE.replace("From: Alice", `From: "${"é".repeat(30)}"`);
    const line = text.split("\r\n").find((l) => l.startsWith("From:")) ?? "";
    const options = { maxLineBytes: line.length + 5 };
    const bytes = encodeUtf8(text);
    expect(encodeUtf8(line).length).toBeGreaterThan(options.maxLineBytes);
    expect([E.isRight(peekMessage(bytes, options)), E.isRight(parseMessage(bytes, options))]).toEqual([true, true]);
    const tight = { maxLineBytes: line.length - 1 };
    expect([E.isLeft(peekMessage(bytes, tight)), E.isLeft(parseMessage(bytes, tight))]).toEqual([true, true]);
  });
});

// The canonical recognizers read octets at the text's indices (peek/octets.ts): only as far as
// the text is ASCII, and only as far as the octet buffer reaches. Past either, values are read
// from the text by the general scanners, with the same results.
describe("values past the octets the recognizers read", () => {
  const fields = (p: MessagePeek): unknown => [p.topVia, p.branch, p.callId, p.cseq, p.fromTag, p.toTag, p.headerStart];
  const expectSame = (a: string, b: string): void => {
    expect(fields(right(a))).toEqual(fields(right(b)));
    expect(fields(right(encodeUtf8(a)))).toEqual(fields(right(encodeUtf8(b))));
    expect(checkAgreement(a)).toBe("agree");
    expect(checkAgreement(encodeUtf8(a))).toBe("agree");
  };

  it("reads fields after a character that is not ASCII as the fields before it", () => {
    const accented = INVITE.replace("Max-Forwards: 70", "Subject: café\r\nMax-Forwards: 70");
    expectSame(accented, INVITE.replace("Max-Forwards: 70", "Subject: cafe\r\nMax-Forwards: 70"));
    expect(right(accented).bodyStart).toBe(encodeUtf8(accented).length - 4 - 1);
    expect(right(encodeUtf8(accented)).bodyStart).toBe(encodeUtf8(accented).length - 4);
  });

  it("reads a From with a UTF-8 display name and the fields after it", () => {
    const p = right(encodeUtf8(INVITE.replace("From: Alice", 'From: "Alicé"')));
    expect([p.fromTag, p.callId, p.cseq.seq]).toEqual(["1928301774", "a84b4c76e66710@pc33.atlanta.example.com", 314159]);
  });

  it("reads a header section longer than the octet buffer", () => {
    const padding = Array.from({ length: 200 }, (_, k) => `X-Padding-${String(k)}: ${"p".repeat(60)}`).join("\r\n");
    const long = INVITE.replace("Max-Forwards: 70", `${padding}\r\nMax-Forwards: 70`);
    expect(long.length).toBeGreaterThan(8192 + 1000);
    expectSame(long, INVITE);
    expect(right(long).bodyStart).toBe(long.length - 4);
  });

  it("reads datagrams with CRLFs before the start line (§7.5)", () => {
    const p = right(encodeUtf8(`\r\n\r\n${INVITE}`));
    expect([p.headerStart, p.branch]).toEqual([4, "z9hG4bK776asdhds"]);
    expect(checkAgreement(encodeUtf8(`\r\n${INVITE}`))).toBe("agree");
  });
});
