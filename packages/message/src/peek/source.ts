// The received message as peekMessage reads it: octets or a string behind one small interface,
// so the scan is written once. Only the short values peekMessage returns are ever decoded.
import { decodeUtf8Range } from "../parse/utf8.js";

export interface Source {
  /** The input itself when it is a string: then offsets are string indices, scanned in place. */
  readonly input: string | undefined;
  readonly length: number;
  /** The unit at `i` (an octet or a UTF-16 unit); NaN past the end, never throws. */
  readonly at: (i: number) => number;
  /** The first LF at or after `from`, or -1. */
  readonly lf: (from: number) => number;
  /** How many UTF-16 units `[start, end)` decodes to (what parseMessage's limits count). */
  readonly units: (start: number, end: number) => number;
  /** `[start, end)` as a string, or the offset of the first octet that is not UTF-8. */
  readonly text: (start: number, end: number) => string | number;
}

const fcc = String.fromCharCode;

/**
 * Short ranges are values like a Call-ID or a Via: one fromCharCode per octet beats building
 * chunks; a non-ASCII octet hands the range to the exact decoder.
 */
const decode = (bytes: Uint8Array, start: number, end: number): string | number => {
  if (end - start > 64) return decodeUtf8Range(bytes, start, end);
  let out = "";
  for (let i = start; i < end; i++) {
    const c = bytes[i] ?? 0;
    if (c >= 0x80) return decodeUtf8Range(bytes, start, end);
    out += fcc(c);
  }
  return out;
};

/** UTF-16 units of UTF-8 octets: one per lead octet, two for a 4-octet sequence. */
const unitsOf = (bytes: Uint8Array, start: number, end: number): number => {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i] ?? 0;
    if (c < 0x80 || c >= 0xc0) n += c >= 0xf0 ? 2 : 1;
  }
  return n;
};

export const bytesSource = (bytes: Uint8Array): Source => ({
  input: undefined,
  length: bytes.length,
  at: (i) => bytes[i] ?? Number.NaN,
  lf: (from) => bytes.indexOf(0x0a, from),
  units: (start, end) => unitsOf(bytes, start, end),
  text: (start, end) => decode(bytes, start, end),
});

export const stringSource = (s: string): Source => ({
  input: s,
  length: s.length,
  at: (i) => s.charCodeAt(i),
  lf: (from) => s.indexOf("\n", from),
  units: (start, end) => end - start,
  text: (start, end) => s.slice(start, end),
});
