// The parser's shortcuts must give what the general code gives: shared strings for known
// tokens equal the slices they replace, and a comma-free value splits as the general walk does.
import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { callId } from "../src/brand.js";
import { scanCallId } from "../src/headers/scalars.js";
import { sliceKnown } from "../src/headers/known.js";
import { splitRanges } from "../src/headers/split.js";
import { parseCoreHeaders, scanCoreHeaders } from "../src/headers/core.js";
import { arbCSeq, arbCallId, arbContactValue, arbNameAddr, arbRouteNameAddr, arbToken as arbSipToken, arbUint32, arbVia } from "../src/arbitraries/headers.js";
import { printContact, printNameAddrList } from "../src/headers/contact.js";
import { printCSeq } from "../src/headers/cseq.js";
import { printNameAddr } from "../src/headers/name-addr.js";
import { printViaList } from "../src/headers/via.js";
import { splitHead, startLineOf } from "../src/parse/header-lines.js";
import { parseMessage } from "../src/parse/message.js";
import { defaultLimits } from "../src/parse/limits.js";
import { parseStartLine } from "../src/parse/start-line.js";
import { encodeUtf8, encodeUtf8Range } from "../src/parse/utf8.js";

const KNOWN_SAMPLES = ["Via", "via", "SIP", "2.0", "UDP", "branch", "Branch", "tag", "INVITE", "invite", "Content-Length", "Call-ID", "lr", "v", "x", "rport", "received"];
const arbToken = fc.oneof(fc.constantFrom(...KNOWN_SAMPLES), fc.string({ maxLength: 16 }));

describe("RFC 3261 §7.3.1 shared header tokens", () => {
  test.prop([fc.string({ maxLength: 4 }), arbToken, fc.string({ maxLength: 4 })])("sliceKnown equals slice", (before, token, after) => {
    const s = before + token + after;
    expect(sliceKnown(s, before.length, before.length + token.length)).toBe(token);
  });
  test.prop([fc.string(), fc.nat(), fc.nat()])("sliceKnown equals slice on any range", (s, a, b) => {
    const start = Math.min(a, b) % (s.length + 1);
    const end = Math.min(Math.max(a, b) % (s.length + 1), s.length);
    const from = Math.min(start, end);
    expect(sliceKnown(s, from, end)).toBe(s.slice(from, end));
  });
});

/** The general walk of splitRanges, for comparison with its comma-free shortcut. */
const walk = (s: string): ReadonlyArray<number> => {
  let a = 0;
  let b = s.length;
  const lws = (c: string): boolean => c === " " || c === "\t" || c === "\r" || c === "\n";
  while (a < b && lws(s.charAt(a))) a++;
  while (b > a && lws(s.charAt(b - 1))) b--;
  return [a, b];
};

describe("RFC 3261 §7.3.1 comma-separated values", () => {
  test.prop([fc.string().map((s) => s.replaceAll(",", ""))])("a value without a comma is one trimmed element", (s) => {
    expect(splitRanges(s, 0, s.length)).toStrictEqual(walk(s));
  });
  test.prop([fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })])("a comma past the end of the range does not split it", (s, rest) => {
    const text = `${s.replaceAll(",", "")},${rest}`;
    const end = text.indexOf(",");
    expect(splitRanges(text, 0, end)).toStrictEqual(walk(text.slice(0, end)));
  });
  test("a comma inside <...> or quotes still keeps one element", () => {
    expect(splitRanges('"Bell, A." <sip:a@b>', 0, 20)).toStrictEqual([0, 20]);
    expect(splitRanges("<sip:a@b>, <sip:c@d>", 0, 20)).toStrictEqual([0, 9, 11, 20]);
  });
});

