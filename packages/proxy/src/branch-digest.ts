// A short, stable digest of a request's fields, for the parts of a branch that must be the same
// every time the same request passes (RFC 5393 §4.2.1's loop-detection "second part", §16.11's
// stateless branch). Neither needs secrecy: two 32-bit FNV-1a digests with different offsets,
// 64 bits, as 16 lower-case hex digits (a branch is a token, and keys compare it lower-cased).
const fnv1a = (text: string, basis: number): number => {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h = (h ^ text.charCodeAt(i)) >>> 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
};

const hex8 = (n: number): string => n.toString(16).padStart(8, "0");

/** 16 hex digits that depend on every part, in order (parts are separated, so ["ab","c"] ≠ ["a","bc"]). */
export const digest = (parts: ReadonlyArray<string>): string => {
  const text = parts.join("\u0000");
  return hex8(fnv1a(text, 0x811c9dc5)) + hex8(fnv1a(text, 0x050c5d1f));
};
