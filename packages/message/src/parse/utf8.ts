// UTF-8 for the codec. Decoding uses the runtime's WHATWG TextDecoder when there is one (every
// browser, Node, Deno and Bun has it; it is a pure function of its input, but not in the ES
// lib, hence the local declaration): in V8 it is several times faster than any JS loop. The
// hand-written decoder below is the fallback, and it alone reports *where* octets stop being
// UTF-8, so a refused range is decoded again by it. SIP is mostly ASCII, so both directions
// take a fast path when every unit is below 0x80.
import * as E from "fp-ts/lib/Either.js";

interface NativeDecoder {
  decode(input: Uint8Array): string;
}
declare const TextDecoder: (new (label: string, options: { readonly fatal: boolean; readonly ignoreBOM: boolean }) => NativeDecoder) | undefined;

/**
 * Strict like the decoder below (RFC 3629: `fatal` refuses overlong forms, surrogates and code
 * points above U+10FFFF) and keeping a leading U+FEFF as a character (`ignoreBOM`), as it does.
 */
const native: NativeDecoder | undefined = typeof TextDecoder === "function" ? new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }) : undefined;

/** Below this many octets the call into the runtime costs more than the JS loop. */
const NATIVE_FROM = 24;

/** fromCharCode takes its units as arguments: stay well below engines' argument limits. */
const CHUNK = 4096;

const fromUnits = (units: ReadonlyArray<number>): string => {
  let out = "";
  for (let i = 0; i < units.length; i += CHUNK) out += String.fromCharCode(...units.slice(i, i + CHUNK));
  return out;
};

const fcc = String.fromCharCode;

/**
 * `bytes[start, end)` as a string if every octet is ASCII, else undefined. Sixteen units per
 * fromCharCode call measured fastest in V8 (fewer concatenations than one call per octet, no
 * argument-list copy as with `apply`); the ASCII check rides along in the same pass.
 */
const fromAscii = (b: Uint8Array, start: number, end: number): string | undefined => {
  const out: Array<string> = [];
  let seen = 0;
  let i = start;
  for (; i + 16 <= end; i += 16) {
    const c0 = b[i] ?? 0, c1 = b[i + 1] ?? 0, c2 = b[i + 2] ?? 0, c3 = b[i + 3] ?? 0;
    const c4 = b[i + 4] ?? 0, c5 = b[i + 5] ?? 0, c6 = b[i + 6] ?? 0, c7 = b[i + 7] ?? 0;
    const c8 = b[i + 8] ?? 0, c9 = b[i + 9] ?? 0, c10 = b[i + 10] ?? 0, c11 = b[i + 11] ?? 0;
    const c12 = b[i + 12] ?? 0, c13 = b[i + 13] ?? 0, c14 = b[i + 14] ?? 0, c15 = b[i + 15] ?? 0;
    seen |= c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10 | c11 | c12 | c13 | c14 | c15;
    out.push(fcc(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15));
  }
  for (; i < end; i++) {
    const c = b[i] ?? 0;
    seen |= c;
    out.push(fcc(c));
  }
  return seen < 0x80 ? out.join("") : undefined;
};

/**
 * Decodes `bytes[start, end)`. Returns the string, or the offset of the first byte that is not
 * well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
 */
export const decodeUtf8Range = (bytes: Uint8Array, start: number, end: number): string | number => {
  if (native !== undefined && end - start >= NATIVE_FROM) {
    try {
      // A view costs an allocation: a datagram read whole needs none.
      return native.decode(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end));
    } catch {
      // Not UTF-8: the JS decoder below finds the offset of the first bad octet.
    }
  }
  return decodeUtf8RangeJs(bytes, start, end);
};

