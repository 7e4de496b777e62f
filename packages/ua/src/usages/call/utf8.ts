// UTF-8 for SDP bodies. The pure lib has no TextEncoder/TextDecoder, and SDP text may carry
// UTF-8 (RFC 8866 §5: "a=charset" defaults to UTF-8), so this is the plain algorithm.

export const utf8Bytes = (s: string): Uint8Array => {
  const out: Array<number> = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
};

/** The text of UTF-8 bytes; undefined when they are not well-formed UTF-8. */
export const utf8Text = (bytes: Uint8Array): string | undefined => {
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] ?? 0;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0 || i + need > bytes.length - 1) return undefined;
    let c = need === 0 ? b : b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const n = bytes[i + k] ?? 0;
      if ((n & 0xc0) !== 0x80) return undefined;
      c = (c << 6) | (n & 0x3f);
    }
    if ((need === 2 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) || (need === 3 && (c < 0x10000 || c > 0x10ffff))) return undefined;
    out += String.fromCodePoint(c);
    i += need + 1;
  }
  return out;
};
