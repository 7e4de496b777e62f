// Comma-separated header values (§7.3.1): a comma splits values only outside quoted strings
// and outside <...>, because both may contain commas (`"Bell, A." <sip:a@b>`,
// `<sip:x?h=a,b>` is illegal unescaped but must not split the value).
import { indexOfIn } from "../uri/chars.js";
import { scanQuoted, skipLws, trimEnd } from "./lex.js";

/**
 * The [start, end) ranges of the comma-separated elements of `s[start, end)`, trimmed of LWS,
 * flattened as [s0, e0, s1, e1, ...]. An unterminated quote or `<` runs to the end of the
 * value, where the element parser reports it.
 */
export const splitRanges = (s: string, start: number, end: number): Array<number> => {
  // Most values are one element: without a comma anywhere there is nothing to split, and a
  // plain search is far cheaper than walking quotes and brackets. Not the native indexOf: the
  // value may sit inside a whole message, and that search would not stop at `end`.
  if (indexOfIn(s, 0x2c, start, end) < 0) {
    const a = skipLws(s, start, end);
    return [a, trimEnd(s, a, end)];
  }
  const out: Array<number> = [];
  let elementStart = start;
  let i = start;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === 0x22) {
      const close = scanQuoted(s, i, end);
      i = close < 0 ? end : close;
    } else if (c === 0x3c) {
      const close = indexOfIn(s, 0x3e, i + 1, end);
      i = close < 0 ? end : close + 1;
    } else if (c === 0x2c) {
      const a = skipLws(s, elementStart, i);
      out.push(a, trimEnd(s, a, i));
      elementStart = i + 1;
      i++;
    } else i++;
  }
  const a = skipLws(s, elementStart, end);
  out.push(a, trimEnd(s, a, end));
  return out;
};

/** Splits a header value at the commas that separate list elements (§7.3.1), trimmed. */
export const splitHeaderValues = (value: string): ReadonlyArray<string> => {
  const r = splitRanges(value, 0, value.length);
  const out: Array<string> = [];
  for (let k = 0; k < r.length; k += 2) out.push(value.slice(r[k], r[k + 1]));
  return out;
};
