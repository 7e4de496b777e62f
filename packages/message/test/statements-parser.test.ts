// Parser rules of RFC 3261 §7.3.2, §7.4.2, §19.1.2, §19.1.4, §20 and §25.1 that no older test
// named, each test citing the statement it checks by its ID (docs/CONFORMANCE.md).
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { SipMessage } from "../src/index.js";
import { createRequest, createResponse, encodeUtf8, initFramer, parseMessage, parseUri, push, serializeMessage, setHeader, uriEquals, validateMessage } from "../src/index.js";

const parse = (text: string): SipMessage => {
  const r = parseMessage(text);
  if (E.isLeft(r)) throw new Error(`fixture does not parse: ${JSON.stringify(r.left)}`);
  return r.right;
};
const print = (m: SipMessage): string => new TextDecoder().decode(serializeMessage(m));
const lines = (m: SipMessage): ReadonlyArray<string> => print(m).split("\r\n").map((l) => l.split(":")[0] ?? "");
const head = "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\nTo: <sip:bob@biloxi.example.com>\r\nFrom: <sip:alice@atlanta.example.com>;tag=1928301774\r\nCall-ID: a84b4c76e66710\r\nCSeq: 1 OPTIONS\r\n";
const options = (extra: string): string => `OPTIONS sip:bob@biloxi.example.com SIP/2.0\r\n${head}Max-Forwards: 70\r\n${extra}\r\n`;
const ok = (extra: string): string => `SIP/2.0 200 OK\r\n${head}${extra}Content-Length: 0\r\n\r\n`;
const parses = (uri: string): boolean => E.isRight(parseUri(uri));
const same = (a: string, b: string): boolean => {
  const x = parseUri(a);
  const y = parseUri(b);
  return E.isRight(x) && E.isRight(y) && uriEquals(x.right, y.right);
};

describe("RFC 3261 §7.3.2 and §20 header fields out of their category", () => {
  it("RFC3261-7.3.2-1, RFC3261-20-8: request-only and response-only fields in the wrong message are kept as data and do not make it invalid", () => {
    // Server and Min-Expires are response fields (Table 2), Max-Forwards and Priority request fields.
    const request = parse(options("Server: x\r\nMin-Expires: 60\r\n"));
    expect(E.isRight(validateMessage(request))).toBe(true);
    const response = parse(ok("Max-Forwards: 70\r\nPriority: urgent\r\n"));
    expect(E.isRight(validateMessage(response))).toBe(true);
    expect(response.core.maxForwards).toBe(70);
  });

  it("RFC3261-20-9, RFC3261-20-7: a response built to a request carries none of the request's request-only fields, and a built request no response-only field", () => {
    const request = parse(options("Priority: urgent\r\nRoute: <sip:p.example.com;lr>\r\nSubject: hi\r\n"));
    if (request._tag !== "Request") throw new Error("fixture");
    const response = createResponse(200)(request);
    expect(E.isRight(response)).toBe(true);
    if (E.isLeft(response)) return;
    expect(lines(response.right).filter((n) => ["Max-Forwards", "Priority", "Route", "Subject"].includes(n))).toEqual([]);
    const { via, from, to, callId } = request.core;
    if (via[0] === undefined || from === undefined || to === undefined || callId === undefined) throw new Error("fixture");
    const built = createRequest({ method: request.method, uri: request.uri, via: via[0], from, to, callId, seq: 1 });
    expect(E.isRight(built) && lines(built.right).filter((n) => ["Server", "Min-Expires", "WWW-Authenticate", "Unsupported", "Warning"].includes(n))).toEqual([]);
  });

  it("RFC3261-20-5: a request without a mandatory field (Via, From, To, Call-ID, CSeq) is invalid, answered 400", () => {
    for (const name of ["Via", "From", "To", "Call-ID", "CSeq"]) {
      const text = options("").split("\r\n").filter((l) => !l.startsWith(`${name}:`)).join("\r\n");
      const v = validateMessage(parse(text));
      expect(E.isLeft(v) && v.left.status === 400 && v.left.problems.map((p) => p.header)).toEqual([name]);
    }
  });

  it("RFC3261-20-6: a response without a mandatory field is invalid, and a response built to a request has them all", () => {
    for (const name of ["Via", "From", "To", "Call-ID", "CSeq"]) {
      const text = ok("").split("\r\n").filter((l) => !l.startsWith(`${name}:`)).join("\r\n");
      const v = validateMessage(parse(text));
      expect(E.isLeft(v) && v.left.problems.map((p) => p.header)).toEqual([name]);
    }
    const request = parse(options(""));
    const response = request._tag === "Request" ? createResponse(486)(request) : E.left(undefined);
    expect(E.isRight(response) && lines(response.right).filter((n) => ["Via", "From", "To", "Call-ID", "CSeq"].includes(n)).sort()).toEqual(["CSeq", "Call-ID", "From", "To", "Via"]);
  });
});

