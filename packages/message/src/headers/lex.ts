// The lexical pieces of RFC 3261 §25.1 that every header grammar shares: LWS, quoted-string,
// token. Values arrive unfolded (§7.3.1), but a stray CRLF followed by whitespace is still
// treated as LWS so a caller that kept folding loses nothing.
import { isTokenChar } from "../charset.js";

/** SP / HTAB / CR / LF: the characters of (S)LWS after folding. */
export const isLws = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

export const skipLws = (s: string, i: number, end: number): number => {
  while (i < end && isLws(s.charCodeAt(i))) i++;
  return i;
};

/** The end of `s[start, end)` with trailing LWS removed. */
export const trimEnd = (s: string, start: number, end: number): number => {
  while (end > start && isLws(s.charCodeAt(end - 1))) end--;
  return end;
};

/**
 * `s` holds `lit` at `i`, compared in place: `startsWith` is a call into the runtime, which costs
 * more than these few reads. Past the end `charCodeAt` gives NaN, which equals nothing.
 */
export const startsAt = (s: string, i: number, lit: string): boolean => {
  for (let k = 0; k < lit.length; k++) if (s.charCodeAt(i + k) !== lit.charCodeAt(k)) return false;
  return true;
};

export const scanToken = (s: string, i: number, end: number): number => {
  while (i < end && isTokenChar(s.charCodeAt(i))) i++;
  return i;
};

/**
 * quoted-string = DQUOTE *(qdtext / quoted-pair ) DQUOTE, starting at the opening quote.
 * Returns the index just past the closing quote, or -1 when it is unterminated
 * (RFC 4475 §3.1.2.6) or a quoted-pair escapes CR or LF.
 */
export const scanQuoted = (s: string, i: number, end: number): number => {
  for (let k = i + 1; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x22) return k + 1;
    if (c === 0x5c) {
      const next = s.charCodeAt(k + 1);
      if (k + 1 >= end || next === 0x0d || next === 0x0a) return -1;
      k++;
    }
  }
  return -1;
};
