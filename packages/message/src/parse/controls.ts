// §25.1: a header value is TEXT-UTF8char (%x21-7E / UTF8-NONASCII) and LWS, or quoted strings
// of the same: no control character but HTAB, and CR and LF only as a line end (CRLF, or the
// bare LF header-lines.ts accepts; the section's last CR ends its last line). quoted-pair ("\"
// then any octet but CR and LF) may carry a control, and RFC 4475 §3.1.1.2 intmeth does: a
// control right after a backslash is left to the header's own scanner.
// Two loops, not a regular expression: V8 runs a character-class search at about 3 ns a unit,
// these at about 1 (octets) and 2 (string), and every octet of a header section passes here.

/** A control character found in a header section: where (as an index of the input) and which. */
export interface Control {
  readonly _tag: "Control";
  readonly at: number;
  readonly code: number;
}

/**
 * Why a header section that splits into fields is still refused, found before it was split:
 * a control character, or (the stream framer) an octet that starts no UTF-8 sequence.
 */
export type Refusal = Control | { readonly _tag: "NotUtf8"; readonly at: number };

const allowedAt = (code: number, next: number, prev: number): boolean =>
  code === 0x09 || code === 0x0a || (code === 0x0d ? next === 0x0a || next < 0 : prev === 0x5c);

/** The first control character §25.1 refuses in `bytes[from, to)`, or undefined. */
export const controlInOctets = (bytes: Uint8Array, from: number, to: number): Control | undefined => {
  for (let i = from; i < to; i++) {
    const c = bytes[i] ?? 0;
    // One unsigned compare sends only controls, DEL and non-ASCII octets off the fast path.
    if ((c - 0x20) >>> 0 > 0x5e && (c < 0x20 || c === 0x7f) && !allowedAt(c, i + 1 < to ? (bytes[i + 1] ?? 0) : -1, i > from ? (bytes[i - 1] ?? 0) : -1)) return { _tag: "Control", at: i, code: c };
  }
  return undefined;
};

/** The first control character §25.1 refuses in `text[from, to)`, or undefined. */
export const controlInText = (text: string, from: number, to: number): Control | undefined => {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if ((c - 0x20) >>> 0 > 0x5e && (c < 0x20 || c === 0x7f) && !allowedAt(c, i + 1 < to ? text.charCodeAt(i + 1) : -1, i > from ? text.charCodeAt(i - 1) : -1)) return { _tag: "Control", at: i, code: c };
  }
  return undefined;
};

/** Where the header fields start: just past the start line's LF (or `to` when there is none). */
export const fieldsStartOctets = (bytes: Uint8Array, from: number, to: number): number => {
  const lf = bytes.indexOf(0x0a, from);
  return lf < 0 || lf >= to ? to : lf + 1;
};

export const fieldsStartText = (text: string, from: number, to: number): number => {
  const lf = text.indexOf("\n", from);
  return lf < 0 || lf >= to ? to : lf + 1;
};