describe("RFC 3261 §25.1 callid = word [ \"@\" word ]", () => {
  const arbCallIdish = fc.stringMatching(/^[a-z0-9@.!%*_+`'~()<>:\\"/[\]?{} -]{0,12}$/);
  test.prop([fc.oneof(arbCallIdish, fc.string({ maxLength: 12 })), fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 })])(
    "the in-place Call-ID scan accepts exactly what the brand constructor accepts",
    (id, before, after) => {
      const s = before + id + after;
      const r = scanCallId(s, before.length, before.length + id.length);
      const brand = callId(id);
      if (E.isRight(brand)) expect(r).toBe(brand.right);
      else expect(r).toMatchObject({ _tag: "Fail", at: before.length });
    },
  );
});

// The message parser reads the start line, the core headers and a string's body where they lie
// in the received text (parse/header-lines.ts, headers/core.ts scanCoreHeaders); the general
// entry points read each value as its own string. Both must give the same values and errors.
const CORE_NAMES = ["Via", "v", "VIA", "From", "f", "To", "t", "Call-ID", "i", "CSeq", "Max-Forwards", "Content-Length", "l", "Contact", "m", "Route", "Record-Route", "X-Other"];

/** A value for a header: mostly well-formed, sometimes SIP-flavoured noise or any text, never a line end. */
const arbValue = (name: string): fc.Arbitrary<string> => {
  const lower = name.toLowerCase();
  const good =
    lower === "via" || lower === "v"
      ? fc.array(arbVia, { minLength: 1, maxLength: 2 }).map(printViaList)
      : lower === "from" || lower === "f" || lower === "to" || lower === "t"
        ? arbNameAddr.map(printNameAddr)
        : lower === "contact" || lower === "m"
          ? fc.array(arbContactValue, { minLength: 1, maxLength: 2 }).map(printContact)
          : lower === "route" || lower === "record-route"
            ? fc.array(arbRouteNameAddr, { minLength: 1, maxLength: 2 }).map(printNameAddrList)
            : lower === "cseq"
              ? arbCSeq.map(printCSeq)
              : lower === "call-id" || lower === "i"
                ? arbCallId
                : fc.oneof(arbUint32.map(String), arbSipToken);
  const noise = fc.string({ unit: fc.constantFrom("<", ">", ";", ":", "=", ",", "@", '"', "\\", " ", "\t", "a", "b", "z", "0", "9", ".", "[", "]", "/", "?", "%"), maxLength: 24 });
  return fc.oneof({ weight: 4, arbitrary: good }, { weight: 1, arbitrary: noise }, { weight: 1, arbitrary: fc.string({ maxLength: 24 }) }).map((v) => v.replace(/[\r\n]/g, " "));
};

const arbField = fc.constantFrom(...CORE_NAMES).chain((name) => fc.tuple(fc.constant(name), arbValue(name), fc.constantFrom("", " ", "\t ", "  "), fc.constantFrom("", " ", "\t"), fc.boolean()));

/** A header section as a peer might send it: odd spacing, bare LFs, a folded line now and then, text after it. */
const arbSection = fc
  .tuple(
    fc.constantFrom("", "\r\n", "\n\r\n"),
    fc.constantFrom("INVITE sip:bob@biloxi.example.com SIP/2.0", "SIP/2.0 200 OK", "BYE  sip:x@y;lr  SIP/2.0 ", "SIP/2.0 18 Short", "BAD LINE", "SIP/2.0 200 ", ""),
    fc.array(arbField, { maxLength: 10 }),
    fc.constantFrom("\r\n", "\n"),
    fc.string({ maxLength: 12 }),
  )
  .map(([lead, startLine, fields, eol, after]) => {
    const lines = fields.map(([name, value, before, trailing, fold]) => {
      const cut = value.indexOf(" ", 1);
      // §7.3.1 folding: a value may continue on the next line after SP or HTAB.
      const body = fold && cut > 0 ? `${value.slice(0, cut)}${eol} ${value.slice(cut + 1)}` : value;
      return `${name}:${before}${body}${trailing}`;
    });
    const head = [startLine, ...lines].join(eol);
    return { text: `${lead}${head}${eol}${eol}${after}`, from: lead.length, to: lead.length + head.length };
  });

describe("RFC 3261 §7.3.1 header fields read in place", () => {
  test.prop([arbSection])("each value recorded in place is exactly the field's value", ({ text, from, to }) => {
    const split = splitHead(text, from, to, defaultLimits, 0);
    if (split._tag === "ParseError") return;
    expect(split.valueRanges.length).toBe(2 * split.headers.length);
    split.headers.forEach((h, k) => {
      const a = split.valueRanges[2 * k] ?? -2;
      const b = split.valueRanges[2 * k + 1] ?? -2;
      if (a >= 0) expect(text.slice(a, b)).toBe(h.value);
      else expect([a, b]).toStrictEqual([-1, -1]);
    });
  });
  test.prop([arbSection])("core headers scanned in the text equal parseCoreHeaders on the fields, errors included", ({ text, from, to }) => {
    const split = splitHead(text, from, to, defaultLimits, 0);
    if (split._tag === "ParseError") return;
    expect(scanCoreHeaders(split.headers, split.text, split.valueRanges)).toStrictEqual(parseCoreHeaders(split.headers));
  });
  test.prop([arbSection])("the start line scanned in the text equals the start line scanned alone", ({ text, from, to }) => {
    const split = splitHead(text, from, to, defaultLimits, 0);
    if (split._tag === "ParseError") return;
    expect(parseStartLine(split.text, split.lineStart, split.lineEnd)).toStrictEqual(parseStartLine(startLineOf(split)));
  });
  test.prop([fc.string(), fc.string(), fc.string()])("a start line read in place ignores the text around it", (before, line, after) => {
    const clean = line.replace(/[\r\n]/g, "");
    const s = before + clean + after;
    expect(parseStartLine(s, before.length, before.length + clean.length)).toStrictEqual(parseStartLine(clean));
  });
  test.prop([arbSection])("a string and its octets parse to the same message", ({ text }) => {
    const bytes = encodeUtf8(text);
    const fromText = parseMessage(text);
    const fromBytes = parseMessage(bytes);
    expect(E.isRight(fromText)).toBe(E.isRight(fromBytes));
    if (E.isRight(fromText) && E.isRight(fromBytes)) expect(fromBytes.right).toStrictEqual(fromText.right);
    if (E.isLeft(fromText) && E.isLeft(fromBytes) && text === String.fromCharCode(...bytes)) expect(fromBytes.left).toStrictEqual(fromText.left);
  });
});

describe("RFC 3261 §20.14 a string's body as octets", () => {
  test.prop([fc.string({ maxLength: 8 }), fc.string({ unit: "binary", maxLength: 40 }), fc.string({ maxLength: 8 })])("encodeUtf8Range equals encodeUtf8 of the slice", (before, body, after) => {
    const s = before + body + after;
    expect(encodeUtf8Range(s, before.length, before.length + body.length)).toStrictEqual(encodeUtf8(body));
  });
});

describe("shared empty lists", () => {
  test.prop([arbSection])("a message's empty lists cannot be added to", ({ text }) => {
    const r = parseMessage(text);
    if (E.isLeft(r)) return;
    for (const list of [r.right.core.contact, r.right.core.route, r.right.core.recordRoute, ...r.right.core.via.map((v) => v.params)]) {
      if (list.length === 0) expect(() => (list as Array<unknown>).push(1)).toThrow(TypeError);
    }
  });
});
