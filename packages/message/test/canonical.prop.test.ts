// peek/canonical.ts recognizes the spelling nearly every sender uses and hands anything else to
// the general scanners. Its promise has two halves, both checked here on generated values, on
// mangled ones and on every value of both torture corpora: (1) a value it returns is the value
// the general scanner returns for the same text; (2) it never refuses: it only defers. And it
// must not defer on the canonical forms themselves, or it would be dead weight.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { arbCSeq, arbCallId, arbNameAddr, arbSipUri, arbVia } from "../src/arbitraries/index.js";
import { printCSeq, printNameAddr, printUri, printVia } from "../src/index.js";
import { scanCSeq } from "../src/headers/cseq.js";
import { locateNameAddr } from "../src/headers/name-addr.js";
import { findParam, scanParams } from "../src/headers/params.js";
import { scanFirstVia } from "../src/headers/via.js";
import { parseStartLine } from "../src/parse/start-line.js";
import { scanCallId } from "../src/headers/scalars.js";
import { DEFER, canonicalCSeq, canonicalCallId, canonicalRequestLine, canonicalStatus, canonicalTag, canonicalVia } from "../src/peek/canonical.js";
import { isFail } from "../src/uri/error.js";

/** What peekMessage's general path reads from a From or To value: its first tag parameter. */
const generalTag = (s: string): { readonly tag: string | undefined } | undefined => {
  const parts = locateNameAddr(s, 0, s.length, false);
  if (isFail(parts)) return undefined;
  const params = scanParams(s, parts.paramsStart, parts.end);
  if (isFail(params)) return undefined;
  const tag = findParam(params, "tag");
  return { tag: tag === undefined ? undefined : (tag.value ?? "") };
};

/**
 * The octets the recognizers read, as peekMessage hands them over: only for ASCII text (past a
 * unit that is not ASCII, indices into the text and into its UTF-8 differ, and peekMessage
 * leaves the value to the general scanners).
 */
const octetsOf = (s: string): Uint8Array | undefined => {
  const o = new TextEncoder().encode(s);
  return o.length === s.length ? o : undefined;
};

const canonicalTagOf = (s: string): { readonly tag: string | undefined } | undefined => {
  const o = octetsOf(s);
  const tag = o === undefined ? DEFER : canonicalTag(o, s, 0, s.length);
  return tag === DEFER ? undefined : { tag };
};

/** The request line's method and Request-URI text as the general parser reads them, or undefined. */
const generalRequestLine = (s: string): readonly [string, string] | undefined => {
  const r = parseStartLine(s, 0, s.length);
  if (r._tag !== "Request") return undefined;
  const rest = s.slice(r.method.length).trimStart();
  return [r.method, rest.slice(0, rest.indexOf(" "))];
};

/** The status code as the general parser reads a Status-Line, or undefined. */
const generalStatus = (s: string): number | undefined => {
  const r = parseStartLine(s, 0, s.length);
  return r._tag === "Response" ? r.status : undefined;
};

const canonicalStatusOf = (s: string): number | undefined => {
  const o = octetsOf(s);
  const code = o === undefined ? -1 : canonicalStatus(o, 0, s.length);
  return code < 0 ? undefined : code;
};

const canonicalRequest = (s: string): readonly [string, string] | undefined => {
  const o = octetsOf(s);
  const methodEnd = o === undefined ? -1 : canonicalRequestLine(o, 0, s.length);
  return methodEnd < 0 ? undefined : [s.slice(0, methodEnd), s.slice(methodEnd + 1, s.length - 8)];
};

/** Each recognizer beside the general reading it stands in for, on a whole value. */
const PAIRS = {
  Via: [(s: string) => { const o = octetsOf(s); return o === undefined ? undefined : canonicalVia(o, s, 0, s.length); }, (s: string) => { const r = scanFirstVia(s, 0, s.length); return isFail(r) ? undefined : r; }],
  NameAddr: [canonicalTagOf, generalTag],
  CSeq: [(s: string) => { const o = octetsOf(s); return o === undefined ? undefined : canonicalCSeq(o, s, 0, s.length); }, (s: string) => { const r = scanCSeq(s, 0, s.length); return isFail(r) ? undefined : r; }],
  CallId: [(s: string) => { const o = octetsOf(s); return o === undefined ? undefined : canonicalCallId(o, s, 0, s.length); }, (s: string) => { const r = scanCallId(s, 0, s.length); return isFail(r) ? undefined : r; }],
  RequestLine: [canonicalRequest, generalRequestLine],
  StatusLine: [canonicalStatusOf, generalStatus],
} as const;
type Kind = keyof typeof PAIRS;

