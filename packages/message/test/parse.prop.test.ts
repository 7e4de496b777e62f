import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect } from "vitest";
import { arbMessage } from "../src/arbitraries/index.js";
import type { SipMessage } from "../src/index.js";
import { decodeUtf8Range, decodeUtf8RangeJs } from "../src/parse/utf8.js";
import { COMPACT_FORMS, compactForm, decodeUtf8, encodeUtf8, parseMessage, serializeMessage, utf8Length } from "../src/index.js";

const dir = fileURLToPath(new URL("../../../../shared/corpus/rfc4475/", import.meta.url));
const corpus = readdirSync(dir)
  .filter((f) => f.endsWith(".dat"))
  .map((f) => new Uint8Array(readFileSync(dir + f)));

const isEither = (r: unknown): boolean => E.isLeft(r as E.Either<unknown, unknown>) || E.isRight(r as E.Either<unknown, unknown>);

describe("parseMessage never throws (RFC 3261 §18.3: malformed input gives an answer, not a crash)", () => {
  test.prop([fc.uint8Array({ maxLength: 2048 })])("arbitrary bytes", (bytes) => {
    expect(isEither(parseMessage(bytes))).toBe(true);
  });
  test.prop([fc.string({ unit: "binary", maxLength: 512 })])("arbitrary strings", (s) => {
    expect(isEither(parseMessage(s))).toBe(true);
  });
  test.prop([fc.constantFrom(...corpus), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 8 })])(
    "torture messages with random bytes overwritten",
    (bytes, edits) => {
      const copy = bytes.slice();
      for (const [at, b] of edits) copy[at % copy.length] = b;
      expect(isEither(parseMessage(copy))).toBe(true);
    },
  );
  test.prop([fc.constantFrom(...corpus), fc.nat()])("torture messages cut anywhere", (bytes, at) => {
    expect(isEither(parseMessage(bytes.subarray(0, at % (bytes.length + 1))))).toBe(true);
  });
});

/** Swaps each header name between its long and compact forms (§7.3.3) where it has both. */
const swapForms = (m: SipMessage): SipMessage => ({
  ...m,
  headers: m.headers.map((h) => {
    const full = COMPACT_FORMS[h.name.toLowerCase()];
    if (h.name.length === 1 && full !== undefined) return { ...h, name: full };
    const short = compactForm(h.name);
    return short === undefined ? h : { ...h, name: short };
  }),
});

describe("RFC 3261 §7.3.3 compact forms", () => {
  test.prop([arbMessage])("compact and long header names parse alike", (m) => {
    const long = parseMessage(serializeMessage(m));
    const swapped = parseMessage(serializeMessage(swapForms(m)));
    expect(E.isRight(long) && E.isRight(swapped)).toBe(true);
    if (E.isRight(long) && E.isRight(swapped)) {
      expect(swapped.right.core).toStrictEqual(long.right.core);
      expect(swapped.right.headers.map((h) => h.value)).toStrictEqual(long.right.headers.map((h) => h.value));
    }
  });
});

describe("RFC 3261 §20.14 Content-Length counts octets", () => {
  test.prop([fc.string({ unit: "grapheme", maxLength: 40 })])("multi-byte UTF-8 bodies frame exactly, from a string or bytes", (body) => {
    const text = `MESSAGE sip:a@b SIP/2.0\r\nContent-Length: ${utf8Length(body)}\r\n\r\n${body}trailing octets`;
    const expected = new TextEncoder().encode(body);
    for (const input of [text, encodeUtf8(text)]) {
      const r = parseMessage(input);
      expect(E.isRight(r) && r.right.body).toStrictEqual(expected);
    }
  });
});

describe("RFC 3629 UTF-8 agrees with the platform's codec", () => {
  const fatal = new TextDecoder("utf-8", { fatal: true });
  /** The platform's strict reading: the text, or undefined where it refuses the octets. */
  const platform = (bytes: Uint8Array): string | undefined => {
    try {
      return fatal.decode(bytes);
    } catch {
      return undefined;
    }
  };
  const arbOctets = (max: number) => fc.oneof(fc.uint8Array({ maxLength: max }), fc.string({ unit: "binary", maxLength: max / 2 }).map((s) => new TextEncoder().encode(s)));
  test.prop([arbOctets(64)])("decodeUtf8 accepts exactly what a fatal TextDecoder accepts, with the same text", (bytes) => {
    const r = decodeUtf8(bytes);
    expect(E.isRight(r) ? r.right : undefined).toBe(platform(bytes));
  });
  // decodeUtf8 hands long ranges to the runtime's decoder: the JS fallback must agree with it,
  // and both must report the same first bad octet (the JS decoder finds it for both).
  test.prop([arbOctets(80)])("the JS fallback decoder gives what a fatal TextDecoder gives, on short and long ranges", (bytes) => {
    const js = decodeUtf8RangeJs(bytes, 0, bytes.length);
    expect(typeof js === "string" ? js : undefined).toBe(platform(bytes));
    expect(decodeUtf8Range(bytes, 0, bytes.length)).toBe(js);
  });
  test.prop([fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 32 })])(
    "encodeUtf8 and utf8Length match TextEncoder, lone surrogates included",
    (s) => {
      const expected = new TextEncoder().encode(s);
      expect(encodeUtf8(s)).toStrictEqual(expected);
      expect(utf8Length(s)).toBe(expected.length);
    },
  );
});
