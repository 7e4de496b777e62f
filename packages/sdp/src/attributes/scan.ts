// Small char-level scanners shared by the attribute parsers. No regular expressions: each is
// one linear pass, so a hostile line costs at most its length.

/** A writable view of a readonly model type, for building a value in one place before returning it. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Splits on runs of spaces and tabs, dropping empty pieces. */
export const words = (s: string): ReadonlyArray<string> => {
  const out: Array<string> = [];
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9) {
      if (start >= 0) {
        out.push(s.slice(start, i));
        start = -1;
      }
    } else if (start < 0) start = i;
  }
  if (start >= 0) out.push(s.slice(start));
  return out;
};

/** Index of the first space or tab at or after `from`, or -1. */
export const indexOfSpace = (s: string, from: number): number => {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9) return i;
  }
  return -1;
};

/** Index of the first character at or after `from` that is not a space or tab (s.length if none). */
export const skipSpaces = (s: string, from: number): number => {
  let i = from;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9) break;
    i++;
  }
  return i;
};

/** A non-negative decimal integer of at most `maxDigits` digits, or -1 when `s` is not one. */
export const uint = (s: string, maxDigits = 10): number => {
  if (s.length === 0 || s.length > maxDigits) return -1;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
};

/** True when `s` is one or more decimal digits. */
export const isDigits = (s: string): boolean => {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
};

/** digits [ "." digits ]: a non-negative decimal such as ptime's `20` or framerate's `29.97`; NaN otherwise. */
export const decimal = (s: string): number => {
  const dot = s.indexOf(".");
  if (dot < 0) return isDigits(s) && s.length <= 15 ? Number(s) : Number.NaN;
  const whole = s.slice(0, dot);
  const fraction = s.slice(dot + 1);
  return isDigits(whole) && isDigits(fraction) && s.length <= 15 ? Number(s) : Number.NaN;
};

/** True when `s` has no space, tab, CR or LF, and is not empty: a single SDP field. */
export const isField = (s: string): boolean => {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13 || c === 10 || c === 0) return false;
  }
  return true;
};