/** Both halves of the promise on one text; true when the recognizer answered (did not defer). */
const agrees = (kind: Kind, s: string): boolean => {
  const [canonical, general] = PAIRS[kind];
  const fast = canonical(s);
  if (fast === undefined) return false;
  expect(fast).toEqual(general(s));
  return true;
};

/** The text with one character replaced, inserted or removed at `at`. */
const mangle = (s: string, at: number, how: number, c: string): string => {
  const i = at % (s.length + 1);
  return how === 0 ? s.slice(0, i) + c + s.slice(i + 1) : how === 1 ? s.slice(0, i) + c + s.slice(i) : s.slice(0, i) + s.slice(i + 1);
};
const arbMangle = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 2 }), fc.constantFrom(" ", "\t", ";", ",", "=", '"', "\\", "<", ">", ":", "@", "/", "%", "[", "a", "0", "é"));

const arbStatusLine = fc.tuple(fc.integer({ min: 0, max: 999 }), fc.constantFrom("", " ", " OK", " Ringing", " Not Found", " é")).map(([code, reason]) => `SIP/2.0 ${String(code).padStart(3, "0")}${reason}`);
const arbRequestLine = fc.tuple(fc.constantFrom("INVITE", "ACK", "OPTIONS", "BYE", "X-Y"), arbSipUri).map(([m, u]) => `${m} ${printUri(u)} SIP/2.0`);