/** decodeUtf8Range without the runtime's decoder (exported for the test that compares both). */
export const decodeUtf8RangeJs = (bytes: Uint8Array, start: number, end: number): string | number => {
  const ascii = fromAscii(bytes, start, end);
  if (ascii !== undefined) return ascii;
  let i = start;
  while (i < end && (bytes[i] ?? 0) < 0x80) i++;
  const units: Array<number> = [];
  for (let k = start; k < i; k++) units.push(bytes[k] ?? 0);
  while (i < end) {
    const b0 = bytes[i] ?? 0;
    if (b0 < 0x80) {
      units.push(b0);
      i++;
      continue;
    }
    let need: number;
    let cp: number;
    let min: number;
    if (b0 >= 0xc2 && b0 <= 0xdf) [need, cp, min] = [1, b0 & 0x1f, 0x80];
    else if (b0 >= 0xe0 && b0 <= 0xef) [need, cp, min] = [2, b0 & 0x0f, 0x800];
    else if (b0 >= 0xf0 && b0 <= 0xf4) [need, cp, min] = [3, b0 & 0x07, 0x10000];
    else return i;
    if (i + need >= end) return i;
    for (let k = 1; k <= need; k++) {
      const b = bytes[i + k] ?? 0;
      if ((b & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    if (cp >= 0x10000) {
      const v = cp - 0x10000;
      units.push(0xd800 | (v >> 10), 0xdc00 | (v & 0x3ff));
    } else units.push(cp);
    i += need + 1;
  }
  return fromUnits(units);
};

/**
 * `bytes[start, end)` with every octet that does not start a well-formed sequence read as
 * U+FFFD (one per octet), in one linear pass: for framing a section that is not UTF-8 (never
 * for a value the model keeps as valid).
 */
export const decodeUtf8Lossy = (bytes: Uint8Array, start: number, end: number): string => {
  const units: Array<number> = [];
  let i = start;
  while (i < end) {
    const b0 = bytes[i] ?? 0;
    if (b0 < 0x80) {
      units.push(b0);
      i++;
      continue;
    }
    let need = 0;
    let cp = 0;
    let min = 0;
    if (b0 >= 0xc2 && b0 <= 0xdf) [need, cp, min] = [1, b0 & 0x1f, 0x80];
    else if (b0 >= 0xe0 && b0 <= 0xef) [need, cp, min] = [2, b0 & 0x0f, 0x800];
    else if (b0 >= 0xf0 && b0 <= 0xf4) [need, cp, min] = [3, b0 & 0x07, 0x10000];
    let ok = need > 0 && i + need < end;
    for (let k = 1; ok && k <= need; k++) {
      const b = bytes[i + k] ?? 0;
      if ((b & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (b & 0x3f);
    }
    if (!ok || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      units.push(0xfffd);
      i++;
    } else {
      if (cp >= 0x10000) {
        const v = cp - 0x10000;
        units.push(0xd800 | (v >> 10), 0xdc00 | (v & 0x3ff));
      } else units.push(cp);
      i += need + 1;
    }
  }
  return fromUnits(units);
};

/** Where a byte sequence stops being UTF-8. */
export interface Utf8Error {
  readonly _tag: "Utf8Error";
  readonly offset: number;
}

/** Decodes well-formed UTF-8, or says at which offset it is not. */
export const decodeUtf8 = (bytes: Uint8Array): E.Either<Utf8Error, string> => {
  const r = decodeUtf8Range(bytes, 0, bytes.length);
  return typeof r === "string" ? E.right(r) : E.left({ _tag: "Utf8Error", offset: r });
};

/** The code point at `i` and how many UTF-16 units it used; a lone surrogate reads as U+FFFD. */
const codePointAt = (s: string, i: number): number => {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return c;
  if (c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
  }
  return 0xfffd;
};

/** Octets `s` takes in UTF-8: what Content-Length counts (§20.14). */
export const utf8Length = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else {
      const cp = codePointAt(s, i);
      if (cp >= 0x10000) {
        n += 4;
        i++;
      } else n += 3;
    }
  }
  return n;
};

/** Writes `s` as UTF-8 into `out` from `offset` (which must have room); returns the end offset. */
export const encodeUtf8Into = (s: string, out: Uint8Array, offset: number): number => {
  let o = offset;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      out[o++] = c;
      continue;
    }
    if (c < 0x800) {
      out[o++] = 0xc0 | (c >> 6);
      out[o++] = 0x80 | (c & 0x3f);
      continue;
    }
    const cp = codePointAt(s, i);
    if (cp >= 0x10000) {
      out[o++] = 0xf0 | (cp >> 18);
      out[o++] = 0x80 | ((cp >> 12) & 0x3f);
      out[o++] = 0x80 | ((cp >> 6) & 0x3f);
      out[o++] = 0x80 | (cp & 0x3f);
      i++;
    } else {
      out[o++] = 0xe0 | (cp >> 12);
      out[o++] = 0x80 | ((cp >> 6) & 0x3f);
      out[o++] = 0x80 | (cp & 0x3f);
    }
  }
  return o;
};

/** `s` as UTF-8 octets; lone surrogates become U+FFFD as with TextEncoder. */
export const encodeUtf8 = (s: string): Uint8Array => {
  // ASCII fast path: one pass, sized by the string; start over exactly at the first non-ASCII unit.
  const ascii = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      const out = new Uint8Array(i + utf8Length(s.slice(i)));
      out.set(ascii.subarray(0, i));
      encodeUtf8Into(s.slice(i), out, i);
      return out;
    }
    ascii[i] = c;
  }
  return ascii;
};

/** `s[start, end)` as UTF-8 octets, read in place: the same octets as `encodeUtf8(s.slice(start, end))`. */
export const encodeUtf8Range = (s: string, start: number, end: number): Uint8Array => {
  const ascii = new Uint8Array(end - start);
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return encodeUtf8(s.slice(start, end));
    ascii[i - start] = c;
  }
  return ascii;
};
