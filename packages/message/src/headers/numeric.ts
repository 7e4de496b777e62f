// Numeric headers: Expires (§20.19), Min-Expires (§20.23), Max-Forwards (§20.22),
// Content-Length (§20.14), CSeq (§20.16), RSeq and RAck (RFC 3262 §7), Session-Expires and
// Min-SE (RFC 4028 §4, §5), Retry-After (§20.33), Timestamp (§20.38). Every number is a
// 32-bit unsigned decimal; larger values are errors (RFC 4475 §3.1.2.4, §3.1.2.5).
import type { Method } from "../brand.js";
import type { CSeq, Param } from "../model.js";
import { fail, isFail, type Fail } from "../uri/error.js";
import { scanCSeq, printCSeq } from "./cseq.js";
import { defineHeader, type HeaderDef, type Scan } from "./def.js";
import { isLws, scanToken, skipLws } from "./lex.js";
import { printParams, scanParams } from "./params.js";
import { scanUint32 } from "./scalars.js";

const scanDigitsEnd = (s: string, i: number, end: number): number => {
  while (i < end && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
  return i;
};

const scanNumber: Scan<number> = (s, start, end) => scanUint32(s, start, end);
const printNumber = (n: number): string => String(n);

const UINT32_MAX = 4294967295;

/**
 * delta-seconds = 1*DIGIT, saturating: §10.2.1.1 lets an implementation "treat values larger
 * than 2**32-1 (4294967295 seconds or 136 years) as equivalent to 2**32-1", and the Contact's
 * `expires` parameter is read the same way (`deltaSecondsOf`), so `Expires: 4294967296` and
 * `;expires=4294967296` mean the same thing and neither is a 400.
 */
export const scanDeltaSeconds: Scan<number> = (s, start, end) => {
  if (start >= end) return fail("expected a number", start);
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return fail("expected a decimal digit", i);
    if (value < UINT32_MAX) value = Math.min(UINT32_MAX, value * 10 + (c - 0x30));
  }
  return value;
};

/** A delta-seconds text (a Contact's `expires` parameter) read as scanDeltaSeconds reads Expires; undefined when not 1*DIGIT. */
export const deltaSecondsOf = (text: string): number | undefined => {
  const r = scanDeltaSeconds(text, 0, text.length);
  return isFail(r) ? undefined : r;
};

/** Expires = "Expires" HCOLON delta-seconds (§20.19), saturating at 2**32-1 (§10.2.1.1). */
export const expiresHeader: HeaderDef<number> = defineHeader({ name: "Expires", list: false, scan: scanDeltaSeconds, print: printNumber });
/** The Min-Expires header (RFC 3261 §20.23). */
export const minExpiresHeader: HeaderDef<number> = defineHeader({ name: "Min-Expires", list: false, scan: scanNumber, print: printNumber });
/** The Max-Forwards header (RFC 3261 §20.22). */
export const maxForwardsHeader: HeaderDef<number> = defineHeader({ name: "Max-Forwards", list: false, scan: scanNumber, print: printNumber });
/** The Content-Length header (RFC 3261 §20.14, compact `l`). */
export const contentLengthHeader: HeaderDef<number> = defineHeader({ name: "Content-Length", compact: "l", list: false, scan: scanNumber, print: printNumber });
/** The CSeq header (RFC 3261 §20.16). */
export const cseqHeader: HeaderDef<CSeq> = defineHeader({ name: "CSeq", list: false, scan: scanCSeq, print: printCSeq });

/** RSeq = "RSeq" HCOLON response-num; response-num = 1*DIGIT, 1 to 2**32-1 (RFC 3262 §3, §7.1). */
export const rseqHeader: HeaderDef<number> = defineHeader({
  name: "RSeq",
  list: false,
  scan: (s, start, end) => {
    const n = scanUint32(s, start, end);
    return n === 0 ? fail("RSeq must be between 1 and 2**32-1 (RFC 3262 §3)", start) : n;
  },
  print: printNumber,
});

/** RAck = "RAck" HCOLON response-num LWS CSeq-num LWS Method (RFC 3262 §7.2). */
export interface RAck {
  readonly rseq: number;
  readonly cseq: number;
  readonly method: Method;
}

const scanNumberThenLws = (s: string, i: number, end: number): readonly [number, number] | Fail => {
  const e = scanDigitsEnd(s, i, end);
  const n = scanUint32(s, i, e);
  if (isFail(n)) return n;
  if (e >= end || !isLws(s.charCodeAt(e))) return fail("expected LWS after the number", e);
  return [n, skipLws(s, e, end)];
};