describe("canonical forms agree with the general scanners (peek/canonical.ts)", () => {
  test.prop([arbVia])("Via: generated via-parms", (v) => void agrees("Via", printVia(v)));
  test.prop([arbNameAddr])("From/To: generated name-addr and addr-spec values", (na) => void agrees("NameAddr", printNameAddr(na)));
  test.prop([arbCSeq])("CSeq: generated values", (c) => void agrees("CSeq", printCSeq(c)));
  test.prop([arbCallId])("Call-ID: generated values", (id) => void agrees("CallId", id));
  test.prop([arbCallId, arbMangle])("Call-ID: mangled", (id, [at, how, c]) => void agrees("CallId", mangle(id, at, how, c)));
  test.prop([arbRequestLine])("Request-Line: generated lines with SIP URIs", (line) => void agrees("RequestLine", line));

  test.prop([arbVia, arbMangle])("Via: mangled", (v, [at, how, c]) => void agrees("Via", mangle(printVia(v), at, how, c)));
  test.prop([arbNameAddr, arbMangle])("From/To: mangled", (na, [at, how, c]) => void agrees("NameAddr", mangle(printNameAddr(na), at, how, c)));
  test.prop([arbCSeq, arbMangle])("CSeq: mangled", (cs, [at, how, c]) => void agrees("CSeq", mangle(printCSeq(cs), at, how, c)));
  test.prop([arbStatusLine])("Status-Line: generated lines", (line) => void agrees("StatusLine", line));
  test.prop([arbStatusLine, arbMangle])("Status-Line: mangled", (line, [at, how, c]) => void agrees("StatusLine", mangle(line, at, how, c)));
  test.prop([arbRequestLine, arbMangle])("Request-Line: mangled", (line, [at, how, c]) => void agrees("RequestLine", mangle(line, at, how, c)));
  test.prop([fc.string({ maxLength: 60 })])("any text", (s) => {
    for (const kind of Object.keys(PAIRS) as ReadonlyArray<Kind>) agrees(kind, s);
  });

  // Every matching value of the RFC 4475 and RFC 5118 messages, and their start lines.
  it("on both torture corpora", () => {
    const NAMES: Readonly<Record<string, Kind>> = { via: "Via", v: "Via", from: "NameAddr", f: "NameAddr", to: "NameAddr", t: "NameAddr", "call-id": "CallId", i: "CallId", cseq: "CSeq" };
    let checked = 0;
    for (const name of ["rfc4475", "rfc5118"]) {
      const dir = fileURLToPath(new URL(`../../../../shared/corpus/${name}/`, import.meta.url));
      const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile() && d.name.endsWith(".dat"));
      for (const f of files) {
        const text = readFileSync(`${f.parentPath}/${f.name}`, "latin1");
        const head = text.split(/\r?\n\r?\n/)[0] ?? "";
        const lines = head.split(/\r?\n/);
        agrees("RequestLine", lines[0] ?? "");
        agrees("StatusLine", lines[0] ?? "");
        for (const line of lines.slice(1)) {
          const colon = line.indexOf(":");
          const kind = NAMES[line.slice(0, Math.max(colon, 0)).trim().toLowerCase()];
          if (kind !== undefined) {
            agrees(kind, line.slice(colon + 1).trim());
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it("answers on the canonical spellings themselves (RFC 3261 §8.1.1 examples)", () => {
    expect(agrees("Via", "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds")).toBe(true);
    expect(agrees("Via", "SIP/2.0/TCP 192.0.2.4:5060;branch=z9hG4bKnashds8;received=192.0.2.3;rport=5060")).toBe(true);
    expect(agrees("NameAddr", "Bob <sip:bob@biloxi.com>;tag=a6c85cf")).toBe(true);
    expect(agrees("NameAddr", '"Alice Liddell" <sip:alice@atlanta.com>;tag=1928301774')).toBe(true);
    expect(agrees("NameAddr", "<sip:carol@chicago.com>")).toBe(true);
    expect(agrees("NameAddr", "<sip:carol@chicago.com>;TAG=1;tag=2;x")).toBe(true);
    expect(agrees("NameAddr", "<sip:carol@chicago.com>;x=1;tag;tag=2")).toBe(true);
    expect(agrees("CSeq", "314159 INVITE")).toBe(true);
    expect(agrees("CallId", "a84b4c76e66710@pc33.atlanta.com")).toBe(true);
    expect(agrees("CallId", "3848276298220188511")).toBe(true);
    expect(agrees("RequestLine", "INVITE sip:bob@biloxi.com SIP/2.0")).toBe(true);
    expect(agrees("RequestLine", "REGISTER sip:registrar.biloxi.com SIP/2.0")).toBe(true);
    expect(agrees("RequestLine", "BYE sip:192.0.2.4:5070 SIP/2.0")).toBe(true);
    expect(agrees("Via", "SIP/2.0/UDP [2001:db8::1];branch=z9hG4bK1")).toBe(true);
    expect(agrees("StatusLine", "SIP/2.0 180 Ringing")).toBe(true);
    expect(agrees("StatusLine", "SIP/2.0 200")).toBe(true);
  });

  // RFC 3261 §25.1 hostname and IPv4address, at the edges the one-pass host scan decides.
  it("reads hosts as uri/host.ts scanHostPort classifies them (§25.1)", () => {
    const hosts = ["a", "a.b", "a-b.c", "a--b.c", "-a.b", "a-.b", "a..b", ".a", "a.", "1.2.3.4", "01.2.3.4", "255.255.255.255", "1.2.3.256", "1.2.3", "1.2.3.4.5", "1-2.3.4", "1a.b2", "a.1b", "a.b-", "a:5060", "1.2.3.4:65536"];
    const answered = hosts.filter((h) => {
      const via = agrees("Via", `SIP/2.0/UDP ${h};branch=z9hG4bK1`);
      const line = agrees("RequestLine", `OPTIONS sip:${h} SIP/2.0`);
      return via && line;
    });
    expect(answered).toEqual(["a", "a.b", "a-b.c", "a--b.c", "1.2.3.4", "01.2.3.4", "255.255.255.255", "1a.b2", "a:5060"]);
  });

  it("defers on what it does not recognise rather than refusing it", () => {
    expect(agrees("Via", "SIP / 2.0 / UDP host;branch=z9hG4bK1")).toBe(false);
    expect(agrees("Via", 'SIP/2.0/UDP host;x="quoted"')).toBe(false);
    expect(agrees("NameAddr", "sip:bob@biloxi.com;tag=1")).toBe(false);
    expect(agrees("NameAddr", '"A \\"B\\"" <sip:a@b>;tag=1')).toBe(false);
    expect(agrees("CSeq", "4294967296 INVITE")).toBe(false);
    expect(agrees("CallId", "a@b@c")).toBe(false);
    expect(agrees("CallId", "@b")).toBe(false);
    expect(agrees("RequestLine", "INVITE sip:bob@biloxi.com;transport=tcp SIP/2.0")).toBe(false);
    expect(agrees("RequestLine", "INVITE tel:+1-201-555-0123 SIP/2.0")).toBe(false);
    expect(agrees("StatusLine", "sip/2.0 200 OK")).toBe(false);
    expect(agrees("StatusLine", "SIP/2.0 2000 OK")).toBe(false);
  });
});