describe("RFC 3261 §7.4.2 body framing", () => {
  it("RFC3261-7.4.2-1: a stream is framed by Content-Length only; a Transfer-Encoding: chunked is not decoded", () => {
    const chunked = "5\r\nhello\r\n0\r\n\r\n";
    const text = `MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK2\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\nContent-Length: ${chunked.length}\r\n\r\n${chunked}`;
    const [state, out] = push(initFramer(), encodeUtf8(text));
    expect(out.map((o) => o._tag)).toEqual(["Message"]);
    const first = out[0];
    expect(first?._tag === "Message" && new TextDecoder().decode(first.message.body)).toBe(chunked);
    expect(state.buffer.length).toBe(0);
  });
});

describe("RFC 3261 §19.1.2 and §25.1 escaping", () => {
  it("RFC3261-19.1.2-1: URI delimiters and excluded characters in the user part must come escaped", () => {
    for (const c of ['"', "<", ">", "\\", "@"]) expect(parses(`sip:bo${c}b@biloxi.example.com`)).toBe(false);
    expect(parses("sip:bo%3Cb@biloxi.example.com")).toBe(true);
    expect(parses("sip:bo%40b@biloxi.example.com")).toBe(true);
  });

  it("RFC3261-19.1.2-3: the strict parser refuses a character outside the user part's set written unescaped, and takes it escaped", () => {
    expect(E.isLeft(parseUri("sip:*21#@pbx.example.com", { strict: true }))).toBe(true);
    expect(E.isRight(parseUri("sip:*21%23@pbx.example.com", { strict: true }))).toBe(true);
    expect(parses("sip:bob@biloxi.example.com;pa{r=1")).toBe(false);
  });

  it("RFC3261-19.1.2-4: a reserved character in a URI header name or value must be escaped", () => {
    for (const h of ["subject=a@b", "subject=a;b", "subject=a=b", "subj@ct=a"]) expect(parses(`sip:bob@biloxi.example.com?${h}`)).toBe(false);
    expect(parses("sip:bob@biloxi.example.com?subject=a%40b%3Bc%3Dd")).toBe(true);
  });

  it("RFC3261-19.1.2-5, RFC3261-25.1-4: a telephone-subscriber in the user part escapes what the user rule does not allow", () => {
    expect(parses("sip:+1 212 555 1212@gateway.example.com;user=phone")).toBe(false);
    expect(E.isLeft(parseUri("sip:+1-212-555-1212#22@gateway.example.com;user=phone", { strict: true }))).toBe(true);
    expect(E.isRight(parseUri("sip:+1-212-555-1212%2322@gateway.example.com;user=phone", { strict: true }))).toBe(true);
    expect(parses("sip:+1%20212@gateway.example.com;user=phone")).toBe(true);
  });
});

describe("RFC 3261 §19.1.4 URI comparison", () => {
  it("RFC3261-19.1.4-1: a header component present in one URI only, or with another value, makes the URIs differ", () => {
    expect(same("sip:bob@biloxi.example.com?subject=x", "sip:bob@biloxi.example.com")).toBe(false);
    expect(same("sip:bob@biloxi.example.com", "sip:bob@biloxi.example.com?subject=x")).toBe(false);
    expect(same("sip:bob@biloxi.example.com?subject=x", "sip:bob@biloxi.example.com?subject=y")).toBe(false);
    expect(same("sip:bob@biloxi.example.com?subject=x&priority=urgent", "sip:bob@biloxi.example.com?priority=urgent&subject=x")).toBe(true);
  });
});