/** The RAck header (RFC 3262 §7.2). */
export const rackHeader: HeaderDef<RAck> = defineHeader({
  name: "RAck",
  list: false,
  scan: (s, start, end) => {
    const a = scanNumberThenLws(s, start, end);
    if (isFail(a)) return a;
    const b = scanNumberThenLws(s, a[1], end);
    if (isFail(b)) return b;
    const m = b[1];
    const me = scanToken(s, m, end);
    if (me === m || me !== end) return fail("expected a method token", me);
    return { rseq: a[0], cseq: b[0], method: s.slice(m, end) as Method };
  },
  print: (r) => `${r.rseq} ${r.cseq} ${r.method}`,
});

/** A delta-seconds value with parameters: Session-Expires (refresher), Min-SE (RFC 4028). */
export interface DeltaWithParams {
  readonly deltaSeconds: number;
  readonly params: ReadonlyArray<Param>;
}

const scanDeltaWithParams: Scan<DeltaWithParams> = (s, start, end) => {
  const e = scanDigitsEnd(s, start, end);
  const n = scanUint32(s, start, e);
  if (isFail(n)) return n;
  const params = scanParams(s, e, end);
  return isFail(params) ? params : { deltaSeconds: n, params };
};
const printDeltaWithParams = (d: DeltaWithParams): string => `${d.deltaSeconds}${printParams(d.params)}`;

/** Session-Expires = ("Session-Expires" / "x") HCOLON delta-seconds *(SEMI se-params) (RFC 4028 §4) */
export const sessionExpiresHeader: HeaderDef<DeltaWithParams> = defineHeader({
  name: "Session-Expires",
  compact: "x",
  list: false,
  scan: scanDeltaWithParams,
  print: printDeltaWithParams,
});
/** Min-SE = "Min-SE" HCOLON delta-seconds *(SEMI generic-param) (RFC 4028 §5) */
export const minSeHeader: HeaderDef<DeltaWithParams> = defineHeader({
  name: "Min-SE",
  list: false,
  scan: scanDeltaWithParams,
  print: printDeltaWithParams,
});

/**
 * comment = LPAREN *(ctext / quoted-pair / comment) RPAREN, nested; the index past the
 * closing parenthesis, or -1 when unbalanced.
 */
export const scanComment = (s: string, i: number, end: number): number => {
  let depth = 0;
  for (let k = i; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x5c) k++;
    else if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return k + 1;
  }
  return -1;
};

/** Retry-After = "Retry-After" HCOLON delta-seconds [ comment ] *( SEMI retry-param ) */
export interface RetryAfter {
  readonly deltaSeconds: number;
  /** As written, parentheses included. */
  readonly comment?: string;
  readonly params: ReadonlyArray<Param>;
}

/** The Retry-After header (RFC 3261 §20.33). */
export const retryAfterHeader: HeaderDef<RetryAfter> = defineHeader<RetryAfter>({
  name: "Retry-After",
  list: false,
  scan: (s, start, end) => {
    const e = scanDigitsEnd(s, start, end);
    const n = scanUint32(s, start, e);
    if (isFail(n)) return n;
    let i = skipLws(s, e, end);
    let comment: string | undefined;
    if (i < end && s.charCodeAt(i) === 0x28) {
      const close = scanComment(s, i, end);
      if (close < 0) return fail("unbalanced comment", i);
      comment = s.slice(i, close);
      i = close;
    }
    const params = scanParams(s, i, end);
    if (isFail(params)) return params;
    return comment === undefined ? { deltaSeconds: n, params } : { deltaSeconds: n, comment, params };
  },
  print: (r) => `${r.deltaSeconds}${r.comment === undefined ? "" : ` ${r.comment}`}${printParams(r.params)}`,
});

/** Timestamp = "Timestamp" HCOLON 1*(DIGIT) [ "." *(DIGIT) ] [ LWS delay ]; the decimals kept as written. */
export interface Timestamp {
  readonly time: string;
  readonly delay?: string;
}

/** 1*(DIGIT) [ "." *(DIGIT) ] from i; the end index, or i when there is no digit. */
const scanDecimal = (s: string, i: number, end: number): number => {
  const e = scanDigitsEnd(s, i, end);
  if (e === i) return i;
  return e < end && s.charCodeAt(e) === 0x2e ? scanDigitsEnd(s, e + 1, end) : e;
};

/** The Timestamp header (RFC 3261 §20.38). */
export const timestampHeader: HeaderDef<Timestamp> = defineHeader<Timestamp>({
  name: "Timestamp",
  list: false,
  scan: (s, start, end) => {
    const e = scanDecimal(s, start, end);
    if (e === start) return fail("expected a decimal time", start);
    if (e === end) return { time: s.slice(start, e) };
    if (!isLws(s.charCodeAt(e))) return fail("unexpected character after the time", e);
    const d = skipLws(s, e, end);
    const de = scanDecimal(s, d, end);
    if (de === d || de !== end) return fail("expected a decimal delay", de);
    return { time: s.slice(start, e), delay: s.slice(d, end) };
  },
  print: (t) => (t.delay === undefined ? t.time : `${t.time} ${t.delay}`),
});
