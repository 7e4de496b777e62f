// %-escapes (RFC 3261 §19.1.2, §19.1.4). The model keeps every component escaped as written;
// comparison works on a canonical form that decodes each escape exactly once, so
// `v%61lue%25%34%31` is `value%41` and never `valueA` (RFC 4475 §3.1.1.3), and `%00` is just
// another character (RFC 4475 §3.1.1.4).
import { isHex } from "./chars.js";

/** reserved = ";" / "/" / "?" / ":" / "@" / "&" / "=" / "+" / "$" / "," (RFC 2396 §2.2) */
const isReserved = (c: number): boolean =>
  c === 0x3b || c === 0x2f || c === 0x3f || c === 0x3a || c === 0x40 || c === 0x26 || c === 0x3d || c === 0x2b || c === 0x24 || c === 0x2c;

const HEX_UPPER = "0123456789ABCDEF";

/**
 * The canonical form of an escaped component: "Characters other than those in the reserved set
 * are equivalent to their "%" HEX HEX encoding" (§19.1.4), so an escaped visible non-reserved
 * character becomes the character itself; every other escape (reserved characters, "%",
 * controls, space, non-ASCII octets) stays an escape with upper-case hex. A literal "%" never
 * appears unescaped, so the two kinds of output cannot collide.
 */
export const canonicalEscapes = (s: string): string => {
  if (s.indexOf("%") < 0) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && i + 2 < s.length && isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2))) {
      const byte = Number.parseInt(s.slice(i + 1, i + 3), 16);
      out += byte > 0x20 && byte < 0x7f && byte !== 0x25 && !isReserved(byte)
        ? String.fromCharCode(byte)
        : `%${HEX_UPPER[byte >> 4] ?? ""}${HEX_UPPER[byte & 15] ?? ""}`;
      i += 2;
    } else out += s[i] ?? "";
  }
  return out;
};

/**
 * Decodes every "%" HEX HEX escape of `s` once, as octets read back as UTF-8 where they form
 * valid UTF-8 and as single code units otherwise. The result is for display or lookup; it is
 * never fed back to a parser (that would decode twice).
 */
export const unescapeOnce = (s: string): string => {
  if (s.indexOf("%") < 0) return s;
  const bytes: Array<number> = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && i + 2 < s.length && isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2))) {
      bytes.push(Number.parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) bytes.push(c);
    else return decodeUtf8Lenient(bytes) + s.slice(i);
  }
  return decodeUtf8Lenient(bytes);
};

/** The smallest code point each sequence length may encode (shorter forms are overlong). */
const MIN_CODE_POINT: ReadonlyArray<number> = [0, 0x80, 0x800, 0x10000];

/** UTF-8 to a string; an ill-formed sequence decodes its first octet as that code unit. */
const decodeUtf8Lenient = (bytes: ReadonlyArray<number>): string => {
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] ?? 0;
    const n = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    let cp = n === 0 ? b : n === 1 ? b & 0x1f : n === 2 ? b & 0x0f : b & 0x07;
    let ok = n >= 0 && i + n < bytes.length;
    for (let k = 1; ok && k <= n; k++) {
      const cont = bytes[i + k] ?? 0;
      if ((cont & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (cont & 0x3f);
    }
    if (ok && n > 0 && (cp < (MIN_CODE_POINT[n] ?? 0) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (ok) {
      out += String.fromCodePoint(cp);
      i += n + 1;
    } else {
      out += String.fromCharCode(b);
      i += 1;
    }
  }
  return out;
};
