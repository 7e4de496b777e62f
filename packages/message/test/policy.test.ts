// The parser's policy on what deployed equipment sends (message README, "Parser policy").
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { FramerOutput } from "../src/index.js";
import { decodeUtf8, encodeUtf8, initFramer, parseMessage, parseUri, printUri, push, serializeMessage, uriEquals, validateMessage } from "../src/index.js";
import { peekMessage } from "../src/peek/index.js";
import { checkAgreement } from "./peek-agreement.js";

const head = (requestLine: string, extra: ReadonlyArray<string> = []): string =>
  [
    requestLine,
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds",
    "Max-Forwards: 70",
    "To: Bob <sip:bob@biloxi.example.com>",
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
    "CSeq: 314159 INVITE",
    ...extra,
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");

const INVITE = (extra: ReadonlyArray<string> = []): string => head("INVITE sip:bob@biloxi.example.com SIP/2.0", extra);
const roundTrips = (text: string): void => {
  const m = parseMessage(text);
  if (E.isLeft(m)) expect.fail(m.left.detail);
  expect(decodeUtf8(serializeMessage(m.right))).toStrictEqual(E.right(text));
  expect(validateMessage(m.right)).toStrictEqual(E.right(m.right));
};

describe("RFC 3261 §7.3.1 header lines longer than 8 KB", () => {
  it("a 20,000-character header line is accepted and round-trips exactly", () => {
    const line = `X-Long: ${"a".repeat(20_000)}`;
    roundTrips(INVITE([line]));
    expect(checkAgreement(encodeUtf8(INVITE([line])))).toBe("agree");
  });
  it("a Route set of 300 entries on one line (§20.34) parses into core", () => {
    const routes = Array.from({ length: 300 }, (_, i) => `<sip:proxy${i}.example.com;lr>`).join(", ");
    const m = parseMessage(INVITE([`Route: ${routes}`]));
    expect(E.isRight(m) && m.right.core.route.length).toBe(300);
  });
  it("the limit still applies when a caller sets it, and the message limit bounds every line", () => {
    expect(E.isLeft(parseMessage(INVITE([`X-Long: ${"a".repeat(9000)}`]), { maxLineBytes: 8192 }))).toBe(true);
    const r = parseMessage(INVITE([`X-Long: ${"a".repeat(70_000)}`]));
    expect(E.isLeft(r) && [r.left.kind, r.left.status]).toStrictEqual(["Limit", 513]);
  });
});

describe("RFC 3261 §7.3.1 / §20 a single-value header given twice with the same value", () => {
  const ok200 = (types: ReadonlyArray<string>): string =>
    [
      "SIP/2.0 200 OK",
      "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds",
      "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf",
      "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
      "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
      "CSeq: 314159 INVITE",
      ...types.map((t) => `Content-Type: ${t}`),
      "Content-Length: 4",
      "",
      "v=0\n",
    ].join("\r\n");
  it("a 200 with two identical Content-Type lines validates and round-trips as written", () => {
    roundTrips(ok200(["application/sdp", "application/sdp"]));
  });
  it("two different Content-Type values are still a 400 (RFC 4475 §3.3.8)", () => {
    const m = parseMessage(ok200(["application/sdp", "text/plain"]));
    if (E.isLeft(m)) expect.fail(m.left.detail);
    const v = validateMessage(m.right);
    expect(E.isLeft(v) && v.left.problems.map((p) => [p.kind, p.header])).toStrictEqual([["Multiple", "Content-Type"]]);
  });
});

describe("RFC 3261 §19.1.1 / §25.1 unescaped characters in a user part (lenient rule, strict option)", () => {
  it("sip:*21#@host parses, prints as written and equals its escaped form (§19.1.4)", () => {
    const u = parseUri("sip:*21#@pbx.example.com");
    if (E.isLeft(u)) expect.fail(u.left.reason);
    expect(u.right._tag === "SipUri" && u.right.user).toBe("*21#");
    expect(printUri(u.right)).toBe("sip:*21#@pbx.example.com");
    const escaped = parseUri("sip:*21%23@pbx.example.com");
    expect(E.isRight(escaped) && uriEquals(u.right, escaped.right)).toBe(true);
  });
  it("each lenient character is accepted, and refused by the strict option", () => {
    for (const c of "#^{}|`") {
      expect(E.isRight(parseUri(`sip:a${c}b@h.example.com`))).toBe(true);
      const strict = parseUri(`sip:a${c}b@h.example.com`, { strict: true });
      expect(E.isLeft(strict) && strict.left.position).toBe(5);
    }
    expect(E.isRight(parseUri("sip:a%23b@h.example.com", { strict: true }))).toBe(true);
  });
  it("the delimiters stay refused even leniently: space, quote, angle brackets", () => {
    for (const c of [" ", '"', "<", ">", "\\"]) expect(E.isLeft(parseUri(`sip:a${c}b@h.example.com`))).toBe(true);
  });
  it("a request to sip:*21#@host round-trips; strict parse and peek refuse it as RequestUri", () => {
    const text = head("INVITE sip:*21#@pbx.example.com SIP/2.0");
    roundTrips(text);
    expect(checkAgreement(text)).toBe("agree");
    const strict = parseMessage(text, { strict: true });
    expect(E.isLeft(strict) && [strict.left.kind, strict.left.status]).toStrictEqual(["RequestUri", 400]);
    const peek = peekMessage(text, { strict: true });
    expect(E.isLeft(peek) && peek.left.kind).toBe("RequestUri");
    expect(checkAgreement(text, { strict: true })).toBe("both-left");
  });
  it("a To of <sip:*21#@host> is refused by the strict option as a CoreHeader naming To", () => {
    const text = INVITE().replace("<sip:bob@biloxi", "<sip:*21#@biloxi");
    expect(E.isRight(parseMessage(text))).toBe(true);
    const strict = parseMessage(text, { strict: true });
    expect(E.isLeft(strict) && [strict.left.kind, strict.left.detail.slice(0, 3)]).toStrictEqual(["CoreHeader", "To:"]);
    expect(checkAgreement(text, { strict: true })).toBe("peek-only");
  });
  it("the stream framer honours the strict option", () => {
    const bytes = encodeUtf8(head("INVITE sip:*21#@pbx.example.com SIP/2.0"));
    const tags = (out: ReadonlyArray<FramerOutput>) => out.map((o) => o._tag);
    expect(tags(push(initFramer(), bytes)[1])).toStrictEqual(["Message"]);
    expect(tags(push(initFramer({ strict: true }), bytes)[1])).toStrictEqual(["Invalid"]);
  });
});

describe("RFC 3261 §25.1 control characters in a header value", () => {
  const controls = [0x00, 0x01, 0x07, 0x08, 0x0b, 0x0c, 0x0e, 0x1b, 0x1f, 0x7f];
  it("a raw NUL inside a header value is a 400 HeaderLine, with the fields framed for the answer", () => {
    const r = parseMessage(INVITE(["Subject: lunch\u0000today"]));
    if (E.isRight(r)) expect.fail("accepted a NUL");
    expect([r.left.kind, r.left.status, r.left.framed?.headers.length]).toStrictEqual(["HeaderLine", 400, 8]);
    expect(r.left.detail).toContain("U+0000");
  });
  it("every control but HTAB is refused, from a string and from octets", () => {
    for (const c of controls) {
      const text = INVITE([`Subject: a${String.fromCharCode(c)}b`]);
      for (const input of [text, encodeUtf8(text)]) {
        const r = parseMessage(input);
        expect(E.isLeft(r) && r.left.kind).toBe("HeaderLine");
        checkAgreement(input);
      }
    }
    expect(E.isRight(parseMessage(INVITE(["Subject: a\tb"])))).toBe(true);
  });
  it("a bare CR inside a value is refused; CRLF and bare LF line ends are not", () => {
    const r = parseMessage(INVITE(["Subject: a\rb"]));
    expect(E.isLeft(r) && r.left.detail).toContain("U+000D");
    expect(E.isRight(parseMessage(INVITE().replace(/\r\n/g, "\n")))).toBe(true);
  });
  it("RFC 4475 §3.1.1.2: a control escaped by quoted-pair inside a quoted string stays valid", () => {
    const text = INVITE().replace("To: Bob", 'To: "BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007f"');
    expect(E.isRight(parseMessage(text))).toBe(true);
  });
  it("a NUL in the body is the body's business (RFC 4475 §3.1.1.11)", () => {
    const text = INVITE().replace("Content-Length: 0\r\n\r\n", "Content-Length: 3\r\n\r\na\u0000b");
    const r = parseMessage(encodeUtf8(text));
    expect(E.isRight(r) && r.right.body).toStrictEqual(new Uint8Array([0x61, 0, 0x62]));
  });
  it("over a stream the message is Invalid and the stream goes on", () => {
    const bad = INVITE(["Subject: a\u0000b"]);
    const [, out] = push(initFramer(), encodeUtf8(bad + INVITE()));
    expect(out.map((o) => o._tag)).toStrictEqual(["Invalid", "Message"]);
  });
  test.prop([fc.constantFrom(...controls), fc.nat(), fc.constantFrom("Subject", "Call-ID", "To", "Via", "X-Any")])(
    "a control put anywhere in a header value is refused with 400 and peekMessage keeps its contract",
    (c, at, name) => {
      const text = INVITE();
      const start = text.indexOf(`\r\n${name === "Subject" || name === "X-Any" ? "Max-Forwards" : name}:`) + 2;
      const lineEnd = text.indexOf("\r\n", start);
      const colon = text.indexOf(":", start) + 1;
      const i = colon + (at % (lineEnd - colon));
      const input = `${text.slice(0, i)}${String.fromCharCode(c)}${text.slice(i)}`;
      const r = parseMessage(input);
      expect(E.isLeft(r) && [r.left.kind, r.left.status]).toStrictEqual(["HeaderLine", 400]);
      checkAgreement(input);
    },
  );
});

describe("RFC 3261 §7.3.1 a header section that is not UTF-8", () => {
  const withOctet = (text: string, after: string, octet: number): Uint8Array => {
    const bytes = encodeUtf8(text);
    const at = text.indexOf(after) + after.length;
    return new Uint8Array([...bytes.subarray(0, at), octet, ...bytes.subarray(at)]);
  };
  it("a stray octet in a non-core header is an Encoding 400 that still frames the fields to answer from", () => {
    const r = parseMessage(withOctet(INVITE(["User-Agent: phone"]), "User-Agent: ph", 0xff));
    if (E.isRight(r)) expect.fail("accepted invalid UTF-8");
    expect([r.left.kind, r.left.status, r.left.framed?.headers.find((h) => h.name === "User-Agent")?.value]).toStrictEqual(["Encoding", 400, "ph\uFFFDone"]);
    expect(r.left.framed?.headers.find((h) => h.name === "Call-ID")?.value).toBe("a84b4c76e66710@pc33.atlanta.example.com");
  });
  test.prop([fc.integer({ min: 0x80, max: 0xff }), fc.integer({ min: 1, max: 200 })])("any run of bad octets is read in one linear pass, one U+FFFD each", (octet, n) => {
    const bytes = encodeUtf8(INVITE([`X-Junk: ${"\u0000".repeat(n)}`])).map((b) => (b === 0 ? octet : b));
    const r = parseMessage(bytes);
    if (E.isRight(r)) return; // 0xC2.. followed by a continuation octet may be well-formed
    checkAgreement(bytes);
    expect(r.left.kind === "Encoding" || r.left.kind === "HeaderLine").toBe(true);
  });
});

describe("RFC 3261 §18.3 / §7.3.1 a stream message whose header section is not UTF-8", () => {
  it("is Invalid (Encoding, fields framed) and the stream goes on to the next message", () => {
    const bad = encodeUtf8(INVITE(["User-Agent: phone-X"])).map((b) => (b === 0x58 ? 0xff : b));
    const next = encodeUtf8(INVITE());
    const stream = new Uint8Array([...bad, ...next]);
    const [state, out] = push(initFramer(), stream);
    expect(out.map((o) => o._tag)).toStrictEqual(["Invalid", "Message"]);
    const first = out[0];
    expect(first?._tag === "Invalid" && [first.error.kind, first.error.status, first.error.framed?.headers.length]).toStrictEqual(["Encoding", 400, 8]);
    expect(state.failed).toBeUndefined();
    const bytewise = Array.from(stream).reduce<[ReturnType<typeof initFramer>, Array<string>]>(
      ([s, tags], b) => {
        const [n, o] = push(s, Uint8Array.of(b));
        return [n, [...tags, ...o.map((x) => x._tag)]];
      },
      [initFramer(), []],
    );
    expect(bytewise[1]).toStrictEqual(["Invalid", "Message"]);
  });
});
