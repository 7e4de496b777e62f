// Content-Length as the framer reads it (§18.3, §20.14), before any other header is parsed:
// the body's size must be known to find where the message ends.
import { isDigit } from "../charset.js";
import { equalsIgnoreCase } from "../uri/chars.js";
import type { HeaderField } from "../model.js";

/** True for "Content-Length" or its compact form "l" (§7.3.3), in any case. */
export const isContentLengthName = (name: string): boolean => {
  if (name.length === 1) return (name.charCodeAt(0) | 0x20) === 0x6c;
  // The parser shares the name as RFC 3261 writes it (headers/known.ts): identity answers at once.
  return name === "Content-Length" || equalsIgnoreCase(name, 0, name.length, "content-length");
};

export type ContentLength =
  | { readonly _tag: "Absent" }
  | { readonly _tag: "Length"; readonly value: number }
  | { readonly _tag: "Invalid"; readonly detail: string };

const ABSENT: ContentLength = { _tag: "Absent" };

/** Beyond this the value cannot index anything; it is reported, never used (RFC 4475 §3.1.2.3). */
const TOO_BIG = 2 ** 53;

const digits = (value: string): number => {
  if (value.length === 0) return -1;
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!isDigit(c)) return -1;
    n = n * 10 + (c - 48);
    if (n >= TOO_BIG) return TOO_BIG;
  }
  return n;
};

/**
 * The body length the header section declares. Repeated fields with one value frame alike
 * (validateMessage still reports the repetition); different values cannot frame the message
 * (RFC 4475 §3.3.9), nor can anything but 1*DIGIT (§3.1.2.3, a negative length).
 */
export const contentLengthOf = (headers: ReadonlyArray<HeaderField>): ContentLength => {
  let found = -1;
  for (const h of headers) {
    if (!isContentLengthName(h.name)) continue;
    const n = digits(h.value);
    if (n < 0) return { _tag: "Invalid", detail: `Content-Length ${JSON.stringify(h.value)} is not 1*DIGIT (§20.14)` };
    if (found >= 0 && n !== found) return { _tag: "Invalid", detail: `two different Content-Length values (${found} and ${h.value}) cannot frame the message` };
    found = n;
  }
  return found < 0 ? ABSENT : { _tag: "Length", value: found };
};
