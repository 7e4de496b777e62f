// CSeq = "CSeq" HCOLON 1*DIGIT LWS Method (§20.16). The number must fit 32 bits
// (§8.1.1.5: "The sequence number value MUST be expressible as a 32-bit unsigned integer").
import * as E from "fp-ts/lib/Either.js";
import type { Method } from "../brand.js";
import type { CSeq } from "../model.js";
import { fail, isFail, type Fail } from "../uri/error.js";
import { headerError, type HeaderError } from "./error.js";
import { sliceKnown } from "./known.js";
import { isLws, scanToken, skipLws, trimEnd } from "./lex.js";
import { scanUint32 } from "./scalars.js";

export const scanCSeq = (s: string, start: number, end: number): CSeq | Fail => {
  const a = skipLws(s, start, end);
  end = trimEnd(s, a, end);
  let i = a;
  while (i < end && !isLws(s.charCodeAt(i))) i++;
  const seq = scanUint32(s, a, i);
  if (typeof seq !== "number") return seq;
  if (i >= end) return fail("expected LWS and the method after the sequence number", i);
  const m = skipLws(s, i, end);
  const methodEnd = scanToken(s, m, end);
  if (methodEnd === m || methodEnd !== end) return fail("expected a method token", methodEnd === m ? m : methodEnd);
  return { seq, method: sliceKnown(s, m, end) as Method };
};

/** Parses a CSeq value (RFC 3261 §20.16): a sequence number below 2**32 and a method. */
export const parseCSeq = (value: string): E.Either<HeaderError, CSeq> => {
  const r = scanCSeq(value, 0, value.length);
  return isFail(r) ? E.left(headerError("CSeq", value, r)) : E.right(r);
};

/** Prints a CSeq value. */
export const printCSeq = (c: CSeq): string => `${c.seq} ${c.method}`;