describe("RFC 3261 §20 and §20.14 Content-Length", () => {
  it("RFC3261-20-2, RFC3261-20.14-1: Content-Length is always written with the body's size in octets, whatever its type; a datagram without one is still read, its body running to the end", () => {
    const body = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=\u00e9t\u00e9\r\n";
    const octets = encodeUtf8(body).length;
    const withoutLength = `MESSAGE sip:bob@biloxi.example.com SIP/2.0\r\n${head.replace("1 OPTIONS", "1 MESSAGE")}Max-Forwards: 70\r\nContent-Type: application/sdp\r\n\r\n${body}`;
    const m = parse(withoutLength);
    expect(new TextDecoder().decode(m.body)).toBe(body);
    expect(print(m)).toContain(`\r\nContent-Length: ${octets}\r\n\r\n`);
    // Built with a wrong Content-Length field, the printed one is still the body's size.
    const stale = parse(withoutLength.replace("Content-Type: application/sdp", "Content-Type: application/sdp\r\nContent-Length: 5").slice(0, -body.length) + "hello");
    expect(print({ ...stale, body: encodeUtf8(body) })).toContain(`\r\nContent-Length: ${octets}\r\n\r\n`);
    expect(octets).toBeGreaterThan(body.length);
  });
});

describe("RFC 3261 §20 extension header parameters", () => {
  it("RFC3261-20-10: header parameters nobody understands are kept as data and change nothing: the message validates, its core fields read the same", () => {
    const plain = parse(options(""));
    const odd = options("").replace("branch=z9hG4bK776asdhds", "branch=z9hG4bK776asdhds;x-color=blue").replace("<sip:bob@biloxi.example.com>", "<sip:bob@biloxi.example.com>;x-mood").replace(";tag=1928301774", ";tag=1928301774;x-shoe=\"size 9\"");
    const m = parse(odd);
    expect(E.isRight(validateMessage(m))).toBe(true);
    expect([m.core.via[0]?.params.find((p) => p.name === "branch")?.value, m.core.from?.params.find((p) => p.name === "tag")?.value, m.core.callId, m.core.cseq]).toStrictEqual([
      plain.core.via[0]?.params.find((p) => p.name === "branch")?.value,
      plain.core.from?.params.find((p) => p.name === "tag")?.value,
      plain.core.callId,
      plain.core.cseq,
    ]);
    expect(m.core.via[0]?.params.map((p) => p.name)).toContain("x-color");
  });
});

describe("RFC 3261 §7.3.1 the fields proxies read come first", () => {
  it("RFC3261-7.3.1-1: a built request puts Via, Max-Forwards, Route, Proxy-Require, Proxy-Authorization and Record-Route before the rest; a Proxy-Authorization added later joins them", () => {
    const request = parse(options(""));
    if (request._tag !== "Request") throw new Error("fixture");
    const { via, from, to, callId } = request.core;
    if (via[0] === undefined || from === undefined || to === undefined || callId === undefined) throw new Error("fixture");
    const extras = [
      { name: "Subject", value: "hi" },
      { name: "Proxy-Require", value: "foo" },
      { name: "Record-Route", value: "<sip:p1.example.com;lr>" },
      { name: "Supported", value: "timer" },
    ];
    const route = [{ _tag: "NameAddr" as const, uri: request.uri, angle: true, params: [] }];
    const built = createRequest({ method: request.method, uri: request.uri, via: via[0], from, to, callId, seq: 1, route, headers: extras });
    if (E.isLeft(built)) throw new Error("not built");
    expect(lines(built.right).slice(1, -2)).toStrictEqual(["Via", "Max-Forwards", "Route", "Proxy-Require", "Record-Route", "To", "From", "Call-ID", "CSeq", "Subject", "Supported", "Content-Length"]);
    const answered = setHeader("Proxy-Authorization", 'Digest username="alice", realm="atlanta.example.com"')(built.right);
    expect(E.isRight(answered) && lines(answered.right).slice(1, 7)).toStrictEqual(["Via", "Max-Forwards", "Route", "Proxy-Require", "Record-Route", "Proxy-Authorization"]);
    // Any other field added goes last, as before.
    const subject = setHeader("Organization", "Example")(built.right);
    expect(E.isRight(subject) && lines(subject.right).at(-3)).toBe("Organization");
  });
});
