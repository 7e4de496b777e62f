// Single-value scalar headers: Call-ID (§20.8), Max-Forwards (§20.22), Content-Length (§20.14),
// and the 32-bit decimal they share. RFC 4475 §3.1.2.4 and §3.1.2.3: an overlarge or negative
// number is an error value, never a wrapped or truncated number.
import * as E from "fp-ts/lib/Either.js";
import type { CallId } from "../brand.js";
import { isWordChar } from "../charset.js";
import { fail, type Fail } from "../uri/error.js";
import { headerError, type HeaderError } from "./error.js";
import { skipLws, trimEnd } from "./lex.js";

/** The largest value of a 32-bit field (CSeq, RSeq: RFC 3261 §8.1.1.5 "MUST be expressible as a 32-bit unsigned integer"). */
export const UINT32_MAX = 4294967295;

/** 1*DIGIT in `s[start, end)` as a number at most UINT32_MAX (leading zeros allowed, §7.3.1). */
export const scanUint32 = (s: string, start: number, end: number): number | Fail => {
  if (start >= end) return fail("expected a number", start);
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return fail("expected a decimal digit", i);
    value = value * 10 + (c - 0x30);
    if (value > UINT32_MAX) return fail("number larger than 2**32-1", start);
  }
  return value;
};

const uint32Header =
  (header: string) =>
  (value: string): E.Either<HeaderError, number> => {
    const a = skipLws(value, 0, value.length);
    const r = scanUint32(value, a, trimEnd(value, a, value.length));
    return typeof r === "number" ? E.right(r) : E.left(headerError(header, value, r));
  };

/** Max-Forwards = 1*DIGIT (§20.22), at most 2**32-1. */
export const parseMaxForwards: (value: string) => E.Either<HeaderError, number> = uint32Header("Max-Forwards");
/** Content-Length = 1*DIGIT (§20.14), at most 2**32-1. */
export const parseContentLength: (value: string) => E.Either<HeaderError, number> = uint32Header("Content-Length");

/** callid = word [ "@" word ] (§25.1) filling `s[start, end)`; checked in one pass in place, sliced once. */
export const scanCallId = (s: string, start: number, end: number): CallId | Fail => {
  // "@" is not a word character: the first one, after a non-empty word, splits the two words.
  let at = -1;
  let ok = start < end;
  for (let i = start; ok && i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x40 && at < 0 && i > start) at = i;
    else ok = isWordChar(c);
  }
  if (!ok || at === end - 1) return fail('expected word [ "@" word ]', start);
  // The same check as the brand's constructor (brand.ts callId), so the cast is sound.
  return (start === 0 && end === s.length ? s : s.slice(start, end)) as CallId;
};

/** Call-ID = callid (§20.8); surrounding LWS is dropped. */
export const parseCallId = (value: string): E.Either<HeaderError, CallId> => {
  const a = skipLws(value, 0, value.length);
  const r = scanCallId(value, a, trimEnd(value, a, value.length));
  return typeof r === "string" ? E.right(r) : E.left(headerError("Call-ID", value, r));
};

/** Prints a 32-bit unsigned value in decimal. */
export const printUint32 = (n: number): string => String(n);
/** Prints a Call-ID. */
export const printCallId = (id: CallId): string => id;
